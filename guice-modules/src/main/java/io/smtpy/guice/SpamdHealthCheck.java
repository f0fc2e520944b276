package io.smtpy.guice;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;

import io.smtpy.scan.DaemonScanner;
import io.smtpy.scan.ScannerSettings;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /healthcheck}: whether spamd answers a {@code PING} (healthy when {@code spamd.address} is unset). Loaded by
 * James from {@code healthcheck.properties} ({@code additional.healthchecks}) in smtpy's extension injector.
 */
public class SpamdHealthCheck implements HealthCheck {
    static final ComponentName COMPONENT = new ComponentName("SpamAssassin (spamd)");

    private final DaemonScanner scanner;
    private final ScannerSettings settings;

    @Inject
    public SpamdHealthCheck(DaemonScanner scanner, ScannerSettings settings) {
        this.scanner = scanner;
        this.settings = settings;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        // A PING waits on the network (up to the scanner's timeout): off James's reactive threads.
        return Mono.fromCallable(() -> ScannerHealth.check(COMPONENT, scanner, status -> status.spamd(), settings.spamdOnFailure()))
            .subscribeOn(Schedulers.boundedElastic());
    }
}
