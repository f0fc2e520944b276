package io.smtpy.rules;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

/**
 * What a rule tests: a {@link Group} ({@code all}, {@code any}, {@code not}) of conditions, or a {@link Leaf}: one
 * field of the message. Plain values as the owner wrote them; whether a field and an operator go together, and the
 * value's syntax, are checked when a rule list is compiled ({@link RuleJson#read} or {@link RuleBook#put}).
 */
public abstract class Condition {
    Condition() {
    }

    /** True when every condition holds (so for none). */
    public static Group all(List<Condition> conditions) {
        return new Group(Group.Kind.ALL, conditions);
    }

    /** True when one condition holds (so never for none). */
    public static Group any(List<Condition> conditions) {
        return new Group(Group.Kind.ANY, conditions);
    }

    public static Group not(Condition condition) {
        return new Group(Group.Kind.NOT, List.of(condition));
    }

    /** A case-insensitive test. */
    public static Leaf of(String field, Operator operator, String value) {
        return new Leaf(field, operator, value, false);
    }

    public static Leaf of(String field, Operator operator, String value, boolean caseSensitive) {
        return new Leaf(field, operator, value, caseSensitive);
    }

    /** The operators, by their JSON name. */
    public enum Operator {
        EQUALS("equals"), CONTAINS("contains"), STARTS_WITH("startsWith"), ENDS_WITH("endsWith"), GLOB("glob"),
        MATCHES("matches"), EXISTS("exists"), GT("gt"), LT("lt"), GTE("gte"), LTE("lte"), IN("in");

        private final String json;

        Operator(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Optional<Operator> ofJson(String name) {
            for (Operator operator : values()) {
                if (operator.json.equals(name)) {
                    return Optional.of(operator);
                }
            }
            return Optional.empty();
        }
    }

    /** Conditions combined. A {@code not} group holds exactly one condition. */
    public static final class Group extends Condition {
        public enum Kind {
            ALL("all"), ANY("any"), NOT("not");

            private final String json;

            Kind(String json) {
                this.json = json;
            }

            public String json() {
                return json;
            }
        }

        private final Kind kind;
        private final List<Condition> conditions;

        private Group(Kind kind, List<Condition> conditions) {
            this.kind = Objects.requireNonNull(kind);
            this.conditions = ImmutableList.copyOf(conditions);
            if (kind == Kind.NOT && this.conditions.size() != 1) {
                throw new IllegalArgumentException("a 'not' group holds exactly one condition");
            }
        }

        public Kind kind() {
            return kind;
        }

        public List<Condition> conditions() {
            return conditions;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Group && ((Group) o).kind == kind && ((Group) o).conditions.equals(conditions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, conditions);
        }

        @Override
        public String toString() {
            return kind.json + conditions;
        }
    }

    /**
     * One field tested with one operator: {@code field} is the JSON name ({@code subject}, {@code header:X-Spam}...),
     * kept lower-case; {@code value} is empty for {@code exists}.
     */
    public static final class Leaf extends Condition {
        private final String field;
        private final Operator operator;
        private final String value;
        private final boolean caseSensitive;

        private Leaf(String field, Operator operator, String value, boolean caseSensitive) {
            this.field = field.toLowerCase(Locale.ROOT);
            this.operator = Objects.requireNonNull(operator);
            this.value = Objects.requireNonNull(value);
            this.caseSensitive = caseSensitive;
        }

        public String field() {
            return field;
        }

        public Operator operator() {
            return operator;
        }

        public String value() {
            return value;
        }

        public boolean caseSensitive() {
            return caseSensitive;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Leaf)) {
                return false;
            }
            Leaf other = (Leaf) o;
            return field.equals(other.field) && operator == other.operator && value.equals(other.value)
                && caseSensitive == other.caseSensitive;
        }

        @Override
        public int hashCode() {
            return Objects.hash(field, operator, value, caseSensitive);
        }

        @Override
        public String toString() {
            return field + " " + operator.json + " \"" + value + "\"" + (caseSensitive ? " (case-sensitive)" : "");
        }
    }
}
