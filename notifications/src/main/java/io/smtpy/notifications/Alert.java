package io.smtpy.notifications;

import java.time.Instant;
import java.util.Objects;

import io.smtpy.core.model.DomainName;

/** One alert for a domain's owners: what kind, about what (the throttling key), and the text of the mail. */
public final class Alert {
    /** The kinds of alert, each with its own throttle. */
    public enum Kind {
        /** A destination refused a forwarded copy for good (5xx). */
        DESTINATION_FAILING,
        /** The domain's permanent failures passed the bounce-rate threshold within the hour. */
        BOUNCE_RATE
    }

    private final Kind kind;
    private final DomainName domain;
    private final String about;
    private final Instant at;
    private final String subject;
    private final String text;

    Alert(Kind kind, DomainName domain, String about, Instant at, String subject, String text) {
        this.kind = Objects.requireNonNull(kind);
        this.domain = Objects.requireNonNull(domain);
        this.about = Objects.requireNonNull(about);
        this.at = Objects.requireNonNull(at);
        this.subject = Objects.requireNonNull(subject);
        this.text = Objects.requireNonNull(text);
    }

    public Kind kind() {
        return kind;
    }

    public DomainName domain() {
        return domain;
    }

    /** What the alert is about within its domain (the failing destination; {@code "domain"} for the bounce rate). */
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
