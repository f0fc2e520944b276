package io.smtpy.rules;

/**
 * How big an owner's rule list may be. The defaults keep one list cheap to evaluate on every mail and small enough to
 * edit by hand; an operator may raise or lower them.
 */
public final class RuleLimits {
    /** 200 rules, 50 conditions, depth 5, 20 actions, 50 forward targets, values of 1000 chars, documents of 256 KiB. */
    public static final RuleLimits DEFAULT = new RuleLimits(200, 50, 5, 20, 50, 1000, 256 * 1024);

    private final int rules;
    private final int conditionsPerRule;
    private final int depth;
    private final int actionsPerRule;
    private final int forwardTargets;
    private final int valueLength;
    private final int documentBytes;

    /**
     * @param rules rules in one list
     * @param conditionsPerRule conditions of one rule, nested groups and their conditions included
     * @param depth nesting of condition groups, the rule's own group counting as 1
     * @param actionsPerRule actions of one rule
     * @param forwardTargets addresses of one {@code forward} or {@code alsoForward}
     * @param valueLength characters of a condition's value (so of a regular expression too)
     * @param documentBytes size of the whole JSON document
     */
    public RuleLimits(int rules, int conditionsPerRule, int depth, int actionsPerRule, int forwardTargets, int valueLength,
                      int documentBytes) {
        this.rules = positive(rules, "rules");
        this.conditionsPerRule = positive(conditionsPerRule, "conditionsPerRule");
        this.depth = positive(depth, "depth");
        this.actionsPerRule = positive(actionsPerRule, "actionsPerRule");
        this.forwardTargets = positive(forwardTargets, "forwardTargets");
        this.valueLength = positive(valueLength, "valueLength");
        this.documentBytes = positive(documentBytes, "documentBytes");
    }

    /**
     * Limits wide enough for any list accepted earlier, perhaps under other limits: for reading back from storage,
     * where refusing a stored list would lose it. The shape is still checked.
     */
    public static RuleLimits lenient() {
        return new RuleLimits(100_000, 100_000, 64, 100_000, 100_000, 100_000, Integer.MAX_VALUE);
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }

    public int rules() {
        return rules;
    }

    public int conditionsPerRule() {
        return conditionsPerRule;
    }

    public int depth() {
        return depth;
    }

    public int actionsPerRule() {
        return actionsPerRule;
    }

    public int forwardTargets() {
        return forwardTargets;
    }

    public int valueLength() {
        return valueLength;
    }

    public int documentBytes() {
        return documentBytes;
    }
}
