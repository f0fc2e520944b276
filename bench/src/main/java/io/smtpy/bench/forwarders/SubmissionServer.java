package io.smtpy.bench.forwarders;

import java.io.IOException;

import io.smtpy.bench.smtp.TimestampingSink;

/**
 * One system of the submission phase: a submission server on loopback (STARTTLS on one port, implicit TLS on another)
 * presenting the run's {@link TestCertificate}, accepting AUTH PLAIN with one credential after TLS only, and relaying
 * what that credential submits to the bench's sink.
 */
public abstract class SubmissionServer implements AutoCloseable {
    /** Its ports, picked at start. */
    protected int submissionPort;
    protected int smtpsPort;
    /** The credential, known once started. */
    protected String username;
    protected String password;

    /** A short name for tables: smtpy, smtpy-plain, postfix. */
    public abstract String name();

    /** Starts the server relaying to the sink with this certificate and creates the credential; returns once it accepts mail. */
    public abstract void start(int sinkPort, TestCertificate certificate) throws Exception;

    /** The STARTTLS port (the role of 587). */
    public final int submissionPort() {
        return submissionPort;
    }

    /** The implicit-TLS port (the role of 465). */
    public final int smtpsPort() {
        return smtpsPort;
    }

    public final String username() {
        return username;
    }

    public final String password() {
        return password;
    }

    /** The envelope sender and From of the load: an address the credential may send as. */
    public abstract String sender();

    /** CPU time used so far by the system (all its processes), in clock ticks. */
    public abstract long cpuTicks();

    /** Whether the system is one JVM (then it is warmed up until it settles, and may get a stage table). */
    public abstract boolean jvm();

    /** Checks one submitted copy as the sink received it, and says what it saw; fails when it is not what the system should send. */
    public abstract String checkDelivery(TimestampingSink.Delivery delivery) throws IOException;

    /** Stops the server and every process it started; safe to call twice or after a failed start. */
    @Override
    public abstract void close();
}
