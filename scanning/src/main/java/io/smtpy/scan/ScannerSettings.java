package io.smtpy.scan;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.google.common.net.HostAndPort;

import io.smtpy.scan.daemon.DaemonSettings;

/**
 * The scanners an installation uses, from its configuration ({@code smtpy.properties}), read through a lookup
 * {@code Function<String, Optional<String>>} from a fixed key to its value (a blank value counts as absent):
 * <pre>
 * spamd.address=HOST:PORT        absent: no spam scoring          clamd.address=HOST:PORT    absent: no virus scanning
 * spamd.onFailure=defer|pass     default defer                    clamd.onFailure=defer|pass default defer
 * spamd.timeoutSeconds           default 15                       clamd.timeoutSeconds       default 30
 * spamd.maxSizeKiB               default 512 (larger: not scored) clamd.maxSizeKiB           default 25600 (larger: unavailable)
 * spamd.maxConcurrent            default 8                        clamd.maxConcurrent        default 8
 * outbound.spam.threshold        default 5.0
 * </pre>
 * A timeout bounds one request in all: waiting for one of the {@code maxConcurrent} slots, connecting, sending and
 * reading the answer. {@code clamd.maxSizeKiB} should not exceed clamd's own {@code StreamMaxLength} (25M by default);
 * a message over either limit is not scanned and follows {@code clamd.onFailure}, it is never taken as clean.
 */
public final class ScannerSettings {
    public static final String SPAMD_ADDRESS = "spamd.address";
    public static final String SPAMD_ON_FAILURE = "spamd.onFailure";
    public static final String SPAMD_TIMEOUT = "spamd.timeoutSeconds";
    public static final String SPAMD_MAX_SIZE = "spamd.maxSizeKiB";
    public static final String SPAMD_MAX_CONCURRENT = "spamd.maxConcurrent";
    public static final String CLAMD_ADDRESS = "clamd.address";
    public static final String CLAMD_ON_FAILURE = "clamd.onFailure";
    public static final String CLAMD_TIMEOUT = "clamd.timeoutSeconds";
    public static final String CLAMD_MAX_SIZE = "clamd.maxSizeKiB";
    public static final String CLAMD_MAX_CONCURRENT = "clamd.maxConcurrent";
    public static final String OUTBOUND_THRESHOLD = "outbound.spam.threshold";

    /** No scanner, failures deferred, the default outbound threshold. */
    public static final ScannerSettings NONE = parse(key -> Optional.empty());

    private final Optional<DaemonSettings> spamd;
    private final Optional<DaemonSettings> clamd;
    private final OnFailure spamdOnFailure;
    private final OnFailure clamdOnFailure;
    private final double outboundThreshold;

    public ScannerSettings(Optional<DaemonSettings> spamd, Optional<DaemonSettings> clamd, OnFailure spamdOnFailure,
                           OnFailure clamdOnFailure, double outboundThreshold) {
        this.spamd = Objects.requireNonNull(spamd);
        this.clamd = Objects.requireNonNull(clamd);
        this.spamdOnFailure = Objects.requireNonNull(spamdOnFailure);
        this.clamdOnFailure = Objects.requireNonNull(clamdOnFailure);
        this.outboundThreshold = outboundThreshold;
    }

    /** @throws IllegalArgumentException naming the key and the value, for any value that is not valid */
    public static ScannerSettings parse(Function<String, Optional<String>> properties) {
        Function<String, Optional<String>> values = key -> properties.apply(key).map(String::trim).filter(value -> !value.isEmpty());
        return new ScannerSettings(
            daemon(values, "spamd", 15, 512),
            daemon(values, "clamd", 30, 25600),
            onFailure(values, SPAMD_ON_FAILURE),
            onFailure(values, CLAMD_ON_FAILURE),
            values.apply(OUTBOUND_THRESHOLD).map(value -> threshold(value)).orElse(OutboundScanPolicy.DEFAULT_THRESHOLD));
    }

    /** The same from a map of the properties (other keys are ignored). */
    public static ScannerSettings parse(Map<String, String> properties) {
        return parse(key -> Optional.ofNullable(properties.get(key)));
    }

    public Optional<DaemonSettings> spamd() {
        return spamd;
    }

    public Optional<DaemonSettings> clamd() {
        return clamd;
    }

    public OnFailure spamdOnFailure() {
        return spamdOnFailure;
    }

    public OnFailure clamdOnFailure() {
        return clamdOnFailure;
    }

    public double outboundThreshold() {
        return outboundThreshold;
    }

    /** What the mail path does with a scanner that cannot answer. */
    public ScanPolicy policy() {
        return new ScanPolicy(spamdOnFailure, clamdOnFailure);
    }

    /** The checks of submitted mail, with these failure modes and the outbound threshold. */
    public OutboundScanPolicy outboundPolicy(MessageScanner scanner) {
        return new OutboundScanPolicy(scanner, policy(), outboundThreshold);
    }

    private static Optional<DaemonSettings> daemon(Function<String, Optional<String>> values, String name,
                                                   int defaultTimeoutSeconds, int defaultMaxSizeKiB) {
        String timeoutKey = name + ".timeoutSeconds";
        String maxSizeKey = name + ".maxSizeKiB";
        String maxConcurrentKey = name + ".maxConcurrent";
        int timeout = values.apply(timeoutKey).map(value -> positive(timeoutKey, value, 3600)).orElse(defaultTimeoutSeconds);
        int maxSizeKiB = values.apply(maxSizeKey).map(value -> positive(maxSizeKey, value, 1024 * 1024)).orElse(defaultMaxSizeKiB);
        int maxConcurrent = values.apply(maxConcurrentKey).map(value -> positive(maxConcurrentKey, value, 1024)).orElse(8);
        String addressKey = name + ".address";
        return values.apply(addressKey).map(value -> new DaemonSettings(address(addressKey, value),
            Duration.ofSeconds(timeout), maxSizeKiB * 1024L, maxConcurrent));
    }

    private static HostAndPort address(String key, String value) {
        try {
            HostAndPort address = HostAndPort.fromString(value);
            if (address.hasPort() && !address.getHost().isEmpty() && address.getPort() > 0) {
                return address;
            }
        } catch (IllegalArgumentException e) {
            // reported below, with the key
        }
        throw invalid(key, value, "HOST:PORT");
    }

    private static int positive(String key, String value, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the key
        }
        throw invalid(key, value, "a whole number from 1 to " + max);
    }

    private static OnFailure onFailure(Function<String, Optional<String>> values, String key) {
        Optional<String> value = values.apply(key);
        try {
            return value.map(OnFailure::parse).orElse(OnFailure.DEFER);
        } catch (IllegalArgumentException e) {
            throw invalid(key, value.get(), "defer or pass");
        }
    }

    private static double threshold(String value) {
        try {
            double threshold = Double.parseDouble(value);
            if (Double.isFinite(threshold)) {
                return threshold;
            }
        } catch (NumberFormatException e) {
            // reported below, with the key
        }
        throw invalid(OUTBOUND_THRESHOLD, value, "a number");
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(key + "=" + value + " is not valid: expected " + expected);
    }

    @Override
    public String toString() {
        return "spamd " + spamd.map(DaemonSettings::toString).orElse("off") + " on failure " + spamdOnFailure.asString()
            + ", clamd " + clamd.map(DaemonSettings::toString).orElse("off") + " on failure " + clamdOnFailure.asString()
            + ", outbound threshold " + ScanFields.score(outboundThreshold);
    }
}
