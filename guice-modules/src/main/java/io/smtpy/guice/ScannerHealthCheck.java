package io.smtpy.guice;

import java.util.Optional;
import java.util.function.Function;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import io.smtpy.scan.DaemonScanner;
import io.smtpy.scan.OnFailure;
import io.smtpy.scan.ScannerStatus;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /healthcheck}: one scanner's health, from a {@code PING} of its daemon. Healthy when it answers or is not
 * configured; when it does not, unhealthy if its mail is deferred meanwhile ({@code onFailure=defer}: senders are told
 * to retry), degraded if mail passes unscanned ({@code pass}). Loaded by James from {@code healthcheck.properties}
 * ({@code additional.healthchecks}) in smtpy's extension injector.
 */
abstract class ScannerHealthCheck implements HealthCheck {
    private final ComponentName component;
    private final DaemonScanner scanner;
    private final Function<ScannerStatus, Optional<ScannerStatus.Daemon>> daemon;
    private final OnFailure onFailure;

    ScannerHealthCheck(ComponentName component, DaemonScanner scanner, Function<ScannerStatus, Optional<ScannerStatus.Daemon>> daemon,
                       OnFailure onFailure) {
        this.component = component;
        this.scanner = scanner;
        this.daemon = daemon;
        this.onFailure = onFailure;
    }

    @Override
    public ComponentName componentName() {
        return component;
    }

    @Override
    public Publisher<Result> check() {
        // A PING waits on the network (up to the scanner's timeout): off James's reactive threads.
        return Mono.fromCallable(this::ping).subscribeOn(Schedulers.boundedElastic());
    }

    private Result ping() {
        Optional<ScannerStatus.Daemon> pinged = daemon.apply(scanner.ping());
        if (pinged.isEmpty() || !pinged.get().failing()) {
            return Result.healthy(component);
        }
        String cause = pinged.get().name() + " at " + pinged.get().address() + " does not answer ("
            + pinged.get().lastError().orElse("no answer") + ")";
        return onFailure == OnFailure.DEFER
            ? Result.unhealthy(component, cause + "; mail that needs it is deferred with 451")
            : Result.degraded(component, cause + "; mail that needs it passes unscanned");
    }
}
