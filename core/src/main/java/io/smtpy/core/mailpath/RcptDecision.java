package io.smtpy.core.mailpath;

import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.smtp.SmtpStatus;

/**
 * What smtpy answers at RCPT for one recipient: nothing (not an smtpy domain: James's own checks decide), accept
 * (and what the address matched), or refuse with a status, closing the connection when the status is a 421.
 */
public final class RcptDecision {

    public enum Verdict {
        NOT_OURS,
        ACCEPT,
        REFUSE
    }

    private static final RcptDecision NOT_OURS = new RcptDecision(Verdict.NOT_OURS, null, null, null, false);

    private final Verdict verdict;
    private final MatchedBy matchedBy;
    private final String matched;
    private final SmtpStatus status;
    private final boolean disconnect;

    private RcptDecision(Verdict verdict, MatchedBy matchedBy, String matched, SmtpStatus status, boolean disconnect) {
        this.verdict = verdict;
        this.matchedBy = matchedBy;
        this.matched = matched;
        this.status = status;
        this.disconnect = disconnect;
    }

    public static RcptDecision notOurs() {
        return NOT_OURS;
    }

    /** @param matched what matched: the alias address, the pattern, the report address's domain, the original sender */
    public static RcptDecision accept(MatchedBy matchedBy, String matched) {
        return new RcptDecision(Verdict.ACCEPT, Objects.requireNonNull(matchedBy), Objects.requireNonNull(matched), null, false);
    }

    /** @throws IllegalArgumentException for a status that is not a failure */
    public static RcptDecision refuse(SmtpStatus status) {
        if (status.code() < 400) {
            throw new IllegalArgumentException("a refusal needs a 4xx or 5xx status, not " + status);
        }
        return new RcptDecision(Verdict.REFUSE, null, null, status, false);
    }

    /** A 421 refusal: the server answers and closes the connection (RFC 5321 §3.8). */
    public static RcptDecision refuseAndDisconnect(SmtpStatus status) {
        if (status.code() != 421) {
            throw new IllegalArgumentException("only a 421 closes the connection, not " + status);
        }
        return new RcptDecision(Verdict.REFUSE, null, null, status, true);
    }

    public Verdict verdict() {
        return verdict;
    }

    /** What the recipient matched, when accepted. */
    public Optional<MatchedBy> matchedBy() {
        return Optional.ofNullable(matchedBy);
    }

    public Optional<String> matched() {
        return Optional.ofNullable(matched);
    }

    /** The refusal's status, when refused. */
    public Optional<SmtpStatus> status() {
        return Optional.ofNullable(status);
    }

    public boolean disconnect() {
        return disconnect;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RcptDecision)) {
            return false;
        }
        RcptDecision other = (RcptDecision) o;
        return verdict == other.verdict && matchedBy == other.matchedBy && Objects.equals(matched, other.matched)
            && Objects.equals(status, other.status) && disconnect == other.disconnect;
    }

    @Override
    public int hashCode() {
        return Objects.hash(verdict, matchedBy, matched, status, disconnect);
    }

    @Override
    public String toString() {
        switch (verdict) {
            case ACCEPT:
                return "accept: " + matchedBy.asString() + " " + matched;
            case REFUSE:
                return "refuse: " + status + (disconnect ? " (disconnect)" : "");
            default:
                return "not ours";
        }
    }
}
