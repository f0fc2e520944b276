package io.smtpy.webadmin.routes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.smtpy.scan.DaemonScanner;
import io.smtpy.scan.OnFailure;
import io.smtpy.scan.ScannerSettings;
import io.smtpy.scan.ScannerStatus;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Service;

/**
 * {@code GET /smtpy/scanners} (operator): the spam and virus scanners as configured, whether they answer, and their
 * counters since start; {@code ?ping=true} pings each daemon first (as the health check does).
 */
public class ScannerRoutes implements PublicRoutes {
    public static final String BASE = "/smtpy/scanners";

    private final DaemonScanner scanner;
    private final ScannerSettings settings;
    private final JsonTransformer json;
    private final SmtpyGuard guard;

    @Inject
    public ScannerRoutes(DaemonScanner scanner, ScannerSettings settings, JsonTransformer json, SmtpyGuard guard) {
        this.scanner = scanner;
        this.settings = settings;
        this.json = json;
        this.guard = guard;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        guard.on(service).get(BASE, Access.operator()).summary("The spam and virus scanners: state and counters")
            .to((request, response) -> status(request), json);
    }

    private Map<String, Object> status(Request request) {
        ScannerStatus status = "true".equals(request.queryParams("ping")) ? scanner.ping() : scanner.status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("spamd", daemon(status.spamd(), settings.spamdOnFailure()));
        body.put("clamd", daemon(status.clamd(), settings.clamdOnFailure()));
        body.put("scanned", status.scanned());
        body.put("spamScored", status.spamScored());
        body.put("virusScanned", status.virusScanned());
        body.put("infected", status.infected());
        body.put("outboundSpamThreshold", settings.outboundThreshold());
        return body;
    }

    /** A configured daemon's state, {@code null} when it is not configured. */
    private static Map<String, Object> daemon(Optional<ScannerStatus.Daemon> daemon, OnFailure onFailure) {
        if (daemon.isEmpty()) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("address", daemon.get().address());
        body.put("onFailure", onFailure.asString());
        body.put("failing", daemon.get().failing());
        body.put("answered", daemon.get().answered());
        body.put("unavailable", daemon.get().unavailable());
        body.put("lastError", daemon.get().lastError().orElse(null));
        body.put("lastErrorAt", daemon.get().lastErrorAt().map(Instant::toString).orElse(null));
        return body;
    }
}
