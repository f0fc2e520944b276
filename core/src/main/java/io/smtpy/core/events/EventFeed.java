package io.smtpy.core.events;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.smtpy.core.model.DomainName;

/**
 * Live events of a domain, for whoever watches them as they happen (the live tail of the API and the CLI): a
 * {@link MailEventListener} that hands each recorded event to the subscriptions of its domain. Each subscription has a
 * bounded queue; a watcher too slow to keep up loses the oldest events, counted in {@link Subscription#missed()}, and
 * never slows the mail path.
 */
public class EventFeed implements MailEventListener {
    /** Events a subscription holds for its watcher before it starts losing the oldest. */
    public static final int QUEUE_SIZE = 1000;
    /** Watchers at once, over all domains: each holds a WebAdmin thread. */
    public static final int MAX_SUBSCRIPTIONS = 64;

    private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();

    @Override
    public void onEvent(MailEvent event) {
        for (Subscription subscription : subscriptions) {
            if (subscription.domain.equals(event.domain()) && subscription.filter.test(event)) {
                subscription.offer(event);
            }
        }
    }

    /**
     * Starts watching the domain's events that pass {@code filter}, from now on.
     *
     * @throws IllegalStateException when {@value #MAX_SUBSCRIPTIONS} watchers are already watching
     */
    public Subscription subscribe(DomainName domain, Predicate<MailEvent> filter) {
        Subscription subscription = new Subscription(domain, filter);
        synchronized (subscriptions) {
            if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
                throw new IllegalStateException("too many live tails at once (" + MAX_SUBSCRIPTIONS + "); try again later");
            }
            subscriptions.add(subscription);
        }
        return subscription;
    }

    /** Watchers now. */
    public int subscriptions() {
        return subscriptions.size();
    }

    /** One watcher's events; {@link #close()} stops them. */
    public final class Subscription implements AutoCloseable {
        private final DomainName domain;
        private final Predicate<MailEvent> filter;
        private final BlockingQueue<MailEvent> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
        private final AtomicLong missed = new AtomicLong();

        private Subscription(DomainName domain, Predicate<MailEvent> filter) {
            this.domain = Objects.requireNonNull(domain);
            this.filter = Objects.requireNonNull(filter);
        }

        private void offer(MailEvent event) {
            while (!queue.offer(event)) {
                if (queue.poll() != null) {
                    missed.incrementAndGet();
                }
            }
        }

        /** The next event, waiting up to {@code timeoutMillis}; empty when none came. */
        public Optional<MailEvent> next(long timeoutMillis) throws InterruptedException {
            return Optional.ofNullable(queue.poll(timeoutMillis, TimeUnit.MILLISECONDS));
        }

        /** Events lost because the watcher was slower than the mail path. */
        public long missed() {
            return missed.get();
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
