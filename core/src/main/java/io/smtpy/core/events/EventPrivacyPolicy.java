package io.smtpy.core.events;

import java.util.stream.Collectors;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventPrivacy;

/** Which {@link EventPrivacy} a domain chose; {@link MailEvents} applies it to every event before it is kept. */
@FunctionalInterface
public interface EventPrivacyPolicy {
    /** Every address kept as it is. */
    EventPrivacyPolicy FULL = domain -> EventPrivacy.FULL;

    EventPrivacy privacyOf(DomainName domain);

    /** The event with its sender, recipients, the addresses in its detail and its subject kept as its domain chose. */
    default MailEvent apply(MailEvent event) {
        EventPrivacy privacy = privacyOf(event.domain());
        if (privacy == EventPrivacy.FULL) {
            return event;
        }
        return event.toBuilder()
            .sender(event.sender().equals(MailEvent.NULL_SENDER) ? MailEvent.NULL_SENDER : privacy.address(event.sender()))
            .recipients(event.recipients().stream().map(privacy::address).collect(Collectors.toList()))
            .detail(privacy.text(event.detail()))
            .subject(event.subject().flatMap(privacy::subject))
            .build();
    }
}
