package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private Postfix instance ({@link PostfixForwarder}) with daemons of its own that it calls (postsrsd, OpenDKIM,
 * milters), each a {@link ChildProcess} in the run directory. CPU and memory are those of them all: Postfix's family and
 * each helper with its children. Postfix is stopped first (nothing more to look up or scan), then the helpers, the
 * last started first.
 */
abstract class PostfixWithHelpers implements Forwarder {
    protected final Path directory;
    private final String domain;
    private final List<ChildProcess> helpers = new ArrayList<>();
    private PostfixForwarder postfix;
    private volatile long peakKb;

    PostfixWithHelpers(Path directory, String domain) {
        this.directory = directory;
        this.domain = domain;
    }

    /** Keeps a started helper, to count and stop it with the rest; returns it. */
    protected final ChildProcess helper(ChildProcess started) {
        synchronized (helpers) {
            helpers.add(started);
        }
        return started;
    }

    /** Starts Postfix, named as this system, forwarding the domain, with these lines added to its main.cf. */
    protected final void startPostfix(int sinkPort, String extraConfiguration) throws IOException, InterruptedException {
        postfix = new PostfixForwarder(directory.resolve("postfix"), name(), domain, extraConfiguration);
        postfix.start(sinkPort);
    }

    @Override
    public final int smtpPort() {
        return postfix.smtpPort();
    }

    @Override
    public final String alias(int destinations) {
        return "bench" + destinations + "@" + domain;
    }

    @Override
    public final long cpuTicks() {
        long ticks = postfix == null ? 0 : postfix.cpuTicks();
        for (ChildProcess helper : helpers()) {
            ticks += ProcessStats.familyCpuTicks(helper.pid());
        }
        return ticks;
    }

    @Override
    public final long residentKb() {
        long total = postfix == null ? 0 : postfix.residentKb();
        for (ChildProcess helper : helpers()) {
            total += ProcessStats.familyProportionalKb(helper.pid());
        }
        peakKb = Math.max(peakKb, total);
        return total;
    }

    @Override
    public final long peakResidentKb() {
        residentKb();
        return peakKb;
    }

    @Override
    public final void close() {
        if (postfix != null) {
            postfix.close();
        }
        List<ChildProcess> stopping = helpers();
        for (int i = stopping.size() - 1; i >= 0; i--) {
            stopping.get(i).close();
        }
    }

    private List<ChildProcess> helpers() {
        synchronized (helpers) {
            return new ArrayList<>(helpers);
        }
    }
}
