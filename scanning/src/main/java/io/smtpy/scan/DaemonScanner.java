package io.smtpy.scan;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.scan.clamd.ClamdClient;
import io.smtpy.scan.daemon.DaemonException;
import io.smtpy.scan.daemon.DaemonSettings;
import io.smtpy.scan.spamd.SpamdClient;

/**
 * The {@link MessageScanner} of production: SpamAssassin's spamd and ClamAV's clamd, each optional. A message asked
 * of both is scored and scanned at the same time (the score on a small pool's thread, the virus scan on the caller's),
 * so a message costs the slower of the two, not their sum. Every failure (refused connection, timeout, busy daemon,
 * malformed answer, message over clamd's limit) becomes an {@code UNAVAILABLE} verdict whose detail says which
 * daemon and why ({@code spamd unavailable: connection refused}); each request is bounded by its daemon's timeout.
 * {@link #status()} reads the counters; {@link #close()} stops the pool.
 */
public final class DaemonScanner implements MessageScanner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonScanner.class);

    private final Optional<SpamdClient> spamd;
    private final Optional<ClamdClient> clamd;
    private final Optional<Tracked> spamdTracked;
    private final Optional<Tracked> clamdTracked;
    private final Optional<ThreadPoolExecutor> scoring;
    private final Clock clock;
    private final AtomicLong scanned = new AtomicLong();
    private final AtomicLong spamScored = new AtomicLong();
    private final AtomicLong virusScanned = new AtomicLong();
    private final AtomicLong infected = new AtomicLong();

    /** The daemons the settings name ({@code spamd.address}, {@code clamd.address}); none: it scans nothing. */
    public DaemonScanner(ScannerSettings settings) {
        this(settings.spamd().map(SpamdClient::new), settings.clamd().map(ClamdClient::new), Clock.systemUTC());
    }

    public DaemonScanner(Optional<SpamdClient> spamd, Optional<ClamdClient> clamd, Clock clock) {
        this.spamd = Objects.requireNonNull(spamd);
        this.clamd = Objects.requireNonNull(clamd);
        this.clock = Objects.requireNonNull(clock);
        this.spamdTracked = spamd.map(client -> new Tracked("spamd", client.settings()));
        this.clamdTracked = clamd.map(client -> new Tracked("clamd", client.settings()));
        // Only needed when both run; as many threads as spamd takes requests at once (more would wait for a slot).
        this.scoring = spamd.isPresent() && clamd.isPresent() ? Optional.of(pool(spamd.get().settings().maxConcurrent())) : Optional.empty();
    }

    @Override
    public boolean scoresSpam() {
        return spamd.isPresent();
    }

    @Override
    public boolean scansViruses() {
        return clamd.isPresent();
    }

    @Override
    public ScanVerdict scan(byte[] message, boolean spam, boolean virus) {
        boolean scoringSpam = spam && spamd.isPresent();
        boolean scanningVirus = virus && clamd.isPresent();
        if (!scoringSpam && !scanningVirus) {
            return ScanVerdict.NOT_SCANNED;
        }
        scanned.incrementAndGet();
        if (!scanningVirus) {
            return new ScanVerdict(score(message), VirusVerdict.NOT_ASKED);
        }
        if (!scoringSpam) {
            return new ScanVerdict(SpamVerdict.NOT_ASKED, scanVirus(message));
        }
        Optional<Future<SpamVerdict>> score = submitScore(message);
        VirusVerdict virusVerdict = scanVirus(message);
        return new ScanVerdict(score.map(this::await).orElseGet(() -> score(message)), virusVerdict);
    }

    /** The counters now. */
    public ScannerStatus status() {
        return new ScannerStatus(scanned.get(), spamScored.get(), virusScanned.get(), infected.get(),
            spamdTracked.map(Tracked::snapshot), clamdTracked.map(Tracked::snapshot));
    }

    /**
     * Pings each configured daemon ({@code PING}), for health checks: a failure is recorded as the daemon's last error
     * and marks it {@linkplain ScannerStatus.Daemon#failing() failing}, an answer clears that mark.
     *
     * @return the counters after the pings
     */
    public ScannerStatus ping() {
        spamd.ifPresent(client -> ping(spamdTracked.get(), client::ping));
        clamd.ifPresent(client -> ping(clamdTracked.get(), client::ping));
        return status();
    }

    @Override
    public void close() {
        scoring.ifPresent(ThreadPoolExecutor::shutdownNow);
    }

    private SpamVerdict score(byte[] message) {
        Tracked tracked = spamdTracked.get();
        try {
            SpamVerdict verdict = spamd.get().score(message);
            if (verdict.scanned()) {
                spamScored.incrementAndGet();
                tracked.answered();
            }
            return verdict;
        } catch (DaemonException e) {
            return SpamVerdict.unavailable(tracked.failed(e.detail()));
        } catch (RuntimeException e) {
            return SpamVerdict.unavailable(tracked.failed(internal(e)));
        }
    }

    private VirusVerdict scanVirus(byte[] message) {
        Tracked tracked = clamdTracked.get();
        try {
            VirusVerdict verdict = clamd.get().scan(message);
            virusScanned.incrementAndGet();
            if (verdict.infected()) {
                infected.incrementAndGet();
            }
            tracked.answered();
            return verdict;
        } catch (DaemonException e) {
            return VirusVerdict.unavailable(tracked.failed(e.detail()));
        } catch (RuntimeException e) {
            return VirusVerdict.unavailable(tracked.failed(internal(e)));
        }
    }

    /** The score on the pool; empty when the pool is full or closed (then the caller scores after the virus scan). */
    private Optional<Future<SpamVerdict>> submitScore(byte[] message) {
        try {
            return Optional.of(scoring.get().submit(() -> score(message)));
        } catch (RejectedExecutionException e) {
            return Optional.empty();
        }
    }

    private SpamVerdict await(Future<SpamVerdict> score) {
        // score() ends within spamd's timeout; the margin only guards against a pool thread that never ran.
        long waitMillis = spamd.get().settings().timeout().toMillis() + 5_000;
        try {
            return score.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            score.cancel(true);
            return SpamVerdict.unavailable(spamdTracked.get().failed("interrupted"));
        } catch (TimeoutException e) {
            score.cancel(true);
            return SpamVerdict.unavailable(spamdTracked.get().failed("no answer within " + waitMillis + " ms"));
        } catch (ExecutionException e) {
            return SpamVerdict.unavailable(spamdTracked.get().failed(internal(e.getCause())));
        }
    }

    private void ping(Tracked tracked, Ping ping) {
        try {
            ping.run();
            tracked.recovered();
        } catch (DaemonException e) {
            tracked.failed(e.detail());
        } catch (RuntimeException e) {
            tracked.failed(internal(e));
        }
    }

    private static String internal(Throwable e) {
        return "internal error: " + e;
    }

    private static ThreadPoolExecutor pool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "smtpy-spamd-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @FunctionalInterface
    private interface Ping {
        void run() throws DaemonException;
    }

    /** One daemon's counters; a daemon that starts or stops failing is logged once, not on every message. */
    private final class Tracked {
        private final String name;
        private final String address;
        private final AtomicLong answered = new AtomicLong();
        private final AtomicLong unavailable = new AtomicLong();
        /** The last failure's detail and time, together (a snapshot never pairs one error with another's time). */
        private volatile Optional<Map.Entry<String, Instant>> lastError = Optional.empty();
        private volatile boolean failing;

        Tracked(String name, DaemonSettings settings) {
            this.name = name;
            this.address = settings.address().toString();
        }

        void answered() {
            answered.incrementAndGet();
            recovered();
        }

        void recovered() {
            if (failing) {
                failing = false;
                LOG.info("{} at {} answers again", name, address);
            }
        }

        /** Records a failure; the detail of the verdict. */
        String failed(String detail) {
            unavailable.incrementAndGet();
            lastError = Optional.of(Map.entry(detail, clock.instant()));
            if (!failing) {
                failing = true;
                LOG.warn("{} at {} unavailable: {}", name, address, detail);
            } else {
                LOG.debug("{} at {} still unavailable: {}", name, address, detail);
            }
            return name + " unavailable: " + detail;
        }

        ScannerStatus.Daemon snapshot() {
            Optional<Map.Entry<String, Instant>> last = lastError;
            return new ScannerStatus.Daemon(name, address, answered.get(), unavailable.get(), last.map(Map.Entry::getKey),
                last.map(Map.Entry::getValue), failing);
        }
    }
}
