package io.smtpy.auth.inbound;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

/**
 * How long the inbound checks of one mail (SPF, DKIM, DMARC, ARC) may take together, counted from the end of DATA.
 * The SMTP client waits for our reply meanwhile, and the SMTP thread is held: one slow resolver must not stall
 * every session.
 *
 * <p>With a budget, {@link Deadline#submit} starts a check on a thread of this budget's pool, so the independent
 * checks (SPF, DKIM, ARC) run side by side, and {@link Deadline#await} waits for it no later than the mail's
 * deadline. A check not done by then is cancelled (its thread interrupted, which ends its DNS waits) and its
 * result is the caller's stand-in, a {@code temperror}: our own timeout says nothing about the message, so it
 * never rejects it. Without a budget ({@link #unbounded()}) checks run on the caller's thread one after another.
 *
 * <p>The pool's threads are daemons and end after a minute unused; it has no bound of its own, because every check
 * in it is cancelled at its mail's deadline.
 */
public final class CheckTimeBudget {
    public static final Duration DEFAULT = Duration.ofSeconds(5);
    private static final Logger LOGGER = LoggerFactory.getLogger(CheckTimeBudget.class);

    private final Optional<Duration> budget;
    private final Optional<ExecutorService> threads;

    private CheckTimeBudget(Optional<Duration> budget, Optional<ExecutorService> threads) {
        this.budget = budget;
        this.threads = threads;
    }

    /** Each mail's checks may take {@code budget}; they run on a pool of daemon threads owned by this budget. */
    public static CheckTimeBudget of(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the time budget must be positive, not " + budget);
        }
        ExecutorService threads = Executors.newCachedThreadPool(new ThreadFactoryBuilder()
            .setNameFormat("smtpy-auth-check-%d")
            .setDaemon(true)
            .build());
        return new CheckTimeBudget(Optional.of(budget), Optional.of(threads));
    }

    /** No bound: every check runs to its end on the caller's thread. */
    public static CheckTimeBudget unbounded() {
        return new CheckTimeBudget(Optional.empty(), Optional.empty());
    }

    public Optional<Duration> budget() {
        return budget;
    }

    /** The deadline of one mail's checks, starting now. */
    public Deadline start() {
        long deadline = budget.map(duration -> System.nanoTime() + duration.toNanos()).orElse(0L);
        return new Deadline(deadline);
    }

    @Override
    public String toString() {
        return budget.map(duration -> "CheckTimeBudget{" + duration.toMillis() + " ms}").orElse("CheckTimeBudget{unbounded}");
    }

    /** The time one mail's checks have left. */
    public final class Deadline {
        private final long deadline;
        private volatile boolean ranOut;

        private Deadline(long deadline) {
            this.deadline = deadline;
        }

        /**
         * Starts {@code check}: on the pool with a budget (not at all once the deadline has passed), on this thread
         * without one. The check should not throw; what it throws comes back from {@link #await} as a stand-in.
         */
        public <T> Future<T> submit(Supplier<T> check) {
            if (threads.isEmpty()) {
                try {
                    return CompletableFuture.completedFuture(check.get());
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            if (deadline - System.nanoTime() <= 0) {
                return new CompletableFuture<>();
            }
            return threads.get().submit(check::get);
        }

        /**
         * The result of a check from {@link #submit}, or, when it is not done at the deadline (or failed), the
         * stand-in {@code late} gives for the reason, e.g. "not finished within the time budget of 5000 ms".
         */
        public <T> T await(Future<T> check, Function<String, T> late) {
            try {
                if (threads.isEmpty()) {
                    return check.get();
                }
                return check.get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                check.cancel(true);
                ranOut = true;
                return late.apply("not finished within the time budget of " + budget.orElseThrow().toMillis() + " ms");
            } catch (InterruptedException e) {
                check.cancel(true);
                Thread.currentThread().interrupt();
                return late.apply("interrupted");
            } catch (ExecutionException e) {
                LOGGER.warn("An inbound authentication check failed", e.getCause());
                return late.apply("failed: " + e.getCause());
            }
        }

        /** Whether a check was given up at the deadline. */
        public boolean ranOut() {
            return ranOut;
        }
    }
}
