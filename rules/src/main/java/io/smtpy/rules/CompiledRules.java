package io.smtpy.rules;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import io.smtpy.core.model.InvalidFieldException;

/**
 * A rule list checked and turned into what evaluation runs: values lower-cased, numbers, times and weekdays parsed,
 * regular expressions and globs compiled, all once. Compiling is the one place a rule list is validated, so the JSON
 * reader and {@link RuleBook#put} refuse the same lists with the same JSON paths.
 */
final class CompiledRules {
    static final CompiledRules EMPTY = new CompiledRules(null, RuleSet.empty(), List.of());

    private static final int MAX_RULE_NAME = 100;
    private static final int MAX_URL = 2000;
    private static final int MAX_REJECT_TEXT = 200;
    private static final int MAX_HEADER_VALUE = 998;
    private static final int MAX_HEADER_NAME = 76;
    private static final int MAX_PREFIX = 100;
    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("([0-9]{1,15})([kKmMgG])?");
    private static final java.util.regex.Pattern TIME_WINDOW =
        java.util.regex.Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])");
    private static final Set<String> TEXT_FIELDS = Set.of("sender", "recipient", "from", "to", "cc", "reply-to", "subject",
        "list-id", "body", "attachment", "attachment-name", "attachment-type", "tag", "virus");
    private static final Set<Condition.Operator> TEXT_OPERATORS = EnumSet.of(Condition.Operator.EQUALS,
        Condition.Operator.CONTAINS, Condition.Operator.STARTS_WITH, Condition.Operator.ENDS_WITH, Condition.Operator.GLOB,
        Condition.Operator.MATCHES, Condition.Operator.EXISTS);
    private static final Set<Condition.Operator> NUMBER_OPERATORS = EnumSet.of(Condition.Operator.EQUALS,
        Condition.Operator.GT, Condition.Operator.LT, Condition.Operator.GTE, Condition.Operator.LTE);
    /**
     * Header fields a rule may not add: those that carry the message's identity, routing or authentication (adding
     * one would forge or break it) and those that describe its MIME structure.
     */
    private static final Set<String> PROTECTED_HEADERS = Set.of("received", "return-path", "dkim-signature",
        "authentication-results", "received-spf", "from", "to", "cc", "bcc", "subject", "date", "message-id", "sender",
        "reply-to", "mime-version", "delivered-to", "in-reply-to", "references", "list-id", "list-unsubscribe",
        "list-unsubscribe-post", "domainkey-signature", "autocrypt");
    private static final List<String> PROTECTED_HEADER_PREFIXES = List.of("arc-", "content-", "resent-", "x-smtpy-");

    private final RuleScope scope;
    private final RuleSet source;
    private final List<CompiledRule> rules;
    private final boolean anyEnabled;

    private CompiledRules(RuleScope scope, RuleSet source, List<CompiledRule> rules) {
        this.scope = scope;
        this.source = source;
        this.rules = rules;
        this.anyEnabled = rules.stream().anyMatch(rule -> rule.enabled);
    }

    /**
     * @throws InvalidFieldException naming the JSON path of the first thing wrong, e.g. {@code rules[2].conditions.all[0].op}
     */
    static CompiledRules compile(RuleSet set, RuleLimits limits) {
        if (set.rules().size() > limits.rules()) {
            throw new InvalidFieldException("rules", "at most " + limits.rules() + " rules per list, not " + set.rules().size());
        }
        List<CompiledRule> compiled = new ArrayList<>(set.rules().size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < set.rules().size(); i++) {
            Rule rule = set.rules().get(i);
            String path = "rules[" + i + "]";
            checkName(rule.name(), path + ".name");
            if (!names.add(rule.name().toLowerCase(Locale.ROOT))) {
                throw new InvalidFieldException(path + ".name", "another rule of the list is already named '" + rule.name() + "'");
            }
            Node conditions = compileGroup(rule.conditions(), path + ".conditions", 1, new int[1], limits);
            if (rule.actions().size() > limits.actionsPerRule()) {
                throw new InvalidFieldException(path + ".actions", "at most " + limits.actionsPerRule()
                    + " actions per rule, not " + rule.actions().size());
            }
            for (int a = 0; a < rule.actions().size(); a++) {
                checkAction(rule.actions().get(a), path + ".actions[" + a + "]", limits);
            }
            compiled.add(new CompiledRule(rule, conditions));
        }
        return new CompiledRules(null, set, List.copyOf(compiled));
    }

    /** The same rules, naming {@code scope} in results. */
    CompiledRules in(RuleScope scope) {
        List<CompiledRule> bound = new ArrayList<>(rules.size());
        for (CompiledRule rule : rules) {
            bound.add(rule.in(scope));
        }
        return new CompiledRules(scope, source, List.copyOf(bound));
    }

    RuleSet source() {
        return source;
    }

    boolean hasEnabledRules() {
        return anyEnabled;
    }

    /**
     * Runs the rules in order, applying matched rules' actions to {@code result}, and adds each matched rule to
     * {@code matched}. Returns false when a {@code stop} ended evaluation (the rules after it are traced as skipped).
     */
    boolean evaluate(MessageView view, RuleEvaluation.Builder result, List<RuleRef> matched) {
        boolean goOn = true;
        ZoneId zone = source.timeZone();
        for (CompiledRule rule : rules) {
            if (!goOn) {
                result.step(new TraceStep(rule.ref, TraceStep.Outcome.SKIPPED_AFTER_STOP, () -> "after stop", List.of()));
            } else if (!rule.enabled) {
                result.step(new TraceStep(rule.ref, TraceStep.Outcome.DISABLED, () -> "disabled", List.of()));
            } else if (rule.conditions.test(view, zone)) {
                List<String> taken = new ArrayList<>(rule.actions.size());
                for (RuleAction action : rule.actions) {
                    taken.add(action.toString());
                    goOn = result.apply(rule.ref, action);
                    if (!goOn) {
                        break;
                    }
                }
                matched.add(rule.ref);
                result.step(new TraceStep(rule.ref, TraceStep.Outcome.MATCHED, why(rule, view, zone), taken));
            } else {
                result.step(new TraceStep(rule.ref, TraceStep.Outcome.NOT_MATCHED, why(rule, view, zone), List.of()));
            }
        }
        return goOn;
    }

    /** Traces every rule as skipped: an earlier list stopped evaluation. */
    void skip(RuleEvaluation.Builder result) {
        for (CompiledRule rule : rules) {
            result.step(new TraceStep(rule.ref, TraceStep.Outcome.SKIPPED_AFTER_STOP, () -> "after stop", List.of()));
        }
    }

    private static Supplier<String> why(CompiledRule rule, MessageView view, ZoneId zone) {
        return () -> {
            StringBuilder text = new StringBuilder();
            rule.conditions.explain(view, zone, text, true);
            return text.length() == 0 ? "no conditions" : text.toString();
        };
    }

    private static final class CompiledRule {
        final RuleRef ref;
        final boolean enabled;
        final Node conditions;
        final List<RuleAction> actions;
        private final Rule rule;

        CompiledRule(Rule rule, Node conditions) {
            this(rule, conditions, null);
        }

        private CompiledRule(Rule rule, Node conditions, RuleRef ref) {
            this.rule = rule;
            this.ref = ref;
            this.enabled = rule.enabled();
            this.conditions = conditions;
            this.actions = rule.actions();
        }

        CompiledRule in(RuleScope scope) {
            return new CompiledRule(rule, conditions, new RuleRef(scope, rule.name()));
        }
    }

    // ---------------------------------------------------------------- conditions

    /** A compiled condition. {@code explain} evaluates like {@code test} and writes each test with its answer. */
    private interface Node {
        boolean test(MessageView view, ZoneId zone);

        boolean explain(MessageView view, ZoneId zone, StringBuilder text, boolean top);
    }

    private static Node compileGroup(Condition.Group group, String path, int depth, int[] count, RuleLimits limits) {
        if (depth > limits.depth()) {
            throw new InvalidFieldException(path, "condition groups nest at most " + limits.depth() + " deep");
        }
        String kind = group.kind().json();
        List<Node> children = new ArrayList<>(group.conditions().size());
        for (int i = 0; i < group.conditions().size(); i++) {
            Condition condition = group.conditions().get(i);
            String childPath = group.kind() == Condition.Group.Kind.NOT ? path + ".not" : path + "." + kind + "[" + i + "]";
            count[0]++;
            if (count[0] > limits.conditionsPerRule()) {
                throw new InvalidFieldException(rulePath(path) + ".conditions", "at most " + limits.conditionsPerRule()
                    + " conditions per rule (nested ones included)");
            }
            if (condition instanceof Condition.Group) {
                children.add(compileGroup((Condition.Group) condition, childPath, depth + 1, count, limits));
            } else {
                children.add(compileLeaf((Condition.Leaf) condition, childPath, limits));
            }
        }
        return new GroupNode(group.kind(), children);
    }

    /** {@code rules[3]} of {@code rules[3].conditions.all[1]}. */
    private static String rulePath(String path) {
        return path.substring(0, path.indexOf(".conditions"));
    }

    private static final class GroupNode implements Node {
        private final Condition.Group.Kind kind;
        private final Node[] children;

        GroupNode(Condition.Group.Kind kind, List<Node> children) {
            this.kind = kind;
            this.children = children.toArray(new Node[0]);
        }

        @Override
        public boolean test(MessageView view, ZoneId zone) {
            switch (kind) {
                case ALL:
                    for (Node child : children) {
                        if (!child.test(view, zone)) {
                            return false;
                        }
                    }
                    return true;
                case ANY:
                    for (Node child : children) {
                        if (child.test(view, zone)) {
                            return true;
                        }
                    }
                    return false;
                default:
                    return !children[0].test(view, zone);
            }
        }

        @Override
        public boolean explain(MessageView view, ZoneId zone, StringBuilder text, boolean top) {
            if (kind == Condition.Group.Kind.NOT) {
                text.append("not (");
                boolean inner = children[0].explain(view, zone, text, false);
                text.append(')');
                return !inner;
            }
            boolean all = kind == Condition.Group.Kind.ALL;
            if (!top) {
                text.append(kind.json()).append(" (");
            }
            boolean result = all;
            for (int i = 0; i < children.length; i++) {
                if (i > 0) {
                    text.append(all ? " and " : " or ");
                }
                boolean answer = children[i].explain(view, zone, text, false);
                if (answer != all) {
                    result = answer;
                    break;
                }
            }
            if (!top) {
                text.append(')');
            }
            return result;
        }
    }

    /** A leaf with the text the trace shows for it. */
    private abstract static class LeafNode implements Node {
        private final String description;

        LeafNode(Condition.Leaf leaf) {
            this.description = leaf.field() + " " + leaf.operator().json()
                + (leaf.operator() == Condition.Operator.EXISTS ? "" : " \"" + leaf.value() + "\"")
                + (leaf.caseSensitive() ? " (case-sensitive)" : "");
        }

        @Override
        public boolean explain(MessageView view, ZoneId zone, StringBuilder text, boolean top) {
            boolean answer = test(view, zone);
            text.append(description).append(": ").append(answer ? "yes" : "no");
            return answer;
        }
    }

    private static Node compileLeaf(Condition.Leaf leaf, String path, RuleLimits limits) {
        String field = leaf.field();
        Condition.Operator operator = leaf.operator();
        String value = leaf.value();
        if (value.length() > limits.valueLength()) {
            throw new InvalidFieldException(path + ".value", "at most " + limits.valueLength() + " characters, not " + value.length());
        }
        if (TEXT_FIELDS.contains(field) || field.startsWith("header:")) {
            if (field.startsWith("header:")) {
                checkHeaderName(field.substring("header:".length()), path + ".field");
            }
            requireOperator(operator, TEXT_OPERATORS, field, path);
            if (operator == Condition.Operator.EXISTS && field.equals("attachment")) {
                return anyAttachment(leaf);
            }
            return new TextNode(leaf, compilePattern(leaf, path));
        }
        switch (field) {
            case "size":
            case "attachment-size":
                if (field.equals("attachment-size") && operator == Condition.Operator.EXISTS) {
                    return anyAttachment(leaf);
                }
                requireOperator(operator, NUMBER_OPERATORS, field, path);
                return new NumberNode(leaf, size(value, path + ".value"));
            case "spf":
            case "dkim":
            case "dmarc":
            case "arc":
                requireOperator(operator, EnumSet.of(Condition.Operator.EQUALS), field, path);
                String token = value.trim().toLowerCase(Locale.ROOT);
                if (!Verdicts.TOKENS.contains(token)) {
                    throw new InvalidFieldException(path + ".value", "a verdict is one of " + String.join(", ", sorted(Verdicts.TOKENS)));
                }
                return new LeafNode(leaf) {
                    @Override
                    public boolean test(MessageView view, ZoneId zone) {
                        return view.verdict(field).equals(token);
                    }
                };
            case "spamscore":
                if (operator == Condition.Operator.EXISTS) {
                    return new LeafNode(leaf) {
                        @Override
                        public boolean test(MessageView view, ZoneId zone) {
                            return view.spamScore().isPresent();
                        }
                    };
                }
                requireOperator(operator, NUMBER_OPERATORS, field, path);
                return new ScoreNode(leaf, score(value, path + ".value"));
            case "time":
                requireOperator(operator, EnumSet.of(Condition.Operator.IN), field, path);
                return timeWindow(leaf, path + ".value");
            case "weekday":
                requireOperator(operator, EnumSet.of(Condition.Operator.IN), field, path);
                return weekdays(leaf, path + ".value");
            default:
                throw new InvalidFieldException(path + ".field", "unknown field '" + field + "'; one of sender, recipient,"
                    + " from, to, cc, reply-to, subject, list-id, header:<Name>, body, attachment, attachment-name,"
                    + " attachment-type, attachment-size, size, spf, dkim, dmarc, arc, spamScore, virus, tag, time, weekday");
        }
    }

    /** {@code attachment exists}, {@code attachment-size exists}: the message has an attachment, named or not. */
    private static Node anyAttachment(Condition.Leaf leaf) {
        return new LeafNode(leaf) {
            @Override
            public boolean test(MessageView view, ZoneId zone) {
                return view.hasAttachments();
            }
        };
    }

    private static List<String> sorted(Set<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(null);
        return list;
    }

    private static void requireOperator(Condition.Operator operator, Set<Condition.Operator> allowed, String field, String path) {
        if (!allowed.contains(operator)) {
            List<String> names = new ArrayList<>();
            allowed.forEach(op -> names.add(op.json()));
            throw new InvalidFieldException(path + ".op", "'" + operator.json() + "' does not apply to " + field + "; use one of "
                + String.join(", ", names));
        }
    }

    private static Pattern compilePattern(Condition.Leaf leaf, String path) {
        int flags = leaf.caseSensitive() ? 0 : Pattern.CASE_INSENSITIVE;
        try {
            if (leaf.operator() == Condition.Operator.MATCHES) {
                return Pattern.compile(leaf.value(), flags);
            }
            if (leaf.operator() == Condition.Operator.GLOB) {
                // Validated as a pattern (as before), matched by Glob: no regular expression engine per mail.
                Pattern.compile(glob(leaf.value()), flags | Pattern.DOTALL);
                return null;
            }
            return null;
        } catch (PatternSyntaxException e) {
            throw new InvalidFieldException(path + ".value", "not a valid regular expression: " + e.getDescription());
        }
    }

    /** {@code *} any run of characters, {@code ?} one character, everything else literal. */
    private static String glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }

    /** Text operators over every value of a field; any value that passes makes the condition true. */
    private static final class TextNode extends LeafNode {
        private final String field;
        private final Condition.Operator operator;
        private final boolean lowerCase;
        private final String value;
        private final Pattern pattern;
        private final Glob glob;

        TextNode(Condition.Leaf leaf, Pattern pattern) {
            super(leaf);
            this.field = leaf.field();
            this.operator = leaf.operator();
            this.lowerCase = !leaf.caseSensitive() && pattern == null;
            this.value = lowerCase ? leaf.value().toLowerCase(Locale.ROOT) : leaf.value();
            this.pattern = pattern;
            this.glob = operator == Condition.Operator.GLOB ? new Glob(value) : null;
        }

        @Override
        public boolean test(MessageView view, ZoneId zone) {
            List<String> texts = view.texts(field, lowerCase);
            for (int i = 0; i < texts.size(); i++) {
                if (passes(texts.get(i))) {
                    return true;
                }
            }
            return false;
        }

        private boolean passes(String text) {
            switch (operator) {
                case EQUALS:
                    return text.equals(value);
                case CONTAINS:
                    return text.contains(value);
                case STARTS_WITH:
                    return text.startsWith(value);
                case ENDS_WITH:
                    return text.endsWith(value);
                case GLOB:
                    return glob.matches(text);
                case MATCHES:
                    return pattern.matcher(text).find();
                case EXISTS:
                    return !text.isEmpty();
                default:
                    throw new IllegalStateException(operator + " is not a text operator");
            }
        }
    }

    private static long size(String value, String path) {
        Matcher matcher = SIZE.matcher(value.trim());
        if (!matcher.matches()) {
            throw new InvalidFieldException(path, "a size is a number of bytes, optionally followed by k, M or G (e.g. 10k, 2M)");
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2).toLowerCase(Locale.ROOT);
        int shift = unit.isEmpty() ? 0 : unit.equals("k") ? 10 : unit.equals("m") ? 20 : 30;
        return number << shift;
    }

    private static double score(String value, String path) {
        try {
            double score = Double.parseDouble(value.trim());
            if (Double.isFinite(score)) {
                return score;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new InvalidFieldException(path, "a spam score is a number such as 5 or 7.5, not '" + value + "'");
    }

    /** {@code spamScore} against a number; a message that was not scored passes no comparison. */
    private static final class ScoreNode extends LeafNode {
        private final Condition.Operator operator;
        private final double value;

        ScoreNode(Condition.Leaf leaf, double value) {
            super(leaf);
            this.operator = leaf.operator();
            this.value = value;
        }

        @Override
        public boolean test(MessageView view, ZoneId zone) {
            Optional<Double> score = view.spamScore();
            if (score.isEmpty()) {
                return false;
            }
            int order = Double.compare(score.get(), value);
            switch (operator) {
                case EQUALS:
                    return order == 0;
                case GT:
                    return order > 0;
                case LT:
                    return order < 0;
                case GTE:
                    return order >= 0;
                case LTE:
                    return order <= 0;
                default:
                    throw new IllegalStateException(operator + " is not a number operator");
            }
        }
    }

    private static final class NumberNode extends LeafNode {
        private final boolean attachments;
        private final Condition.Operator operator;
        private final long value;

        NumberNode(Condition.Leaf leaf, long value) {
            super(leaf);
            this.attachments = leaf.field().equals("attachment-size");
            this.operator = leaf.operator();
            this.value = value;
        }

        @Override
        public boolean test(MessageView view, ZoneId zone) {
            if (!attachments) {
                return passes(view.size());
            }
            for (long size : view.attachmentSizes()) {
                if (passes(size)) {
                    return true;
                }
            }
            return false;
        }

        private boolean passes(long size) {
            switch (operator) {
                case EQUALS:
                    return size == value;
                case GT:
                    return size > value;
                case LT:
                    return size < value;
                case GTE:
                    return size >= value;
                case LTE:
                    return size <= value;
                default:
                    throw new IllegalStateException(operator + " is not a number operator");
            }
        }
    }

    /** {@code HH:MM-HH:MM}, start included, end excluded; an end before the start wraps past midnight. */
    private static Node timeWindow(Condition.Leaf leaf, String path) {
        Matcher matcher = TIME_WINDOW.matcher(leaf.value().trim());
        if (!matcher.matches()) {
            throw new InvalidFieldException(path, "a time window is HH:MM-HH:MM, e.g. 22:00-06:30");
        }
        int start = Integer.parseInt(matcher.group(1)) * 60 + Integer.parseInt(matcher.group(2));
        int end = Integer.parseInt(matcher.group(3)) * 60 + Integer.parseInt(matcher.group(4));
        if (start == end) {
            throw new InvalidFieldException(path, "a time window cannot start and end at the same minute");
        }
        return new LeafNode(leaf) {
            @Override
            public boolean test(MessageView view, ZoneId zone) {
                LocalTime local = view.receivedAt().atZone(zone).toLocalTime();
                int minute = local.getHour() * 60 + local.getMinute();
                return start < end ? minute >= start && minute < end : minute >= start || minute < end;
            }
        };
    }

    private static Node weekdays(Condition.Leaf leaf, String path) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : leaf.value().split(",", -1)) {
            String day = name.trim().toLowerCase(Locale.ROOT);
            DayOfWeek found = null;
            for (DayOfWeek candidate : DayOfWeek.values()) {
                String full = candidate.name().toLowerCase(Locale.ROOT);
                if (day.equals(full) || day.equals(full.substring(0, 3))) {
                    found = candidate;
                }
            }
            if (found == null) {
                throw new InvalidFieldException(path, "weekdays are a comma-separated list of mon, tue, wed, thu, fri, sat, sun;"
                    + " '" + name.trim() + "' is not one");
            }
            days.add(found);
        }
        return new LeafNode(leaf) {
            @Override
            public boolean test(MessageView view, ZoneId zone) {
                return days.contains(ZonedDateTime.ofInstant(view.receivedAt(), zone).getDayOfWeek());
            }
        };
    }

    // ---------------------------------------------------------------- names and actions

    private static void checkName(String name, String path) {
        if (name.isBlank()) {
            throw new InvalidFieldException(path, "a rule needs a name");
        }
        if (name.length() > MAX_RULE_NAME) {
            throw new InvalidFieldException(path, "a rule name has at most " + MAX_RULE_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException(path, "a rule name cannot hold control characters");
        }
    }

    /** RFC 5322 field name: printable ASCII but the colon; kept short enough to fold. */
    private static void checkHeaderName(String name, String path) {
        if (name.isEmpty() || name.length() > MAX_HEADER_NAME) {
            throw new InvalidFieldException(path, "a header field name has 1 to " + MAX_HEADER_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || c == ':') {
                throw new InvalidFieldException(path, "a header field name is printable ASCII without spaces or ':'");
            }
        }
    }

    private static void checkAction(RuleAction action, String path, RuleLimits limits) {
        switch (action.type()) {
            case FORWARD:
            case ALSO_FORWARD:
                if (action.to().isEmpty()) {
                    throw new InvalidFieldException(path + ".to", "at least one address to forward to");
                }
                if (action.to().size() > limits.forwardTargets()) {
                    throw new InvalidFieldException(path + ".to", "at most " + limits.forwardTargets() + " addresses, not "
                        + action.to().size());
                }
                return;
            case POST:
                checkUrl(action.url().get(), path + ".url");
                return;
            case REJECT:
                action.rejectText().ifPresent(text -> {
                    if (text.isEmpty() || text.length() > MAX_REJECT_TEXT || !text.chars().allMatch(c -> c >= 32 && c < 127)) {
                        throw new InvalidFieldException(path + ".text", "1 to " + MAX_REJECT_TEXT + " printable ASCII characters");
                    }
                });
                return;
            case ADD_HEADER:
                String name = action.headerName().get();
                checkHeaderName(name, path + ".name");
                String lower = name.toLowerCase(Locale.ROOT);
                if (PROTECTED_HEADERS.contains(lower) || PROTECTED_HEADER_PREFIXES.stream().anyMatch(lower::startsWith)) {
                    throw new InvalidFieldException(path + ".name", "rules cannot add " + name
                        + ": it carries the message's identity, routing, authentication or structure");
                }
                String value = action.headerValue().get();
                if (value.length() > MAX_HEADER_VALUE || value.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
                    throw new InvalidFieldException(path + ".value", "at most " + MAX_HEADER_VALUE
                        + " characters, without line breaks or control characters");
                }
                return;
            case PREFIX_SUBJECT:
                String prefix = action.prefix().get();
                if (prefix.isEmpty() || prefix.length() > MAX_PREFIX || prefix.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
                    throw new InvalidFieldException(path + ".prefix", "1 to " + MAX_PREFIX
                        + " characters, without line breaks or control characters");
                }
                return;
            default:
        }
    }

    private static void checkUrl(String url, String path) {
        if (url.length() > MAX_URL) {
            throw new InvalidFieldException(path, "a URL has at most " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw new InvalidFieldException(path, "an http or https URL with a host and no credentials");
            }
        } catch (URISyntaxException e) {
            throw new InvalidFieldException(path, "not a URL: " + e.getReason());
        }
    }
}
