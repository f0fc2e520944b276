package io.smtpy.bench.profile;

import java.util.List;
import java.util.Map;

/**
 * The one place that says which stage of smtpy's mail path a CPU sample belongs to, and which threads of the JVM are
 * not the mail path at all. Documented in {@code bench/README.md} ("Per-stage CPU"); change both together.
 *
 * <p>A sample's stack is walked from the top (the running method) down to the thread's start; the first frame whose
 * class name starts with one of the prefixes below gives the stage (prefixes are tried in the order listed, for each
 * frame). Frames of shared code (the JDK, javax.mail's MIME parsing, logging, file I/O) match nothing, so their cost goes
 * to the stage that called them: an fsync under the durable queue is a queue crossing, the same fsync under SQLite an
 * event write, a body hash under the DKIM signer signing. A sample no frame of which matches is "other".
 */
public final class StageRules {
    /** Stages in the order of the table. */
    public enum Stage {
        SMTP("SMTP session (James protocols, Netty)"),
        TLS("TLS (handshakes, record encryption; submission ports only)"),
        SUBMISSION("submission (AUTH, credentials, send-as, SmtpySubmission)"),
        CHECKS("inbound checks (SPF, DKIM verify, DMARC, ARC verify)"),
        RESOLUTION("resolution (aliases, RCPT hook, matcher)"),
        RULES("rules"),
        FORWARDING("forwarding and SRS (SmtpyForward)"),
        SIGNING("signing (ARC seal, DKIM sign)"),
        QUEUE("queue crossings (durable queue: files, fsync)"),
        DELIVERY("delivery (RemoteDelivery, JavaMail SMTP)"),
        EVENTS("events and store (SQLite)"),
        MAILETS("James mailet container, other mailets"),
        OTHER("other Java code (JDK, logging, no stage frame)");

        public final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    /** Class-name prefixes per stage, most specific first (a frame can match only one of them anyway). */
    private static final List<Map.Entry<String, Stage>> PREFIXES = List.of(
        Map.entry("io.smtpy.mailets.SmtpySign", Stage.SIGNING),
        Map.entry("io.smtpy.auth.signing.", Stage.SIGNING),
        Map.entry("io.smtpy.auth.arc.ArcSealer", Stage.SIGNING),
        Map.entry("io.smtpy.auth.dkim.DkimSigner", Stage.SIGNING),
        Map.entry("io.smtpy.auth.dkim.RsaSigning", Stage.SIGNING),
        Map.entry("com.amazon.corretto.crypto.", Stage.SIGNING),
        Map.entry("io.smtpy.smtp.SmtpySubmissionHook", Stage.SUBMISSION),
        Map.entry("io.smtpy.smtp.AuthRequiresTls", Stage.SUBMISSION),
        Map.entry("io.smtpy.sending.", Stage.SUBMISSION),
        Map.entry("io.smtpy.mailets.SmtpySubmission", Stage.SUBMISSION),
        Map.entry("io.smtpy.smtp.SmtpyAuthenticationHook", Stage.CHECKS),
        Map.entry("io.smtpy.auth.inbound.", Stage.CHECKS),
        Map.entry("io.smtpy.auth.spf.", Stage.CHECKS),
        Map.entry("io.smtpy.auth.dmarc.", Stage.CHECKS),
        Map.entry("io.smtpy.auth.dkim.DkimVerifier", Stage.CHECKS),
        Map.entry("io.smtpy.auth.DkimVerification", Stage.CHECKS),
        Map.entry("io.smtpy.auth.arc.ArcValidator", Stage.CHECKS),
        Map.entry("org.apache.james.jspf.", Stage.CHECKS),
        Map.entry("io.smtpy.core.directory.", Stage.RESOLUTION),
        Map.entry("io.smtpy.core.mailpath.RecipientPolicy", Stage.RESOLUTION),
        Map.entry("io.smtpy.smtp.SmtpyRcptHook", Stage.RESOLUTION),
        Map.entry("io.smtpy.smtp.SmtpyProtectionHook", Stage.RESOLUTION),
        Map.entry("io.smtpy.protection.", Stage.RESOLUTION),
        Map.entry("io.smtpy.matchers.IsSmtpyRecipient", Stage.RESOLUTION),
        Map.entry("io.smtpy.core.rules.", Stage.RULES),
        Map.entry("io.smtpy.rules.", Stage.RULES),
        Map.entry("io.smtpy.mailets.SmtpyForward", Stage.FORWARDING),
        Map.entry("io.smtpy.core.srs.", Stage.FORWARDING),
        Map.entry("io.smtpy.core.forwarding.", Stage.FORWARDING),
        Map.entry("io.smtpy.core.mailpath.", Stage.FORWARDING),
        Map.entry("io.smtpy.server.queue.", Stage.QUEUE),
        Map.entry("org.apache.james.queue.", Stage.QUEUE),
        Map.entry("io.smtpy.store.", Stage.EVENTS),
        Map.entry("org.sqlite.", Stage.EVENTS),
        Map.entry("io.smtpy.core.events.", Stage.EVENTS),
        Map.entry("io.smtpy.mailets.RecordDeliveryOutcome", Stage.EVENTS),
        Map.entry("io.smtpy.mailets.RecordDeferrals", Stage.EVENTS),
        Map.entry("io.smtpy.mailets.MailEventFactory", Stage.EVENTS),
        Map.entry("org.apache.james.transport.mailets.remote.", Stage.DELIVERY),
        Map.entry("com.sun.mail.smtp.", Stage.DELIVERY),
        // The JDK's TLS engine and Netty's SslHandler: above the SMTP frames, as Netty hands decrypted bytes up from
        // inside SslHandler (a sample in James's SMTP code over SslHandler is SMTP, one in the cipher under it TLS).
        Map.entry("sun.security.ssl.", Stage.TLS),
        Map.entry("javax.net.ssl.", Stage.TLS),
        Map.entry("io.netty.handler.ssl.", Stage.TLS),
        Map.entry("org.apache.james.smtpserver.", Stage.SMTP),
        Map.entry("org.apache.james.protocols.", Stage.SMTP),
        Map.entry("io.netty.", Stage.SMTP),
        Map.entry("org.apache.james.mailetcontainer.", Stage.MAILETS),
        // Not io.smtpy.mailets as a whole: its helpers (RawMessages, NoDelaySocketFactory) cost the mailet that calls them.
        Map.entry("org.apache.james.transport.", Stage.MAILETS));

    /**
     * Threads of the JVM itself (GC, JIT compilers, VM operations) by the names the kernel shows (15 characters): their
     * CPU is a row of its own, read from {@code /proc/<pid>/task}; their samples are left out of the shares.
     */
    private static final List<String> JVM_THREADS = List.of("VM Thread", "GC Thread", "G1 ", "C1 CompilerThre", "C2 CompilerThre",
        "VM Periodic", "Sweeper", "Service Thread", "Monitor Deflati", "Common-Cleaner", "Signal Dispatch", "Finalizer",
        "Reference Handl", "Notification Th");
    /** The profiler's own threads and the attach listener jcmd talks to: their CPU is the profile's overhead. */
    private static final List<String> PROFILER_THREADS = List.of("Attach Listener");

    private StageRules() {
    }

    /** The stage of a sample whose stack has these class names, the running frame first. */
    public static Stage stageOf(List<String> classNamesFromTop) {
        for (String className : classNamesFromTop) {
            for (Map.Entry<String, Stage> prefix : PREFIXES) {
                if (className.startsWith(prefix.getKey())) {
                    return prefix.getValue();
                }
            }
        }
        return Stage.OTHER;
    }

    public static boolean isJvmThread(String name) {
        return JVM_THREADS.stream().anyMatch(name::startsWith);
    }

    public static boolean isProfilerThread(String name) {
        return PROFILER_THREADS.stream().anyMatch(name::startsWith);
    }
}
