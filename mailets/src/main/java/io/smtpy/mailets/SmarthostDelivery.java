package io.smtpy.mailets;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.util.DurationParser;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;
import io.smtpy.sending.pools.SourcePools;
import io.smtpy.sending.relay.DomainRelay;
import io.smtpy.sending.relay.DomainRelays;
import io.smtpy.sending.relay.RelayAttempt;
import io.smtpy.sending.relay.RelayRetrySchedule;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Per-domain outbound relays (smarthosts): a copy of an smtpy domain whose relay carries it ({@link DomainRelays#carrying}:
 * enabled, and scope {@code all}, or {@code outbound} and the copy was submitted) is taken from the {@code relay}
 * processor into a durable queue of its own, and sent from there to the domain's relay instead of the recipients' MX.
 * Other mail goes on to RemoteDelivery untouched. James's RemoteDelivery takes one {@code <gateway>} from its XML, so a
 * relay per domain needs this mailet; it follows RemoteDelivery's model (a queue from the same {@code MailQueueFactory},
 * consumers started in {@code init}, the same parameters and outcomes):
 * <ul>
 *   <li>delivered: the copy goes to {@code onSuccess} ({@code delivered}: a delivered event);</li>
 *   <li>failed for now (unreachable, TLS, AUTH refused — a wrong password —, {@code 4xx}): a {@code deferred} event per
 *       alias with the relay's reply, and the copy back into the queue after the schedule's delay;</li>
 *   <li>failed for good ({@code 5xx} to the envelope or the message), or out of retries: to {@code bounceProcessor}
 *       with {@code delivery-error} (the reply) and {@code is-delivery-permanent-error}, as RemoteDelivery does;</li>
 *   <li>the domain's relay removed or disabled while the copy waited: the copy goes to RemoteDelivery's queue
 *       ({@code remoteDeliveryQueue}) as it is, signed already, to its MX; to its source-address pool address's queue
 *       ({@code outgoing-<pool>-<n>}, {@link SourceAddressChoice}) instead when it has one and that queue exists.</li>
 * </ul>
 * A copy is acknowledged to the queue only after it went one of these ways, so a crash sends it again rather than
 * lose it (the durable queue's at-least-once).
 *
 * <pre>{@code
 * <mailet match="All" class="io.smtpy.mailets.SmarthostDelivery">
 *     <outgoingQueue>smarthost</outgoingQueue>
 *     <remoteDeliveryQueue>outgoing</remoteDeliveryQueue>
 *     <delayTime>2 * 1 minute, 3 * 5 minutes, 4 * 30 minutes, 10 * 2 hours, 16 * 4 hours</delayTime>
 *     <maxRetries>35</maxRetries>
 *     <deliveryThreads>2</deliveryThreads>
 *     <bounceProcessor>bounces</bounceProcessor>
 *     <onSuccess>delivered</onSuccess>
 * </mailet>
 * }</pre>
 * Put it in {@code relay} after {@code SmtpySign} and before RemoteDelivery.
 */
public class SmarthostDelivery extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmarthostDelivery.class);
    /** Attempts made so far (a String, which crosses the durable queue). */
    static final AttributeName ATTEMPTS = AttributeName.of("io.smtpy.relay.attempts");
    static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");
    static final AttributeName IS_DELIVERY_PERMANENT_ERROR = AttributeName.of("is-delivery-permanent-error");
    static final String DEFAULT_DELAYS = "2 * 1 minute, 3 * 5 minutes, 4 * 30 minutes, 10 * 2 hours, 16 * 4 hours";

    private final MailQueueFactory<?> queues;
    private final DomainRelays relays;
    private final RelaySender sender;
    private final MailEvents events;
    private final MailEventFactory eventFactory;
    private final SourcePools pools;
    private MailQueue queue;
    private MailQueue remoteDeliveryQueue;
    private RelayRetrySchedule schedule;
    private String bounceProcessor;
    private String onSuccess;
    private int threads;
    private Scheduler workers;
    private Disposable consumer;

    @Inject
    public SmarthostDelivery(MailQueueFactory<?> queues, DomainRelays relays, RelaySender sender, MailEvents events,
                             SourcePools pools, Clock clock) {
        this.queues = queues;
        this.relays = relays;
        this.sender = sender;
        this.events = events;
        this.pools = pools;
        this.eventFactory = new MailEventFactory(clock);
    }

    @Override
    public void init() throws MessagingException {
        schedule = new RelayRetrySchedule(delays(getInitParameter("delayTime", DEFAULT_DELAYS)),
            positive("maxRetries", 35, true));
        threads = positive("deliveryThreads", 2, false);
        bounceProcessor = getInitParameter("bounceProcessor", "bounces");
        onSuccess = getInitParameter("onSuccess", "delivered");
        queue = queues.createQueue(MailQueueName.of(getInitParameter("outgoingQueue", "smarthost")));
        remoteDeliveryQueue = queues.createQueue(MailQueueName.of(getInitParameter("remoteDeliveryQueue", "outgoing")));
        if (getInitParameter("startConsumers", true)) {
            start();
        }
    }

    private void start() {
        workers = Schedulers.newBoundedElastic(threads, Integer.MAX_VALUE, "smarthost-delivery");
        consumer = Flux.from(queue.deQueue())
            .flatMap(item -> Mono.fromRunnable(() -> process(item)).subscribeOn(workers), threads)
            .onErrorContinue((error, item) -> LOGGER.error("Smarthost delivery failed for an item", error))
            .subscribe();
    }

    @Override
    public void destroy() {
        if (consumer != null) {
            consumer.dispose();
            workers.dispose();
        }
    }

    /** Takes the copy when its domain's relay carries it; leaves other mail to RemoteDelivery. */
    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (domain.isEmpty() || relays.carrying(domain.get(), ForwardingAttributes.submitted(mail)).isEmpty()) {
            return;
        }
        queue.enQueue(mail);
        mail.setState(Mail.GHOST);
    }

    private void process(MailQueue.MailQueueItem item) {
        Mail mail = item.getMail();
        try {
            attempt(mail);
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (Exception e) {
            LOGGER.error("Smarthost delivery of mail {} failed; it stays queued", mail.getName(), e);
            try {
                item.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);
            } catch (MailQueue.MailQueueException again) {
                LOGGER.error("Could not put mail {} back into its queue", mail.getName(), again);
            }
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    /**
     * The queue of the source address the copy was given, so that it leaves from it; only a queue that exists (created by
     * its RemoteDelivery at start), never one nobody would take mail from.
     */
    private Optional<MailQueue> poolQueue(Mail mail) {
        Optional<String> chosen = AttributeUtils.getValueAndCastFromMail(mail, SourceAddressChoice.SOURCE_ADDRESS, String.class);
        return chosen.flatMap(literal -> pools.addresses().stream().filter(address -> address.literal().equals(literal)).findFirst())
            .flatMap(address -> queues.getQueue(MailQueueName.of(address.queueName())).map(MailQueue.class::cast));
    }

    /** One attempt at the copy, and where it goes after it; throws only when it could not be put anywhere. */
    void attempt(Mail mail) throws MessagingException {
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        Optional<DomainRelay> relay = domain.flatMap(name -> relays.carrying(name, ForwardingAttributes.submitted(mail)));
        if (relay.isEmpty()) {
            LOGGER.info("Mail {}: its domain's relay is gone or disabled, it goes to its MX", mail.getName());
            poolQueue(mail).orElse(remoteDeliveryQueue).enQueue(mail);
            return;
        }
        RelayAttempt attempt;
        try {
            attempt = sender.send(relay.get(), relays.password(relay.get()), mail);
        } catch (IllegalStateException unopened) {
            // The master key changed since the password was sealed: the owner sets it again, the copy waits.
            attempt = RelayAttempt.notConnected("the relay's password could not be opened: set it again");
        }
        int attempts = attempts(mail) + 1;
        switch (attempt.outcome()) {
            case DELIVERED:
                LOGGER.debug("Mail {} handed to {}: {}", mail.getName(), relay.get().address(), attempt.reply());
                getMailetContext().sendMail(mail, onSuccess);
                break;
            case TEMPORARY_FAILURE:
                Optional<Duration> delay = schedule.next(attempts);
                if (delay.isPresent()) {
                    defer(mail, domain.get(), relay.get(), attempt, attempts, delay.get());
                } else {
                    bounce(mail, relay.get(), "after " + attempts + " attempts: " + attempt.reply(), false);
                }
                break;
            default:
                bounce(mail, relay.get(), attempt.reply(), true);
        }
    }

    private void defer(Mail mail, DomainName domain, DomainRelay relay, RelayAttempt attempt, int attempts, Duration delay)
            throws MessagingException {
        mail.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of(Integer.toString(attempts))));
        queue.enQueue(mail, delay);
        String detail = "relay " + relay.address() + ": " + attempt.reply() + "; attempt " + attempts + "; next attempt in "
            + delay.toSeconds() + " s";
        for (String alias : ForwardingAttributes.aliases(mail)) {
            MailEvent.Builder event = eventFactory.event(mail, domain, MailEventType.DEFERRED, mail.getRecipients())
                .alias(MailEventFactory.alias(alias))
                .messageId(ForwardingAttributes.messageId(mail))
                .detail(detail);
            attempt.status().ifPresent(status -> {
                event.smtpCode(status.code());
                status.enhanced().ifPresent(event::enhancedStatus);
            });
            events.record(event.build());
        }
    }

    private void bounce(Mail mail, DomainRelay relay, String reply, boolean permanent) throws MessagingException {
        mail.setAttribute(new Attribute(DELIVERY_ERROR, AttributeValue.of(reply + " (relay " + relay.address() + ")")));
        mail.setAttribute(new Attribute(IS_DELIVERY_PERMANENT_ERROR, AttributeValue.of(permanent)));
        getMailetContext().sendMail(mail, bounceProcessor);
    }

    private static int attempts(Mail mail) {
        try {
            return AttributeUtils.getValueAndCastFromMail(mail, ATTEMPTS, String.class).map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }

    /** RemoteDelivery's {@code delayTime}: {@code "2 * 1 minute, 5 minutes"}, a count times a James duration. */
    private List<Duration> delays(String text) throws MessagingException {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            String entry = part.trim();
            int count = 1;
            int star = entry.indexOf('*');
            try {
                if (star >= 0) {
                    count = Integer.parseInt(entry.substring(0, star).trim());
                    entry = entry.substring(star + 1).trim();
                }
                Duration delay = DurationParser.parse(entry, ChronoUnit.MILLIS);
                for (int i = 0; i < count; i++) {
                    delays.add(delay);
                }
            } catch (IllegalArgumentException e) {
                throw new MessagingException(getMailetName() + ": delayTime entry '" + part.trim() + "' is not 'count * duration'", e);
            }
        }
        if (delays.isEmpty()) {
            throw new MessagingException(getMailetName() + ": delayTime must give at least one delay");
        }
        return delays;
    }

    private int positive(String name, int fallback, boolean zeroAllowed) throws MessagingException {
        String value = getInitParameter(name, Integer.toString(fallback)).trim();
        try {
            int number = Integer.parseInt(value);
            if (number < 0 || (number == 0 && !zeroAllowed)) {
                throw new NumberFormatException(value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new MessagingException(getMailetName() + ": " + name + " must be a " + (zeroAllowed ? "non-negative" : "positive")
                + " number, not '" + value + "'");
        }
    }

    @Override
    public String getMailetInfo() {
        return "smtpy: sends the mail of domains with their own relay (smarthost) through it";
    }
}
