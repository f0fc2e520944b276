package io.smtpy.rules;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;

/**
 * What happened to one rule during an evaluation: whether it matched, why (each condition tested and its answer,
 * e.g. {@code subject contains "invoice": yes}), and the actions it took.
 */
public final class TraceStep {
    /** The fate of a rule in one evaluation. */
    public enum Outcome {
        MATCHED, NOT_MATCHED, DISABLED, SKIPPED_AFTER_STOP
    }

    private final RuleRef rule;
    private final Outcome outcome;
    private final Supplier<String> why;
    private final List<String> actions;

    /**
     * @param why computed when first asked for: the mail path rarely reads it, so it does not pay for the text
     */
    TraceStep(RuleRef rule, Outcome outcome, Supplier<String> why, List<String> actions) {
        this.rule = Objects.requireNonNull(rule);
        this.outcome = Objects.requireNonNull(outcome);
        this.why = Suppliers.memoize(why::get);
        this.actions = ImmutableList.copyOf(actions);
    }

    public RuleRef rule() {
        return rule;
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean matched() {
        return outcome == Outcome.MATCHED;
    }

    /** The conditions tested and their answers; for a rule not evaluated, why not ("disabled"). */
    public String why() {
        return why.get();
    }

    /** The actions taken, as text ({@code forward to a@x.org}, {@code stop}); empty unless matched. */
    public List<String> actions() {
        return actions;
    }

    @Override
    public String toString() {
        return rule.asString() + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + why()
            + ")" + (actions.isEmpty() ? "" : " -> " + String.join(", ", actions));
    }
}
