package io.smtpy.protection;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.smtpy.core.model.Cidr;

/**
 * What connection-level protection does: the DNS blocklists asked about each connecting address, the networks trusted
 * to skip every check (the operator's own relays), and how clients probing for unknown recipients are slowed, then
 * refused. Built with {@link #builder()}; every value is checked there, so a guard never runs on a nonsense setting.
 *
 * <p>Defaults: no blocklist, no trusted network; a client is slowed after 10 unknown recipients within 10 minutes, by
 * 500 ms more for each further one up to 5 s per reply, and refused for 30 minutes after 30.
 */
public final class ProtectionSettings {
    public static final int DEFAULT_SLOW_AFTER = 10;
    public static final int DEFAULT_REFUSE_AFTER = 30;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_REFUSE_FOR = Duration.ofMinutes(30);
    public static final Duration DEFAULT_DELAY_STEP = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);
    /** A reply held longer than this holds the client past common client timeouts and a server thread with it. */
    public static final Duration LONGEST_DELAY = Duration.ofSeconds(60);
    /** How many client addresses are tracked at once: a botnet's spread of addresses cannot grow memory beyond it. */
    public static final int DEFAULT_MAX_TRACKED_CLIENTS = 10_000;
    private static final Pattern ZONE = Pattern.compile("(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final List<String> dnsblZones;
    private final List<Cidr> trustedNetworks;
    private final int slowAfter;
    private final int refuseAfter;
    private final Duration window;
    private final Duration refuseFor;
    private final Duration delayStep;
    private final Duration maxDelay;
    private final int maxTrackedClients;

    private ProtectionSettings(Builder builder) {
        this.dnsblZones = List.copyOf(builder.dnsblZones);
        this.trustedNetworks = List.copyOf(builder.trustedNetworks);
        this.slowAfter = builder.slowAfter;
        this.refuseAfter = builder.refuseAfter;
        this.window = builder.window;
        this.refuseFor = builder.refuseFor;
        this.delayStep = builder.delayStep;
        this.maxDelay = builder.maxDelay;
        this.maxTrackedClients = builder.maxTrackedClients;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ProtectionSettings defaults() {
        return builder().build();
    }

    /** The blocklist zones, lower-case, in the order they are asked; the first that lists an address names the refusal. */
    public List<String> dnsblZones() {
        return dnsblZones;
    }

    public List<Cidr> trustedNetworks() {
        return trustedNetworks;
    }

    /** Unknown recipients within the window after which each further recipient is answered late. */
    public int slowAfter() {
        return slowAfter;
    }

    /** Unknown recipients within the window after which the client is refused for {@link #refuseFor()}. */
    public int refuseAfter() {
        return refuseAfter;
    }

    public Duration window() {
        return window;
    }

    public Duration refuseFor() {
        return refuseFor;
    }

    public Duration delayStep() {
        return delayStep;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public int maxTrackedClients() {
        return maxTrackedClients;
    }

    @Override
    public String toString() {
        return "ProtectionSettings{zones=" + dnsblZones + ", trusted=" + trustedNetworks + ", slowAfter=" + slowAfter
            + ", refuseAfter=" + refuseAfter + ", window=" + window + ", refuseFor=" + refuseFor + ", delayStep=" + delayStep
            + ", maxDelay=" + maxDelay + ", maxTrackedClients=" + maxTrackedClients + "}";
    }

    public static final class Builder {
        private List<String> dnsblZones = List.of();
        private List<Cidr> trustedNetworks = List.of();
        private int slowAfter = DEFAULT_SLOW_AFTER;
        private int refuseAfter = DEFAULT_REFUSE_AFTER;
        private Duration window = DEFAULT_WINDOW;
        private Duration refuseFor = DEFAULT_REFUSE_FOR;
        private Duration delayStep = DEFAULT_DELAY_STEP;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private int maxTrackedClients = DEFAULT_MAX_TRACKED_CLIENTS;

        private Builder() {
        }

        /** @throws IllegalArgumentException for a zone that is not a DNS name of at least two labels */
        public Builder dnsblZones(List<String> zones) {
            this.dnsblZones = zones.stream().map(Builder::zone).distinct().collect(Collectors.toList());
            return this;
        }

        public Builder trustedNetworks(List<Cidr> networks) {
            this.trustedNetworks = List.copyOf(networks);
            return this;
        }

        public Builder slowAfter(int unknownRecipients) {
            this.slowAfter = unknownRecipients;
            return this;
        }

        public Builder refuseAfter(int unknownRecipients) {
            this.refuseAfter = unknownRecipients;
            return this;
        }

        public Builder window(Duration window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        public Builder refuseFor(Duration refuseFor) {
            this.refuseFor = Objects.requireNonNull(refuseFor, "refuseFor");
            return this;
        }

        public Builder delayStep(Duration delayStep) {
            this.delayStep = Objects.requireNonNull(delayStep, "delayStep");
            return this;
        }

        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
            return this;
        }

        public Builder maxTrackedClients(int maxTrackedClients) {
            this.maxTrackedClients = maxTrackedClients;
            return this;
        }

        /** @throws IllegalArgumentException naming the first value out of its range */
        public ProtectionSettings build() {
            if (slowAfter < 1) {
                throw new IllegalArgumentException("slowAfter must be 1 or more, not " + slowAfter);
            }
            if (refuseAfter <= slowAfter) {
                throw new IllegalArgumentException("refuseAfter (" + refuseAfter + ") must be more than slowAfter (" + slowAfter + ")");
            }
            positive("window", window);
            positive("refuseFor", refuseFor);
            if (delayStep.isNegative()) {
                throw new IllegalArgumentException("delayStep must be 0 or more, not " + delayStep);
            }
            if (maxDelay.isNegative() || maxDelay.compareTo(LONGEST_DELAY) > 0) {
                throw new IllegalArgumentException("maxDelay must be between 0 and " + LONGEST_DELAY.toSeconds() + " s, not " + maxDelay);
            }
            if (maxDelay.compareTo(delayStep) < 0) {
                throw new IllegalArgumentException("maxDelay (" + maxDelay + ") must not be less than delayStep (" + delayStep + ")");
            }
            if (maxTrackedClients < 1) {
                throw new IllegalArgumentException("maxTrackedClients must be 1 or more, not " + maxTrackedClients);
            }
            return new ProtectionSettings(this);
        }

        private static void positive(String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + value);
            }
        }

        private static String zone(String value) {
            String zone = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
            if (zone.endsWith(".")) {
                zone = zone.substring(0, zone.length() - 1);
            }
            if (!ZONE.matcher(zone).matches()) {
                throw new IllegalArgumentException("'" + value + "' is not a DNS blocklist zone (a name such as zen.example.org)");
            }
            return zone;
        }
    }
}
