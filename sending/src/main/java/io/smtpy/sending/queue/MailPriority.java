package io.smtpy.sending.queue;

import java.util.OptionalInt;

/**
 * A copy's place in the delivery queue, on the 0-9 scale of James's {@code MailPrioritySupport.MAIL_PRIORITY} attribute
 * (5 normal, 9 highest), and the lane it travels in. Ready mail leaves by lane first, then in the order it came:
 * <ul>
 *   <li>{@link Lane#NOTICE}: bounces, delay notices and other mail with a null envelope sender, always first, so a
 *   sender learns of a failure even behind a backlog;</li>
 *   <li>{@link Lane#PRIORITY}: 6-9, the copies of a {@link PriorityClass#HIGH high} domain (7) and MT-PRIORITY above 0;</li>
 *   <li>{@link Lane#NORMAL}: 5, everything else;</li>
 *   <li>{@link Lane#LOW}: 0-4, MT-PRIORITY below 0.</li>
 * </ul>
 * MT-PRIORITY (RFC 6710, -9..9) is honoured only from a submitter allowed to use it (an SMTP credential of a high
 * domain): {@code n > 0} is {@code 5 + ceil(4n/9)} (1 → 6 ... 9 → 9), {@code n < 0} symmetrically (−9 → 1), 0 is 5.
 */
public final class MailPriority {
    public static final int LOWEST = 0;
    public static final int NORMAL = 5;
    public static final int HIGH_CLASS = 7;
    public static final int HIGHEST = 9;

    private MailPriority() {
    }

    /** The lanes, best first. */
    public enum Lane {
        NOTICE,
        PRIORITY,
        NORMAL,
        LOW;

        public String asString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The priority a copy of a domain of {@code priorityClass} gets, with the submitter's MT-PRIORITY if it may use one. */
    public static int of(PriorityClass priorityClass, OptionalInt mtPriority, boolean mayUseMtPriority) {
        if (mtPriority.isPresent() && mayUseMtPriority) {
            return fromMtPriority(mtPriority.getAsInt());
        }
        return priorityClass == PriorityClass.HIGH ? HIGH_CLASS : NORMAL;
    }

    static int fromMtPriority(int n) {
        int step = (int) Math.ceil(4 * Math.abs(n) / 9.0);
        return n >= 0 ? NORMAL + step : NORMAL - step;
    }

    /** The rank ready mail is ordered by, higher first: notices above every priority. */
    public static int rank(int priority, boolean nullSender) {
        return nullSender ? HIGHEST + 1 : Math.max(LOWEST, Math.min(HIGHEST, priority));
    }

    public static Lane lane(int rank) {
        if (rank > HIGHEST) {
            return Lane.NOTICE;
        }
        if (rank > NORMAL) {
            return Lane.PRIORITY;
        }
        return rank == NORMAL ? Lane.NORMAL : Lane.LOW;
    }

    /**
     * The value of an {@code MT-PRIORITY=} MAIL parameter (RFC 6710: an optional sign and one digit, -9..9).
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static int parseMtPriority(String value) {
        if (value == null || !value.matches("[+-]?[0-9]")) {
            throw new IllegalArgumentException("MT-PRIORITY must be an integer from -9 to 9, got '" + value + "'");
        }
        return Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
    }
}
