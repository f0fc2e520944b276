package io.smtpy.core.dkim;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.InvalidFieldException;

/**
 * How {@link DkimKeyRotation} keeps a domain's keys: which algorithms sign, when a key is replaced, how long a
 * replaced key stays published, and how selectors are named. {@link #DEFAULT}: RSA only, rotate after 90 days,
 * 7 days of grace, revoked record kept 30 days, DNS checked, selectors {@value #DEFAULT_SELECTOR_TEMPLATE}.
 */
public final class RotationPolicy {
    public static final String DEFAULT_SELECTOR_TEMPLATE = "v{version}-{algorithm}-{yyyymmdd}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final List<String> PLACEHOLDERS = List.of("version", "algorithm", "yyyymmdd");
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;
    // After the constants above: building it runs the template checks that use them.
    public static final RotationPolicy DEFAULT = builder().build();

    private final List<DkimAlgorithm> algorithms;
    private final Duration rotateAfter;
    private final Duration retiringGrace;
    private final Duration deleteAfter;
    private final Optional<Duration> publicationDelay;
    private final String selectorTemplate;

    private RotationPolicy(Builder builder) {
        if (builder.algorithms.isEmpty()) {
            throw new InvalidFieldException("algorithms", "at least one DKIM algorithm must be kept");
        }
        this.algorithms = ImmutableList.copyOf(builder.algorithms.stream().distinct().iterator());
        this.rotateAfter = positive("rotateAfter", builder.rotateAfter);
        this.retiringGrace = positive("retiringGrace", builder.retiringGrace);
        this.deleteAfter = positive("deleteAfter", builder.deleteAfter);
        this.publicationDelay = Objects.requireNonNull(builder.publicationDelay, "publicationDelay");
        publicationDelay.ifPresent(delay -> positive("publicationDelay", delay));
        this.selectorTemplate = checkTemplate(builder.selectorTemplate);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The algorithms each domain signs with, each with one active key; more than one means dual signing. */
    public List<DkimAlgorithm> algorithms() {
        return algorithms;
    }

    /** An active key older than this (since its activation) gets a successor. */
    public Duration rotateAfter() {
        return rotateAfter;
    }

    /** How long a replaced key stays published without signing (RETIRING) before it becomes RETIRED. */
    public Duration retiringGrace() {
        return retiringGrace;
    }

    /** How long a RETIRED key's revoked record ({@code p=} empty) stays in DNS before the record is removed. */
    public Duration deleteAfter() {
        return deleteAfter;
    }

    /**
     * Empty: DNS is checked, and a pending key becomes active when {@link PublishedKeyCheck} sees its record.
     * Present: DNS checking is off and a pending key becomes active this long after it was created, on the
     * operator's word that the record is published by then.
     */
    public Optional<Duration> publicationDelay() {
        return publicationDelay;
    }

    public String selectorTemplate() {
        return selectorTemplate;
    }

    /** The selector for the {@code version}-th key of an algorithm created on {@code date} (UTC). */
    public DkimSelector selector(int version, DkimAlgorithm algorithm, LocalDate date) {
        return DkimSelector.of(render(selectorTemplate, version, algorithm, date));
    }

    private static String render(String template, int version, DkimAlgorithm algorithm, LocalDate date) {
        return template.replace("{version}", Integer.toString(version))
            .replace("{algorithm}", algorithm.keyType())
            .replace("{yyyymmdd}", YYYYMMDD.format(date));
    }

    private static Duration positive(String field, Duration duration) {
        Objects.requireNonNull(duration, field);
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidFieldException(field, field + " must be positive");
        }
        return duration;
    }

    private static String checkTemplate(String template) {
        if (template == null || !template.contains("{version}")) {
            // Without the version two keys of one algorithm made on one day would share a selector.
            throw new InvalidFieldException("selectorTemplate", "the selector template must contain {version}");
        }
        Matcher placeholder = PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            if (!PLACEHOLDERS.contains(placeholder.group(1))) {
                throw new InvalidFieldException("selectorTemplate", "unknown placeholder {" + placeholder.group(1)
                    + "} in the selector template; known: " + PLACEHOLDERS);
            }
        }
        String longest = render(template, 99999, DkimAlgorithm.ED25519_SHA256, LocalDate.of(2026, 12, 31));
        try {
            DkimSelector.of(longest);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException("selectorTemplate", "the selector template makes invalid selectors such as '"
                + longest + "': " + e.getMessage());
        }
        return template;
    }

    @Override
    public String toString() {
        return "RotationPolicy{algorithms=" + algorithms + ", rotateAfter=" + rotateAfter + ", retiringGrace="
            + retiringGrace + ", deleteAfter=" + deleteAfter + ", publicationDelay=" + publicationDelay
            + ", selectorTemplate=" + selectorTemplate + "}";
    }

    public static final class Builder {
        private List<DkimAlgorithm> algorithms = List.of(DkimAlgorithm.RSA_SHA256);
        private Duration rotateAfter = Duration.ofDays(90);
        private Duration retiringGrace = Duration.ofDays(7);
        private Duration deleteAfter = Duration.ofDays(30);
        private Optional<Duration> publicationDelay = Optional.empty();
        private String selectorTemplate = DEFAULT_SELECTOR_TEMPLATE;

        private Builder() {
        }

        public Builder algorithms(DkimAlgorithm... algorithms) {
            this.algorithms = Arrays.asList(algorithms);
            return this;
        }

        public Builder rotateAfter(Duration rotateAfter) {
            this.rotateAfter = rotateAfter;
            return this;
        }

        public Builder retiringGrace(Duration retiringGrace) {
            this.retiringGrace = retiringGrace;
            return this;
        }

        public Builder deleteAfter(Duration deleteAfter) {
            this.deleteAfter = deleteAfter;
            return this;
        }

        public Builder publicationDelay(Optional<Duration> publicationDelay) {
            this.publicationDelay = publicationDelay;
            return this;
        }

        public Builder selectorTemplate(String selectorTemplate) {
            this.selectorTemplate = selectorTemplate;
            return this;
        }

        /** @throws InvalidFieldException naming the setting that is wrong */
        public RotationPolicy build() {
            return new RotationPolicy(this);
        }
    }
}
