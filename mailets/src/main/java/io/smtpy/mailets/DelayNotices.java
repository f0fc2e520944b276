package io.smtpy.mailets;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;
import io.smtpy.sending.queue.DelayNotice;
import io.smtpy.sending.queue.DelayNoticePolicy;

/**
 * Tells a sender, once, that a copy of their mail is delayed ({@link DelayNotice}, RFC 3464 "delayed"): at the first
 * failed attempt after it has waited {@code queue.delayNoticeAfter} ({@link DelayNoticePolicy}) since it first went to
 * the queue ({@code io.smtpy.queue.queuedAt}). The notice goes through the mailet container with a null sender (the
 * notices' lane); the copy is marked so that no second notice follows, and a {@code delayed} event is recorded for the
 * copy's domain and aliases. Registers itself with {@link DeliveryDeferrals} when built (the smtpy Guice module builds
 * it eagerly): only a queue that reports deferrals (the embedded server's) asks it.
 */
public class DelayNotices implements DeliveryDeferrals.Diversion {
    private static final Logger LOGGER = LoggerFactory.getLogger(DelayNotices.class);

    private final DelayNoticePolicy policy;
    private final Provider<MailetContext> context;
    private final MailEvents events;
    private final MailEventFactory eventFactory;
    private final Clock clock;

    @Inject
    public DelayNotices(DeliveryDeferrals deferrals, DelayNoticePolicy policy, Provider<MailetContext> context,
                        MailEvents events, Clock clock) {
        this.policy = policy;
        this.context = context;
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
        this.clock = clock;
        deferrals.divertWith(this);
    }

    @Override
    public void divert(Mail mail, int attempts) {
        Instant now = clock.instant();
        Optional<Instant> queuedAt = ForwardingAttributes.queuedAt(mail).or(() -> ForwardingAttributes.forwardedAt(mail));
        boolean noticed = mail.getAttribute(ForwardingAttributes.DELAY_NOTICED).isPresent();
        if (queuedAt.isEmpty() || !policy.noticeDue(queuedAt.get(), now, mail.getMaybeSender().isNullSender(), noticed)) {
            return;
        }
        try {
            send(mail, queuedAt.get(), now);
        } catch (MessagingException | IOException | RuntimeException e) {
            LOGGER.warn("Could not send the delay notice of mail {} to {}; the mail is tried again as it is", mail.getName(),
                mail.getMaybeSender().asString(), e);
            return;
        }
        mail.setAttribute(new Attribute(ForwardingAttributes.DELAY_NOTICED, AttributeValue.of(true)));
        record(mail, attempts, Duration.between(queuedAt.get(), now));
    }

    private void send(Mail mail, Instant queuedAt, Instant now) throws MessagingException, IOException {
        MailetContext mailetContext = context.get();
        MailAddress postmaster = mailetContext.getPostmaster();
        MailAddress sender = mail.getMaybeSender().get();
        DelayNotice notice = new DelayNotice(postmaster.getDomain().asString(), MailEventFactory.asStrings(mail.getRecipients()),
            queuedAt, now, Optional.empty(), Optional.ofNullable(mail.getErrorMessage()));
        MimeMessage message = notice.toMessage(javax.mail.Session.getInstance(new java.util.Properties()),
            postmaster.toInternetAddress().orElseThrow(), sender.toInternetAddress().orElseThrow(), mail.getMessage());
        Mail noticeMail = MailImpl.builder()
            .name("delay-notice-" + UUID.randomUUID())
            .sender(MaybeSender.nullSender())
            .addRecipient(sender)
            .mimeMessage(message)
            .build();
        mailetContext.sendMail(noticeMail);
    }

    private void record(Mail mail, int attempts, Duration waited) {
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (domain.isEmpty()) {
            return;
        }
        List<String> aliases = ForwardingAttributes.aliases(mail);
        for (String alias : aliases.isEmpty() ? List.of("") : aliases) {
            events.record(eventFactory.event(mail, domain.get(), MailEventType.DELAYED, mail.getRecipients())
                .alias(MailEventFactory.alias(alias))
                .messageId(ForwardingAttributes.messageId(mail))
                .detail("still undelivered after " + waited.toMinutes() + " min and " + attempts
                    + " attempt(s); a delay notice was sent to " + mail.getMaybeSender().asString())
                .build());
        }
    }
}
