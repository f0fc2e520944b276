package io.smtpy.mailets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.MailEvents;
import io.smtpy.core.mailpath.FallbackPolicy;

/**
 * When a forwarded copy is deferred again after waiting longer than the installation allows
 * ({@code fallback.afterDeferredMinutes}, {@link FallbackPolicy#deferredTooLong}), its recipients that have a fallback
 * go to it now ({@link FallbackCopies}, to {@code relay}) instead of waiting for the next attempt; the others stay to
 * be tried again. Registers itself with {@link DeliveryDeferrals} when built (the smtpy Guice module builds it eagerly);
 * only a queue that reports deferrals (the embedded server's) asks it.
 */
public class FallbackOnDeferral implements DeliveryDeferrals.Diversion {
    private static final Logger LOGGER = LoggerFactory.getLogger(FallbackOnDeferral.class);

    private final FallbackPolicy policy;
    private final FallbackCopies fallbacks;
    private final Provider<MailetContext> context;
    private final Clock clock;

    @Inject
    public FallbackOnDeferral(DeliveryDeferrals deferrals, FallbackPolicy policy, Provider<MailetContext> context, MailEvents events,
                              Clock clock) {
        this.policy = policy;
        this.fallbacks = new FallbackCopies(policy, events, clock);
        this.context = context;
        this.clock = clock;
        deferrals.divertWith(this);
    }

    @Override
    public void divert(Mail mail, int attempts) {
        Optional<Instant> forwardedAt = ForwardingAttributes.forwardedAt(mail);
        Instant now = clock.instant();
        if (forwardedAt.isEmpty() || !policy.deferredTooLong(forwardedAt.get(), now)) {
            return;
        }
        String why = "still deferred after " + Duration.between(forwardedAt.get(), now).toMinutes() + " min and "
            + attempts + " attempts";
        try {
            Collection<MailAddress> remaining = fallbacks.divert(mail, context.get(), "relay", why);
            if (remaining.size() != mail.getRecipients().size()) {
                mail.setRecipients(remaining);
            }
        } catch (MessagingException e) {
            LOGGER.warn("Could not send deferred mail {} to its fallbacks; it is tried again as it is", mail.getName(), e);
        }
    }
}
