package io.smtpy.server.queue;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

/** {@code GET /healthcheck}: the queue directory is still this server's and writable. */
public class DurableMailQueueHealthCheck implements HealthCheck {
    static final ComponentName COMPONENT = new ComponentName("Durable mail queue");

    private final DurableMailQueueFactory factory;

    @Inject
    public DurableMailQueueHealthCheck(DurableMailQueueFactory factory) {
        this.factory = factory;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(() -> factory.isUsable()
            ? Result.healthy(COMPONENT)
            : Result.unhealthy(COMPONENT, "the queue directory " + factory.root() + " is not writable or not locked by this server"));
    }
}
