package io.smtpy.suppression;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where a page of suppressions ended: the start and id of its last item. Pages are newest first, ties broken by id, so
 * the next page is everything that sorts after this position. The text form ({@code <instant>~<id>}) is opaque to clients.
 */
public final class SuppressionCursor {
    /** Newest first, then by id: the order of every page. */
    public static final Comparator<Suppression> ORDER = Comparator.comparing(Suppression::since).reversed()
        .thenComparing(suppression -> suppression.id().asString());

    private final Instant since;
    private final SuppressionId id;

    private SuppressionCursor(Instant since, SuppressionId id) {
        this.since = Objects.requireNonNull(since);
        this.id = Objects.requireNonNull(id);
    }

    public static SuppressionCursor after(Suppression last) {
        return new SuppressionCursor(last.since(), last.id());
    }

    /** @throws IllegalArgumentException for a text {@link #asString()} did not write */
    public static SuppressionCursor parse(String text) {
        int tilde = text == null ? -1 : text.lastIndexOf('~');
        if (tilde <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a cursor this server gave");
        }
        try {
            return new SuppressionCursor(Instant.parse(text.substring(0, tilde)), SuppressionId.of(text.substring(tilde + 1)));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a cursor this server gave");
        }
    }

    public Instant since() {
        return since;
    }

    public SuppressionId id() {
        return id;
    }

    /** Whether the suppression comes after this position in {@link #ORDER}. */
    public boolean precedes(Suppression suppression) {
        int bySince = suppression.since().compareTo(since);
        return bySince < 0 || (bySince == 0 && suppression.id().asString().compareTo(id.asString()) > 0);
    }

    public String asString() {
        return since + "~" + id.asString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SuppressionCursor && ((SuppressionCursor) o).since.equals(since) && ((SuppressionCursor) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(since, id);
    }

    @Override
    public String toString() {
        return asString();
    }
}
