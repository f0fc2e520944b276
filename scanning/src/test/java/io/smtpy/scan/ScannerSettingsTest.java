package io.smtpy.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.common.net.HostAndPort;

import io.smtpy.scan.daemon.DaemonSettings;

class ScannerSettingsTest {
    @Test
    void noPropertiesShouldMeanNoScannerAndTheDefaults() {
        ScannerSettings settings = ScannerSettings.parse(Map.of());

        assertThat(settings.spamd()).isEmpty();
        assertThat(settings.clamd()).isEmpty();
        assertThat(settings.spamdOnFailure()).isEqualTo(OnFailure.DEFER);
        assertThat(settings.clamdOnFailure()).isEqualTo(OnFailure.DEFER);
        assertThat(settings.outboundThreshold()).isEqualTo(5.0);
        assertThat(ScannerSettings.NONE.spamd()).isEmpty();
    }

    @Test
    void addressesAloneShouldTakeTheDefaults() {
        ScannerSettings settings = ScannerSettings.parse(Map.of("spamd.address", "127.0.0.1:783", "clamd.address", "clamav.internal:3310"));

        assertThat(settings.spamd()).contains(new DaemonSettings(HostAndPort.fromParts("127.0.0.1", 783), Duration.ofSeconds(15), 512 * 1024, 8));
        assertThat(settings.clamd()).contains(new DaemonSettings(HostAndPort.fromParts("clamav.internal", 3310), Duration.ofSeconds(30), 25600 * 1024L, 8));
    }

    @Test
    void everySettingShouldBeRead() {
        ScannerSettings settings = ScannerSettings.parse(key -> Optional.ofNullable(Map.ofEntries(
            Map.entry("spamd.address", " [::1]:7830 "),
            Map.entry("spamd.onFailure", "pass"),
            Map.entry("spamd.timeoutSeconds", "3"),
            Map.entry("spamd.maxSizeKiB", "1024"),
            Map.entry("spamd.maxConcurrent", "2"),
            Map.entry("clamd.address", "10.0.0.5:3310"),
            Map.entry("clamd.onFailure", "PASS"),
            Map.entry("clamd.timeoutSeconds", "60"),
            Map.entry("clamd.maxSizeKiB", "10240"),
            Map.entry("clamd.maxConcurrent", "4"),
            Map.entry("outbound.spam.threshold", "3.5")).get(key)));

        assertThat(settings.spamd()).contains(new DaemonSettings(HostAndPort.fromParts("::1", 7830), Duration.ofSeconds(3), 1024 * 1024, 2));
        assertThat(settings.clamd()).contains(new DaemonSettings(HostAndPort.fromParts("10.0.0.5", 3310), Duration.ofSeconds(60), 10240 * 1024, 4));
        assertThat(settings.outboundThreshold()).isEqualTo(3.5);
        assertThat(settings.policy().spamOnFailure()).isEqualTo(OnFailure.PASS);
        assertThat(settings.policy().virusOnFailure()).isEqualTo(OnFailure.PASS);
    }

    @Test
    void blankAddressShouldTurnTheScannerOff() {
        assertThat(ScannerSettings.parse(Map.of("spamd.address", " ")).spamd()).isEmpty();
    }

    @Test
    void policyShouldFollowEachScannersFailureMode() {
        ScanPolicy policy = ScannerSettings.parse(Map.of("spamd.onFailure", "pass")).policy();

        assertThat(policy.spamOnFailure()).isEqualTo(OnFailure.PASS);
        assertThat(policy.virusOnFailure()).isEqualTo(OnFailure.DEFER);
    }

    @Test
    void outboundPolicyShouldTakeTheThreshold() {
        assertThat(ScannerSettings.parse(Map.of("outbound.spam.threshold", "7")).outboundPolicy(MessageScanner.NONE).threshold()).isEqualTo(7.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "spamd.address|localhost",
        "spamd.address|localhost:0",
        "spamd.address|localhost:70000",
        "spamd.address|:783",
        "clamd.address|clam av:x",
        "spamd.onFailure|drop",
        "clamd.onFailure|yes",
        "spamd.timeoutSeconds|0",
        "spamd.timeoutSeconds|1.5",
        "clamd.timeoutSeconds|-3",
        "clamd.timeoutSeconds|forever",
        "spamd.maxSizeKiB|512k",
        "clamd.maxSizeKiB|0",
        "spamd.maxConcurrent|0",
        "clamd.maxConcurrent|many",
        "outbound.spam.threshold|high",
        "outbound.spam.threshold|NaN",
    })
    void badValueShouldBeRefusedNamingTheKeyAndTheValue(String key, String value) {
        Map<String, String> properties = new HashMap<>(Map.of("spamd.address", "localhost:783"));
        properties.put(key, value);

        assertThatThrownBy(() -> ScannerSettings.parse(properties))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(key + "=" + value + " is not valid");
    }
}
