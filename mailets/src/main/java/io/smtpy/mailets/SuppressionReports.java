package io.smtpy.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.bounces.BounceClassification;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.suppression.Suppressions;

/**
 * Tells {@link Suppressions} what happened to a forwarded copy, for each alias it served (its forwarding attributes)
 * and each recipient: failed (it decides whether that suppresses) or delivered (which lifts a suppression). A failure
 * to store is logged and swallowed: the copy's fate never depends on it.
 */
final class SuppressionReports {
    private static final Logger LOGGER = LoggerFactory.getLogger(SuppressionReports.class);

    private final Suppressions suppressions;

    SuppressionReports(Suppressions suppressions) {
        this.suppressions = suppressions;
    }

    /** RemoteDelivery gave up on {@code recipients} of the copy with this reply. */
    void failed(Mail mail, Collection<MailAddress> recipients, BounceClassification classification, String reply) {
        if (!Suppressions.suppresses(classification)) {
            return;
        }
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (domain.isEmpty()) {
            return;
        }
        failed(mail, domain.get(), aliases(ForwardingAttributes.aliases(mail)), MailEventFactory.asStrings(recipients),
            classification, reply);
    }

    /** A report came back saying {@code recipients} of a copy for {@code aliases} failed (a late bounce). */
    void failed(Mail mail, DomainName domain, List<LocalPart> aliases, List<String> recipients, BounceClassification classification,
                String reply) {
        for (LocalPart alias : aliases) {
            for (String recipient : recipients) {
                destination(recipient).ifPresent(destination -> safely(() -> suppressions.failed(domain, alias, destination,
                    classification, reply, Optional.of(ForwardingAttributes.journey(mail)))));
            }
        }
    }

    /** RemoteDelivery delivered the copy to all its recipients. */
    void delivered(Mail mail) {
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (domain.isEmpty()) {
            return;
        }
        for (LocalPart alias : aliases(ForwardingAttributes.aliases(mail))) {
            for (MailAddress recipient : mail.getRecipients()) {
                destination(recipient.asString()).ifPresent(destination -> safely(() -> suppressions.delivered(domain.get(), alias,
                    destination, Optional.of(ForwardingAttributes.journey(mail)))));
            }
        }
    }

    static List<LocalPart> aliases(List<String> addresses) {
        return addresses.stream().map(MailEventFactory::alias).flatMap(Optional::stream).distinct()
            .collect(java.util.stream.Collectors.toList());
    }

    private static Optional<Destination> destination(String address) {
        try {
            return Optional.of(Destination.of(address));
        } catch (IllegalArgumentException notADestination) {
            return Optional.empty();
        }
    }

    private static void safely(Runnable report) {
        try {
            report.run();
        } catch (RuntimeException e) {
            // No address in the log: the exception says what failed in storage.
            LOGGER.warn("Could not update the suppression of a destination: {}", e.toString(), e);
        }
    }
}
