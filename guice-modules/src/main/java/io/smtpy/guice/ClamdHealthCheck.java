package io.smtpy.guice;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;

import io.smtpy.scan.DaemonScanner;
import io.smtpy.scan.ScannerSettings;
import io.smtpy.scan.ScannerStatus;

/** {@code GET /healthcheck}: whether clamd answers a {@code PING} (healthy when {@code clamd.address} is unset). */
public class ClamdHealthCheck extends ScannerHealthCheck {
    static final ComponentName COMPONENT = new ComponentName("ClamAV (clamd)");

    @Inject
    public ClamdHealthCheck(DaemonScanner scanner, ScannerSettings settings) {
        super(COMPONENT, scanner, ScannerStatus::clamd, settings.clamdOnFailure());
    }
}
