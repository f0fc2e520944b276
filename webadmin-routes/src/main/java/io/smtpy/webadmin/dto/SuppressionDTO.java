package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.Optional;

import io.smtpy.suppression.Suppression;

/** A suppression as the API shows it. */
public class SuppressionDTO {
    public final String id;
    public final String domain;
    /** The alias's local part. */
    public final String alias;
    public final String destination;
    public final String reason;
    /** {@code bounce:<class>}, {@code complaint:<feedback type>} or {@code manual}. */
    public final String cause;
    public final Instant since;
    public final Instant until;
    /** The journey of the mail whose failure or complaint caused it ({@code GET .../messages/{journeyId}}). */
    public final Optional<String> journeyId;

    public SuppressionDTO(Suppression suppression) {
        this.id = suppression.id().asString();
        this.domain = suppression.domain().asString();
        this.alias = suppression.alias().asString();
        this.destination = suppression.destination().asString();
        this.reason = suppression.reason();
        this.cause = suppression.cause().asString();
        this.since = suppression.since();
        this.until = suppression.until();
        this.journeyId = suppression.journeyId();
    }
}
