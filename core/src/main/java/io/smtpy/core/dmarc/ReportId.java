package io.smtpy.core.dmarc;

import java.util.Objects;

import io.smtpy.core.model.InvalidFieldException;

/**
 * A report's {@code report_metadata/report_id}, unique per reporting organisation: 1 to {@value #MAX_LENGTH}
 * characters, no control characters, surrounding white space removed.
 */
public final class ReportId {
    public static final int MAX_LENGTH = 255;

    private final String value;

    private ReportId(String value) {
        this.value = value;
    }

    /**
     * @throws InvalidFieldException (field {@code reportId}) when empty, too long or holding control characters
     */
    public static ReportId of(String value) {
        if (value == null || value.trim().isEmpty()) {
            throw new InvalidFieldException("reportId", "report id must not be empty");
        }
        String trimmed = value.trim();
        if (trimmed.length() > MAX_LENGTH) {
            throw new InvalidFieldException("reportId", "report id is longer than " + MAX_LENGTH + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException("reportId", "report id must not hold control characters");
        }
        return new ReportId(trimmed);
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReportId && ((ReportId) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
