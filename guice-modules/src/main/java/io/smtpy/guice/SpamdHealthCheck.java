package io.smtpy.guice;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;

import io.smtpy.scan.DaemonScanner;
import io.smtpy.scan.ScannerSettings;
import io.smtpy.scan.ScannerStatus;

/** {@code GET /healthcheck}: whether spamd answers a {@code PING} (healthy when {@code spamd.address} is unset). */
public class SpamdHealthCheck extends ScannerHealthCheck {
    static final ComponentName COMPONENT = new ComponentName("SpamAssassin (spamd)");

    @Inject
    public SpamdHealthCheck(DaemonScanner scanner, ScannerSettings settings) {
        super(COMPONENT, scanner, ScannerStatus::spamd, settings.spamdOnFailure());
    }
}
