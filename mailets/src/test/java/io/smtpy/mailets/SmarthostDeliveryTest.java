package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSocketFactory;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.sending.pools.SourcePools;
import io.smtpy.sending.relay.DomainRelay;
import io.smtpy.sending.relay.DomainRelays;
import io.smtpy.sending.relay.MemoryDomainRelayRepository;
import io.smtpy.sending.relay.RelayAttempt;
import io.smtpy.sending.relay.RelayHostGuard;
import io.smtpy.sending.relay.RelayProbe;
import io.smtpy.sending.relay.RelayRequest;

/** The relay delivery's decisions, against a fake sender and recording queues; the real relay is in server's tests. */
class SmarthostDeliveryTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final DomainRelays relays = new DomainRelays(new MemoryDomainRelayRepository(),
        new CipherSecretSeal(new PrivateKeyCipher(new byte[32])),
        new RelayProbe(RelayHostGuard.none(), (SSLSocketFactory) SSLSocketFactory.getDefault(), "mx.test", Duration.ofSeconds(1)), clock);
    private final RecordingQueues queues = new RecordingQueues();
    private final List<String> passwordsUsed = new ArrayList<>();
    private RelayAttempt nextAttempt = RelayAttempt.delivered("250 2.0.0 Ok: queued");
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private SmarthostDelivery mailet;

    @BeforeEach
    void setUp() throws Exception {
        mailet = new SmarthostDelivery(queues, relays, (relay, password, mail) -> {
            passwordsUsed.add(password.orElse(""));
            return nextAttempt;
        }, new MailEvents(events), SourcePools.parse(Map.of("pools.premium.addresses", "127.0.0.2, 127.0.0.3")), clock);
        mailet.init(FakeMailetConfig.builder().mailetName("SmarthostDelivery").mailetContext(context)
            .setProperty("startConsumers", "false")
            .setProperty("delayTime", "2 * 1 minute, 5 minutes")
            .setProperty("maxRetries", "3")
            .build());
    }

    private void relay(String scope, boolean enabled) {
        relays.set(DOMAIN, new RelayRequest("smtp.relay.example", 587, Optional.empty(), Optional.of("mailer"),
            Optional.of("s3cret"), Optional.of(scope), Optional.of(enabled)));
    }

    private static FakeMail submitted() throws Exception {
        return FakeMail.builder().name("mail1").sender("sales@brand.example").recipient("friend@dest.example").state("relay")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi"))
            .attributes(ForwardingAttributes.submitted(DOMAIN, new MailAddress("sales@brand.example"), Optional.of("<m1@brand.example>")))
            .build();
    }

    private static FakeMail forwarded() throws Exception {
        return FakeMail.builder().name("copy1").sender("SRS0=x@brand.example").recipient("jane@dest.example").state("relay")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi"))
            .attributes(ForwardingAttributes.of(DOMAIN, List.of(new MailAddress("sales@brand.example")), Optional.of("<m2@x.example>")))
            .build();
    }

    @Test
    void submittedMailOfADomainWithARelayShouldBeQueuedForIt() throws Exception {
        relay("outbound", true);
        FakeMail mail = submitted();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(queues.queue("smarthost").enqueued).hasSize(1);
    }

    @Test
    void forwardedCopiesShouldGoThroughTheRelayOnlyWithScopeAll() throws Exception {
        relay("outbound", true);
        FakeMail copy = forwarded();
        mailet.service(copy);
        assertThat(copy.getState()).isEqualTo("relay");

        relay("all", true);
        mailet.service(copy);
        assertThat(copy.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void mailOfADomainWithoutRelayOrADisabledOneShouldBeLeftToRemoteDelivery() throws Exception {
        FakeMail mail = submitted();
        mailet.service(mail);
        assertThat(mail.getState()).isEqualTo("relay");

        relay("all", false);
        mailet.service(mail);
        assertThat(mail.getState()).isEqualTo("relay");
        assertThat(queues.queue("smarthost").enqueued).isEmpty();
    }

    @Test
    void aDeliveredCopyShouldGoToOnSuccessWithTheOpenedPassword() throws Exception {
        relay("outbound", true);

        mailet.attempt(submitted());

        assertThat(passwordsUsed).containsExactly("s3cret");
        assertThat(context.getSentMails()).extracting(FakeMailContext.SentMail::getState).containsExactly("delivered");
    }

    @Test
    void aWrongPasswordShouldDeferWithTheRelaysReplyInTheEvent() throws Exception {
        relay("outbound", true);
        nextAttempt = RelayAttempt.notConnected("535 5.7.8 Authentication credentials invalid");

        mailet.attempt(submitted());

        RecordingQueue queue = queues.queue("smarthost");
        assertThat(queue.enqueued).hasSize(1);
        assertThat(queue.delays).containsExactly(Duration.ofMinutes(1));
        assertThat(AttributeUtils.getValueAndCastFromMail(queue.enqueued.get(0), AttributeName.of("io.smtpy.relay.attempts"), String.class))
            .contains("1");
        List<MailEvent> recorded = events.list(MailEventQuery.of(DOMAIN));
        assertThat(recorded).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.DEFERRED);
            assertThat(event.detail()).isEqualTo("relay smtp.relay.example:587: 535 5.7.8 Authentication credentials invalid;"
                + " attempt 1; next attempt in 60 s");
            assertThat(event.smtpCode()).contains(535);
        });
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void aCopyOutOfRetriesShouldBounceWithTheLastReply() throws Exception {
        relay("outbound", true);
        nextAttempt = RelayAttempt.notConnected("421 4.3.2 shutting down");
        Mail mail = submitted();

        for (int attempt = 0; attempt < 4; attempt++) {
            mailet.attempt(mail);
        }

        assertThat(queues.queue("smarthost").delays)
            .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getState()).isEqualTo("bounces");
            assertThat(Optional.ofNullable(sent.getAttributes().get(AttributeName.of("delivery-error"))).map(a -> a.getValue().value().toString()))
                .contains("after 4 attempts: 421 4.3.2 shutting down (relay smtp.relay.example:587)");
        });
    }

    @Test
    void aPermanentRefusalShouldBounceAtOnce() throws Exception {
        relay("outbound", true);
        nextAttempt = RelayAttempt.refused("550 5.7.1 relaying denied for this sender");

        mailet.attempt(submitted());

        assertThat(queues.queue("smarthost").enqueued).isEmpty();
        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getState()).isEqualTo("bounces");
            assertThat(Optional.ofNullable(sent.getAttributes().get(AttributeName.of("is-delivery-permanent-error"))).map(a -> (Object) a.getValue().value()))
                .contains(true);
        });
    }

    @Test
    void aCopyWhoseRelayWasRemovedWhileWaitingShouldGoToItsMx() throws Exception {
        relay("outbound", true);
        Mail mail = submitted();
        relays.remove(DOMAIN);

        mailet.attempt(mail);

        assertThat(queues.queue("outgoing").enqueued).hasSize(1);
        assertThat(passwordsUsed).isEmpty();
    }

    @Test
    void aCopyWhoseRelayWasRemovedShouldGoToItsSourceAddresssQueueWhenItExists() throws Exception {
        relay("outbound", true);
        Mail mail = submitted();
        mail.setAttribute(new Attribute(SourceAddressChoice.SOURCE_ADDRESS, AttributeValue.of("127.0.0.3")));
        queues.queue("outgoing-premium-2");
        relays.remove(DOMAIN);

        mailet.attempt(mail);

        assertThat(queues.queue("outgoing-premium-2").enqueued).hasSize(1);
        assertThat(queues.queue("outgoing").enqueued).isEmpty();
    }

    @Test
    void aCopyWhoseSourceAddressHasNoQueueShouldGoToTheDefaultQueue() throws Exception {
        relay("outbound", true);
        Mail mail = submitted();
        mail.setAttribute(new Attribute(SourceAddressChoice.SOURCE_ADDRESS, AttributeValue.of("127.0.0.2")));
        relays.remove(DOMAIN);

        mailet.attempt(mail);

        assertThat(queues.queue("outgoing").enqueued).hasSize(1);
        assertThat(queues.getQueue(MailQueueName.of("outgoing-premium-1"))).isEmpty();
    }

    private static final class RecordingQueues implements MailQueueFactory<RecordingQueue> {
        private final Map<MailQueueName, RecordingQueue> queues = new ConcurrentHashMap<>();

        RecordingQueue queue(String name) {
            return createQueue(MailQueueName.of(name));
        }

        @Override
        public Optional<RecordingQueue> getQueue(MailQueueName name, PrefetchCount count) {
            return Optional.ofNullable(queues.get(name));
        }

        @Override
        public RecordingQueue createQueue(MailQueueName name, PrefetchCount count) {
            return queues.computeIfAbsent(name, RecordingQueue::new);
        }

        @Override
        public Set<MailQueueName> listCreatedMailQueues() {
            return queues.keySet();
        }
    }

    private static final class RecordingQueue implements MailQueue {
        private final MailQueueName name;
        private final List<Mail> enqueued = new ArrayList<>();
        private final List<Duration> delays = new ArrayList<>();

        RecordingQueue(MailQueueName name) {
            this.name = name;
        }

        @Override
        public MailQueueName getName() {
            return name;
        }

        @Override
        public void enQueue(Mail mail, Duration delay) {
            enqueued.add(mail);
            delays.add(delay);
        }

        @Override
        public void enQueue(Mail mail) {
            enqueued.add(mail);
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
