package io.smtpy.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.Cidr;

class ProtectionSettingsTest {

    @Test
    void defaultsShouldSlowAfterTenRefuseAfterThirtyAndAskNoBlocklist() {
        ProtectionSettings settings = ProtectionSettings.defaults();

        assertThat(settings.dnsblZones()).isEmpty();
        assertThat(settings.trustedNetworks()).isEmpty();
        assertThat(settings.slowAfter()).isEqualTo(10);
        assertThat(settings.refuseAfter()).isEqualTo(30);
        assertThat(settings.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.refuseFor()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.delayStep()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void zonesShouldBeLowerCasedWithoutTrailingDotAndDeduplicated() {
        ProtectionSettings settings = ProtectionSettings.builder()
            .dnsblZones(List.of(" Zen.Example. ", "zen.example", "bl.example")).build();

        assertThat(settings.dnsblZones()).containsExactly("zen.example", "bl.example");
    }

    @Test
    void zoneThatIsNoDnsNameShouldBeRefused() {
        for (String zone : List.of("", "localhost", "zen..example", "zen_example.org", "-a.example", "a b.example")) {
            assertThatThrownBy(() -> ProtectionSettings.builder().dnsblZones(List.of(zone)))
                .as(zone).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blocklist zone");
        }
    }

    @Test
    void trustedNetworksShouldBeKept() {
        Cidr network = Cidr.parse("192.0.2.0/24", "trustedNetworks");

        assertThat(ProtectionSettings.builder().trustedNetworks(List.of(network)).build().trustedNetworks()).containsExactly(network);
    }

    @Test
    void refuseAfterShouldBeMoreThanSlowAfter() {
        assertThatThrownBy(() -> ProtectionSettings.builder().slowAfter(10).refuseAfter(10).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refuseAfter");
        assertThatThrownBy(() -> ProtectionSettings.builder().slowAfter(0).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slowAfter");
    }

    @Test
    void durationsShouldBeInTheirRanges() {
        assertThatThrownBy(() -> ProtectionSettings.builder().window(Duration.ZERO).build()).hasMessageContaining("window");
        assertThatThrownBy(() -> ProtectionSettings.builder().refuseFor(Duration.ofMinutes(-1)).build()).hasMessageContaining("refuseFor");
        assertThatThrownBy(() -> ProtectionSettings.builder().delayStep(Duration.ofMillis(-1)).build()).hasMessageContaining("delayStep");
        assertThatThrownBy(() -> ProtectionSettings.builder().maxDelay(Duration.ofSeconds(61)).build()).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> ProtectionSettings.builder().delayStep(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(1)).build())
            .hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> ProtectionSettings.builder().maxTrackedClients(0).build()).hasMessageContaining("maxTrackedClients");
    }
}
