package io.smtpy.bounces;

import java.util.Objects;
import java.util.Optional;

/** What {@link BounceClassifier} made of a remote reply: class, severity, the codes it read and the rule that decided. */
public final class BounceClassification {
    private final BounceClass cls;
    private final Severity severity;
    private final Optional<String> enhancedStatus;
    private final Optional<Integer> code;
    private final String matchedRule;

    public BounceClassification(BounceClass cls, Severity severity, Optional<String> enhancedStatus, Optional<Integer> code,
                                String matchedRule) {
        this.cls = Objects.requireNonNull(cls);
        this.severity = Objects.requireNonNull(severity);
        this.enhancedStatus = Objects.requireNonNull(enhancedStatus);
        this.code = Objects.requireNonNull(code);
        this.matchedRule = Objects.requireNonNull(matchedRule);
    }

    /** A robot's reply (auto-reply, challenge): no codes, no severity. */
    static BounceClassification robot(BounceClass cls, String matchedRule) {
        return new BounceClassification(cls, Severity.NONE, Optional.empty(), Optional.empty(), matchedRule);
    }

    public BounceClass cls() {
        return cls;
    }

    public Severity severity() {
        return severity;
    }

    /** The RFC 3463 status ({@code 5.1.1}) the reply carried, if any. */
    public Optional<String> enhancedStatus() {
        return enhancedStatus;
    }

    /** The SMTP reply code ({@code 550}), if any. */
    public Optional<Integer> code() {
        return code;
    }

    /** The rule that decided, as named in the module README ({@code status 5.1.1}, {@code text: over quota}, ...). */
    public String matchedRule() {
        return matchedRule;
    }

    public boolean isFailure() {
        return cls.isFailure();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BounceClassification)) {
            return false;
        }
        BounceClassification that = (BounceClassification) o;
        return cls == that.cls && severity == that.severity && enhancedStatus.equals(that.enhancedStatus)
            && code.equals(that.code) && matchedRule.equals(that.matchedRule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cls, severity, enhancedStatus, code, matchedRule);
    }

    @Override
    public String toString() {
        return cls + " " + severity + " " + enhancedStatus.orElse("-") + " " + code.map(String::valueOf).orElse("-")
            + " (" + matchedRule + ")";
    }
}
