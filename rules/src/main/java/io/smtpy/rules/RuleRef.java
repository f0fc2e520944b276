package io.smtpy.rules;

import java.util.Objects;

/** A rule by its list and its name, as evaluation results and events name it. */
public final class RuleRef {
    private final RuleScope scope;
    private final String name;

    public RuleRef(RuleScope scope, String name) {
        this.scope = Objects.requireNonNull(scope);
        this.name = Objects.requireNonNull(name);
    }

    public RuleScope scope() {
        return scope;
    }

    public String name() {
        return name;
    }

    /** {@code rule 'invoices' of sales@example.com}. */
    public String asString() {
        return "rule '" + name + "' of " + scope.asString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleRef && ((RuleRef) o).scope.equals(scope) && ((RuleRef) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, name);
    }

    @Override
    public String toString() {
        return asString();
    }
}
