package io.smtpy.scan;

import java.util.List;
import java.util.Optional;

import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.model.ScanAction;
import io.smtpy.core.model.SpamSettings;
import io.smtpy.core.model.VirusSettings;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * Turns a message's scan verdicts into decisions: whether the whole message is deferred because a scanner could not
 * answer ({@link #deferral}), and, for each domain among its recipients, what its settings make of the verdicts
 * ({@link #forDomain}). A virus is acted on even for an allow-listed sender; spam is not.
 */
public final class ScanPolicy {
    public static final SmtpStatus DEFERRED = SmtpStatus.of(451, "4.7.1", "message could not be scanned now, try again later");

    /** Both scanners deferring when they cannot answer: the settings' defaults. */
    public static final ScanPolicy DEFAULT = new ScanPolicy(OnFailure.DEFER, OnFailure.DEFER);

    private final OnFailure spamOnFailure;
    private final OnFailure virusOnFailure;

    public ScanPolicy(OnFailure spamOnFailure, OnFailure virusOnFailure) {
        this.spamOnFailure = spamOnFailure;
        this.virusOnFailure = virusOnFailure;
    }

    public OnFailure spamOnFailure() {
        return spamOnFailure;
    }

    public OnFailure virusOnFailure() {
        return virusOnFailure;
    }

    /**
     * {@link #DEFERRED} (451 4.7.1) when a scanner that was asked could not answer and its setting says defer: nothing
     * is accepted that the operator wants scanned.
     */
    public Optional<SmtpStatus> deferral(ScanVerdict verdict) {
        if ((verdict.spam().state() == SpamVerdict.State.UNAVAILABLE && spamOnFailure == OnFailure.DEFER)
            || (verdict.virus().state() == VirusVerdict.State.UNAVAILABLE && virusOnFailure == OnFailure.DEFER)) {
            return Optional.of(DEFERRED);
        }
        return Optional.empty();
    }

    /**
     * What the verdicts mean for a domain's recipient.
     *
     * @param allowListed the sender is on an allow list that covers the recipient: spam is neither acted on nor tagged
     */
    public ScanOutcome forDomain(ScanVerdict verdict, SpamSettings spam, VirusSettings virus, boolean allowListed) {
        boolean spamWanted = spam.enabled() && !allowListed;
        if (virus.enabled() && verdict.virus().infected()) {
            return new ScanOutcome(Optional.of(virus.action()), "virus " + verdict.virus().name().get(),
                ScanFields.of(verdict, spam.tagThreshold(), spamWanted, true));
        }
        List<HeaderField> fields = ScanFields.of(verdict, spam.tagThreshold(), spamWanted, virus.enabled());
        SpamVerdict score = verdict.spam();
        if (spamWanted && score.scanned() && score.score() >= spam.threshold() && spam.action() != ScanAction.TAG) {
            return new ScanOutcome(Optional.of(spam.action()), "spam score " + ScanFields.score(score.score()) + " >= "
                + ScanFields.score(spam.threshold()) + (score.symbols().isEmpty() ? "" : " (" + String.join(",", score.symbols()) + ")"),
                fields);
        }
        return new ScanOutcome(Optional.empty(), "", fields);
    }
}
