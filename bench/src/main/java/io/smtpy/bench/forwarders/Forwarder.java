package io.smtpy.bench.forwarders;

import java.io.IOException;

import io.smtpy.bench.smtp.TimestampingSink;

/**
 * One system under test: an SMTP server on loopback that forwards mail for an alias to destinations on the
 * benchmark's sink. Every forwarder gets the same two aliases: one with {@value #ONE} destination, one with
 * {@value #THREE}.
 */
public interface Forwarder extends AutoCloseable {
    int ONE = 1;
    int THREE = 3;
    /** The domain of the destinations; the sink accepts anything, the forwarders relay it to the sink. */
    String DESTINATION_DOMAIN = "sink.example";

    /** A short name for tables: smtpy, james, postfix. */
    String name();

    /** Starts the forwarder relaying all outbound mail to the sink and creates the aliases; returns once it accepts mail. */
    void start(int sinkPort) throws Exception;

    int smtpPort();

    /** The address that forwards to {@code destinations} (1 or 3) addresses on the sink. */
    String alias(int destinations);

    /** CPU time used so far by the forwarder (all its processes), in clock ticks. */
    long cpuTicks();

    /** Resident memory now, in KiB. */
    long residentKb();

    /** The highest resident memory seen so far, in KiB. */
    long peakResidentKb();

    /**
     * Checks one copy as the sink received it, before the forwarder is measured, and fails when the forwarder did not
     * do to the mail what it is there to do; returns what it saw, for the results. Nothing to check by default.
     */
    default String checkDelivery(TimestampingSink.Delivery delivery) throws IOException {
        return "arrived";
    }

    /** Stops the forwarder and every process it started; safe to call twice or after a failed start. */
    @Override
    void close();

    static String destination(int index) {
        return "d" + index + "@" + DESTINATION_DOMAIN;
    }
}
