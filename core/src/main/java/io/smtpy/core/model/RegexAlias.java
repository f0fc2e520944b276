package io.smtpy.core.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.google.common.collect.ImmutableList;

/**
 * An alias that matches local parts by regular expression ({@code ^(support|help)-(.+)$}); its destinations may
 * use the groups ({@code $1}, {@code $2}). Regex aliases of a domain are tried in ascending {@link #priority()}.
 *
 * <p>Matching is bounded: an expression that backtracks badly on a hostile local part gives up after a fixed
 * number of steps and counts as no match, so one owner's pattern cannot stall the SMTP server.
 */
public final class RegexAlias {
    private static final int MAX_PATTERN_LENGTH = 256;
    private static final Pattern GROUP_REFERENCE = Pattern.compile("\\$(\\d)");

    private final String pattern;
    private final Pattern compiled;
    private final List<String> destinations;
    private final int priority;
    private final String description;

    private RegexAlias(String pattern, Pattern compiled, List<String> destinations, int priority, String description) {
        this.pattern = pattern;
        this.compiled = compiled;
        this.destinations = ImmutableList.copyOf(destinations);
        this.priority = priority;
        this.description = description;
    }

    /**
     * @param destinations address templates; {@code $n} is replaced by group n of the match
     * @throws InvalidFieldException naming the field that is wrong
     */
    public static RegexAlias of(String pattern, List<String> destinations, int priority, String description, Limits limits) {
        if (pattern == null || pattern.isEmpty()) {
            throw new InvalidFieldException("pattern", "pattern must not be empty");
        }
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new InvalidFieldException("pattern", "pattern is longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new InvalidFieldException("pattern", "pattern is not a valid regular expression: " + e.getDescription());
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(destinations));
        if (distinct.isEmpty()) {
            throw new InvalidFieldException("destinations", "a regex alias needs at least one destination");
        }
        if (distinct.size() > limits.maxDestinations()) {
            throw new InvalidFieldException("destinations", "a regex alias may have at most " + limits.maxDestinations()
                + " destinations, got " + distinct.size());
        }
        int groups = compiled.matcher("").groupCount();
        for (int i = 0; i < distinct.size(); i++) {
            String template = distinct.get(i);
            String field = "destinations[" + i + "]";
            Matcher reference = GROUP_REFERENCE.matcher(template);
            while (reference.find()) {
                int group = Integer.parseInt(reference.group(1));
                if (group > groups) {
                    throw new InvalidFieldException(field, "'" + template + "' refers to $" + group
                        + " but the pattern has " + groups + " group(s)");
                }
            }
            try {
                Destination.of(GROUP_REFERENCE.matcher(template).replaceAll("x"));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field, "'" + template + "' does not make a valid address (tried with every $n as 'x': "
                    + e.getMessage() + ")");
            }
        }
        String text = description == null ? "" : description;
        if (text.length() > limits.maxDescriptionLength()) {
            throw new InvalidFieldException("description", "description is longer than " + limits.maxDescriptionLength() + " characters");
        }
        return new RegexAlias(pattern, compiled, distinct, priority, text);
    }

    /**
     * The destinations for this local part, or empty when the pattern does not match it (or gives up).
     * Destinations whose substituted text is not a valid address are left out.
     */
    public Optional<List<Destination>> resolve(LocalPart localPart) {
        Matcher matcher = compiled.matcher(new BoundedCharSequence(localPart.asString()));
        boolean matched;
        try {
            matched = matcher.find();
        } catch (BoundedCharSequence.TooManySteps e) {
            return Optional.empty();
        }
        if (!matched) {
            return Optional.empty();
        }
        List<Destination> resolved = new ArrayList<>();
        for (String template : destinations) {
            String rendered = render(template, matcher);
            try {
                resolved.add(Destination.of(rendered));
            } catch (IllegalArgumentException invalid) {
                // A group captured text that makes no address: that destination cannot receive this mail.
            }
        }
        return resolved.isEmpty() ? Optional.empty() : Optional.of(ImmutableList.copyOf(new LinkedHashSet<>(resolved)));
    }

    private static String render(String template, Matcher match) {
        Matcher reference = GROUP_REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String group = match.group(Integer.parseInt(reference.group(1)));
            reference.appendReplacement(out, Matcher.quoteReplacement(group == null ? "" : group.toString()));
        }
        reference.appendTail(out);
        return out.toString();
    }

    public String pattern() {
        return pattern;
    }

    public List<String> destinations() {
        return destinations;
    }

    public int priority() {
        return priority;
    }

    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegexAlias
            && ((RegexAlias) o).pattern.equals(pattern)
            && ((RegexAlias) o).destinations.equals(destinations)
            && ((RegexAlias) o).priority == priority
            && ((RegexAlias) o).description.equals(description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pattern, destinations, priority, description);
    }

    /** Counts character reads and stops a match that reads far more than a local part can justify. */
    private static final class BoundedCharSequence implements CharSequence {
        private static final int MAX_STEPS = 100_000;

        static final class TooManySteps extends RuntimeException {
            TooManySteps() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private int steps;

        BoundedCharSequence(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_STEPS) {
                throw new TooManySteps();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
