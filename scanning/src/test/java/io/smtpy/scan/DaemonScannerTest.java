package io.smtpy.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.common.base.Stopwatch;
import com.google.common.net.HostAndPort;

import io.smtpy.scan.clamd.ClamdClient;
import io.smtpy.scan.daemon.DaemonSettings;
import io.smtpy.scan.daemon.FakeDaemon;
import io.smtpy.scan.spamd.SpamdClient;

class DaemonScannerTest {
    private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static DaemonScanner scanner(HostAndPort spamd, HostAndPort clamd, Duration timeout) {
        return new DaemonScanner(Optional.of(new SpamdClient(new DaemonSettings(spamd, timeout, 512 * 1024, 8))),
            Optional.of(new ClamdClient(new DaemonSettings(clamd, timeout, 25 * 1024 * 1024, 8))), CLOCK);
    }

    private static DaemonScanner sharedDaemons() {
        return new DaemonScanner(ScannerSettings.parse(ScanDaemons.shared().properties()));
    }

    @Test
    void messageShouldBeScoredAndScannedByBothDaemons() {
        byte[] both = (new String(TestMessages.gtube(), java.nio.charset.StandardCharsets.US_ASCII) + TestMessages.EICAR + "\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (DaemonScanner scanner = sharedDaemons()) {
            ScanVerdict verdict = scanner.scan(both, true, true);

            assertThat(verdict.spam().score()).as("GTUBE scores 1000, give or take a few points of other rules").isGreaterThanOrEqualTo(990);
            assertThat(verdict.spam().symbols()).contains("GTUBE");
            assertThat(verdict.virus()).isEqualTo(VirusVerdict.infected(TestMessages.EICAR_SIGNATURE));
        }
    }

    @Test
    void cleanMessageShouldBeScoredLowAndClean() {
        try (DaemonScanner scanner = sharedDaemons()) {
            ScanVerdict verdict = scanner.scan(TestMessages.clean(), true, true);

            assertThat(verdict.spam().scanned()).isTrue();
            assertThat(verdict.spam().score()).isLessThan(3.0);
            assertThat(verdict.virus()).isEqualTo(VirusVerdict.CLEAN);
        }
    }

    @Test
    void scannerNotAskedForShouldNotBeAsked() {
        try (DaemonScanner scanner = sharedDaemons()) {
            assertThat(scanner.scan(TestMessages.eicarInBody(), true, false).virus()).isEqualTo(VirusVerdict.NOT_ASKED);
            assertThat(scanner.scan(TestMessages.gtube(), false, true).spam()).isEqualTo(SpamVerdict.NOT_ASKED);
            assertThat(scanner.scan(TestMessages.gtube(), false, false)).isEqualTo(ScanVerdict.NOT_SCANNED);
            assertThat(scanner.status().scanned()).isEqualTo(2);
        }
    }

    @Test
    void installationWithoutDaemonsShouldScanNothing() {
        try (DaemonScanner scanner = new DaemonScanner(ScannerSettings.NONE)) {
            assertThat(scanner.scoresSpam()).isFalse();
            assertThat(scanner.scansViruses()).isFalse();
            assertThat(scanner.scan(TestMessages.eicarInBody(), true, true)).isEqualTo(ScanVerdict.NOT_SCANNED);
            assertThat(scanner.status().spamd()).isEmpty();
            assertThat(scanner.status().clamd()).isEmpty();
        }
    }

    @Test
    void messageTooLargeToScoreShouldStillBeScannedForViruses() {
        Map<String, String> properties = new HashMap<>(ScanDaemons.shared().properties());
        properties.put(ScannerSettings.SPAMD_MAX_SIZE, "1");
        try (DaemonScanner scanner = new DaemonScanner(ScannerSettings.parse(properties))) {
            ScanVerdict verdict = scanner.scan(TestMessages.cleanOfSize(4096), true, true);

            assertThat(verdict.spam()).isEqualTo(SpamVerdict.skipped(SpamdClient.TOO_LARGE));
            assertThat(verdict.virus()).isEqualTo(VirusVerdict.CLEAN);
        }
    }

    @Test
    void daemonsThatAreDownShouldGiveUnavailableVerdictsFast() throws Exception {
        try (DaemonScanner scanner = scanner(FakeDaemon.nothingListening(), FakeDaemon.nothingListening(), Duration.ofSeconds(15))) {
            Stopwatch stopwatch = Stopwatch.createStarted();

            ScanVerdict verdict = scanner.scan(TestMessages.clean(), true, true);

            assertThat(stopwatch.elapsed()).isLessThan(Duration.ofSeconds(2));
            assertThat(verdict).isEqualTo(new ScanVerdict(SpamVerdict.unavailable("spamd unavailable: connection refused"),
                VirusVerdict.unavailable("clamd unavailable: connection refused")));
        }
    }

    @Test
    void messageOverClamdsLimitShouldBeUnavailableNeverClean() {
        Map<String, String> properties = new HashMap<>(ScanDaemons.shared().properties());
        properties.put(ScannerSettings.CLAMD_MAX_SIZE, "1");
        try (DaemonScanner scanner = new DaemonScanner(ScannerSettings.parse(properties))) {
            VirusVerdict verdict = scanner.scan(TestMessages.cleanOfSize(4096), false, true).virus();

            assertThat(verdict).isEqualTo(VirusVerdict.unavailable("clamd unavailable: message too large to scan (5 KiB > 1 KiB)"));
        }
    }

    @Test
    void bothScansShouldRunAtTheSameTime() throws Exception {
        try (FakeDaemon spamd = FakeDaemon.silent(); FakeDaemon clamd = FakeDaemon.silent();
             DaemonScanner scanner = scanner(spamd.address(), clamd.address(), Duration.ofMillis(1500))) {
            Stopwatch stopwatch = Stopwatch.createStarted();

            ScanVerdict verdict = scanner.scan(TestMessages.clean(), true, true);

            // One after the other would take 3000 ms.
            assertThat(stopwatch.elapsed()).isBetween(Duration.ofMillis(1450), Duration.ofMillis(2500));
            assertThat(verdict).isEqualTo(new ScanVerdict(SpamVerdict.unavailable("spamd unavailable: no answer within 1500 ms"),
                VirusVerdict.unavailable("clamd unavailable: no answer within 1500 ms")));
        }
    }

    @Test
    void statusShouldCountVerdictsAndFailures() throws Exception {
        ScanDaemons daemons = ScanDaemons.shared();
        HostAndPort down = FakeDaemon.nothingListening();
        try (DaemonScanner scanner = scanner(daemons.spamd(), down, Duration.ofSeconds(15))) {
            scanner.scan(TestMessages.gtube(), true, true);
            scanner.scan(TestMessages.clean(), true, false);

            ScannerStatus status = scanner.status();

            assertThat(status.scanned()).isEqualTo(2);
            assertThat(status.spamScored()).isEqualTo(2);
            assertThat(status.virusScanned()).isZero();
            assertThat(status.infected()).isZero();
            ScannerStatus.Daemon spamd = status.spamd().get();
            assertThat(spamd.address()).isEqualTo(daemons.spamd().toString());
            assertThat(spamd.answered()).isEqualTo(2);
            assertThat(spamd.unavailable()).isZero();
            assertThat(spamd.lastError()).isEmpty();
            assertThat(spamd.failing()).isFalse();
            ScannerStatus.Daemon clamd = status.clamd().get();
            assertThat(clamd.unavailable()).isEqualTo(1);
            assertThat(clamd.lastError()).contains("connection refused");
            assertThat(clamd.lastErrorAt()).contains(NOW);
            assertThat(clamd.failing()).isTrue();
        }
    }

    @Test
    void statusShouldCountInfectedMessages() {
        try (DaemonScanner scanner = sharedDaemons()) {
            scanner.scan(TestMessages.eicarZipped(), true, true);
            scanner.scan(TestMessages.clean(), true, true);

            assertThat(scanner.status().virusScanned()).isEqualTo(2);
            assertThat(scanner.status().infected()).isEqualTo(1);
            assertThat(scanner.status().clamd().get().answered()).isEqualTo(2);
        }
    }

    @Test
    void daemonsStoppedMidRunShouldGiveUnavailableVerdictsUntilTheyAreBack(@TempDir Path dir) {
        try (ScanDaemons.Private daemons = ScanDaemons.startPrivate(dir);
             DaemonScanner scanner = new DaemonScanner(ScannerSettings.parse(daemons.properties()))) {
            assertThat(scanner.scan(TestMessages.gtube(), true, true).spam().symbols()).contains("GTUBE");

            daemons.stopSpamd();
            daemons.stopClamd();
            ScanVerdict whileDown = scanner.scan(TestMessages.gtube(), true, true);
            ScannerStatus pingedWhileDown = scanner.ping();
            daemons.startSpamd();
            daemons.startClamd();
            ScannerStatus pingedWhenBack = scanner.ping();
            ScanVerdict whenBack = scanner.scan(TestMessages.eicarInBody(), true, true);

            assertThat(whileDown).isEqualTo(new ScanVerdict(SpamVerdict.unavailable("spamd unavailable: connection refused"),
                VirusVerdict.unavailable("clamd unavailable: connection refused")));
            assertThat(pingedWhileDown.spamd().get().failing()).isTrue();
            assertThat(pingedWhileDown.clamd().get().failing()).isTrue();
            assertThat(pingedWhenBack.spamd().get().failing()).isFalse();
            assertThat(pingedWhenBack.clamd().get().failing()).isFalse();
            assertThat(whenBack.spam().scanned()).isTrue();
            assertThat(whenBack.virus()).isEqualTo(VirusVerdict.infected(TestMessages.EICAR_SIGNATURE));
        }
    }

    @Test
    void closedScannerShouldStillAnswer() {
        DaemonScanner scanner = sharedDaemons();
        scanner.close();

        ScanVerdict verdict = scanner.scan(TestMessages.gtube(), true, true);

        assertThat(verdict.spam().symbols()).contains("GTUBE");
        assertThat(verdict.virus()).isEqualTo(VirusVerdict.CLEAN);
    }
}
