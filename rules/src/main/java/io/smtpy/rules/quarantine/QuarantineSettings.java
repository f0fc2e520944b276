package io.smtpy.rules.quarantine;

import java.time.Duration;

/**
 * How long the quarantine keeps mail (held mail 30 days, dropped mail 7 days by default) and how large a message it
 * takes (25 MiB: beyond it, mail is delivered instead of held).
 */
public final class QuarantineSettings {
    public static final Duration DEFAULT_QUARANTINED_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_DROPPED_RETENTION = Duration.ofDays(7);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

    private final Duration quarantinedRetention;
    private final Duration droppedRetention;
    private final int maxMessageBytes;

    public QuarantineSettings(Duration quarantinedRetention, Duration droppedRetention, int maxMessageBytes) {
        if (quarantinedRetention.isNegative() || quarantinedRetention.isZero() || droppedRetention.isNegative()
            || droppedRetention.isZero() || maxMessageBytes < 1) {
            throw new IllegalArgumentException("quarantine retention and size limit must be positive");
        }
        this.quarantinedRetention = quarantinedRetention;
        this.droppedRetention = droppedRetention;
        this.maxMessageBytes = maxMessageBytes;
    }

    public static QuarantineSettings defaults() {
        return new QuarantineSettings(DEFAULT_QUARANTINED_RETENTION, DEFAULT_DROPPED_RETENTION, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public Duration retention(QuarantineKind kind) {
        return kind == QuarantineKind.DROPPED ? droppedRetention : quarantinedRetention;
    }

    public Duration quarantinedRetention() {
        return quarantinedRetention;
    }

    public Duration droppedRetention() {
        return droppedRetention;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }
}
