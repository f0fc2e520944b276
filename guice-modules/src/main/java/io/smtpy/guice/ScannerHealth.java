package io.smtpy.guice;

import java.util.Optional;
import java.util.function.Function;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.Result;

import io.smtpy.scan.DaemonScanner;
import io.smtpy.scan.OnFailure;
import io.smtpy.scan.ScannerStatus;

/**
 * One scanner's health, from a {@code PING} of its daemon: healthy when it answers or is not configured; when it does
 * not, unhealthy if its mail is deferred meanwhile ({@code onFailure=defer}: senders are being told to retry), degraded
 * if mail passes unscanned ({@code pass}).
 */
final class ScannerHealth {
    private ScannerHealth() {
    }

    static Result check(ComponentName component, DaemonScanner scanner, Function<ScannerStatus, Optional<ScannerStatus.Daemon>> daemon,
                        OnFailure onFailure) {
        Optional<ScannerStatus.Daemon> pinged = daemon.apply(scanner.ping());
        if (pinged.isEmpty()) {
            return Result.healthy(component);
        }
        if (!pinged.get().failing()) {
            return Result.healthy(component);
        }
        String cause = pinged.get().name() + " at " + pinged.get().address() + " does not answer ("
            + pinged.get().lastError().orElse("no answer") + ")";
        return onFailure == OnFailure.DEFER
            ? Result.unhealthy(component, cause + "; mail that needs it is deferred with 451")
            : Result.degraded(component, cause + "; mail that needs it passes unscanned");
    }
}
