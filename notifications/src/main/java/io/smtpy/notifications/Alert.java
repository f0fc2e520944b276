package io.smtpy.notifications;

import java.time.Instant;
import java.util.Objects;

import io.smtpy.core.model.DomainName;

/**
 * One alert about a domain: what type (who wants it is decided per type), about what (the throttling key), and the
 * text of the mail.
 */
public final class Alert {
    private final NotificationType kind;
    private final DomainName domain;
    private final String about;
    private final Instant at;
    private final String subject;
    private final String text;

    Alert(NotificationType kind, DomainName domain, String about, Instant at, String subject, String text) {
        this.kind = Objects.requireNonNull(kind);
        this.domain = Objects.requireNonNull(domain);
        this.about = Objects.requireNonNull(about);
        this.at = Objects.requireNonNull(at);
        this.subject = Objects.requireNonNull(subject);
        this.text = Objects.requireNonNull(text);
    }

    public NotificationType kind() {
        return kind;
    }

    public DomainName domain() {
        return domain;
    }

    /** What the alert is about within its domain (the failing destination; {@code "domain"} for the bounce rate; the record or key). */
    public String about() {
        return about;
    }

    public Instant at() {
        return at;
    }

    public String subject() {
        return subject;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return kind + " " + domain.asString() + " " + about;
    }
}
