package io.smtpy.sending.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.sending.queue.PriorityClass;

class SourcePoolsTest {
    private static final Map<String, String> SETTINGS = Map.of(
        "pools.premium.addresses", "127.0.0.2",
        "pools.premium.domains", "vip.example, Other.Example",
        "pools.premium.classes", "high",
        "pools.shared.addresses", "127.0.0.3, 127.0.0.4",
        "pools.default", "shared",
        "queue.priorityDomains", "ignored.example");

    private final SourcePools pools = SourcePools.parse(SETTINGS);

    @Test
    void aDomainOfAPoolShouldLeaveFromIt() {
        Optional<SourceAddress> chosen = pools.choose(Optional.of(DomainName.of("other.example")), PriorityClass.NORMAL,
            "gmail.com");

        assertThat(chosen).map(SourceAddress::literal).contains("127.0.0.2");
        assertThat(chosen).map(SourceAddress::queueName).contains("outgoing-premium-1");
    }

    @Test
    void aDomainOfAClassOfAPoolShouldLeaveFromIt() {
        assertThat(pools.choose(Optional.of(DomainName.of("rich.example")), PriorityClass.HIGH, "gmail.com"))
            .map(SourceAddress::pool).contains("premium");
    }

    @Test
    void otherMailShouldLeaveFromTheDefaultPoolSpreadByDestination() {
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            SourceAddress address = pools.choose(Optional.of(DomainName.of("plain.example")), PriorityClass.NORMAL,
                "dest" + i + ".example").orElseThrow();
            assertThat(address.pool()).isEqualTo("shared");
            used.add(address.literal());
        }
        assertThat(used).containsExactlyInAnyOrder("127.0.0.3", "127.0.0.4");
        assertThat(pools.choose(Optional.empty(), PriorityClass.NORMAL, "dest.example")).map(SourceAddress::pool)
            .contains("shared");
    }

    @Test
    void oneDestinationShouldAlwaysSeeTheSameAddressOfAPool() {
        SourceAddress first = pools.choose(Optional.of(DomainName.of("plain.example")), PriorityClass.NORMAL, "gmail.com")
            .orElseThrow();
        for (int i = 0; i < 10; i++) {
            assertThat(pools.choose(Optional.of(DomainName.of("else.example")), PriorityClass.NORMAL, "gmail.com"))
                .contains(first);
        }
    }

    @Test
    void withoutADefaultPoolOtherMailShouldTakeTheDefaultRoute() {
        SourcePools withoutDefault = SourcePools.parse(Map.of("pools.premium.addresses", "127.0.0.2",
            "pools.premium.domains", "vip.example"));

        assertThat(withoutDefault.choose(Optional.of(DomainName.of("plain.example")), PriorityClass.HIGH, "gmail.com"))
            .isEmpty();
        assertThat(withoutDefault.choose(Optional.empty(), PriorityClass.NORMAL, "gmail.com")).isEmpty();
        assertThat(SourcePools.NONE.isEmpty()).isTrue();
        assertThat(SourcePools.parse(Map.of("queue.priorityDomains", "a.example")).isEmpty()).isTrue();
    }

    @Test
    void everyAddressShouldHaveItsOwnQueue() {
        assertThat(pools.addresses()).extracting(SourceAddress::queueName)
            .containsExactly("outgoing-premium-1", "outgoing-shared-1", "outgoing-shared-2");
    }

    @Test
    void ipv6AddressesShouldBeAccepted() {
        SourcePools six = SourcePools.parse(Map.of("pools.six.addresses", "::1", "pools.default", "six"));

        assertThat(six.choose(Optional.empty(), PriorityClass.NORMAL, "x")).map(SourceAddress::literal)
            .contains("0:0:0:0:0:0:0:1");
    }

    @Test
    void badSettingsShouldBeRefusedWithTheirKey() {
        assertRefused(Map.of("pools.a.adresses", "127.0.0.2"), "pools.a.adresses");
        assertRefused(Map.of("pools.A.addresses", "127.0.0.2"), "pools.A.addresses");
        assertRefused(Map.of("pools.addresses", "127.0.0.2"), "pools.addresses");
        assertRefused(Map.of("pools.a.domains", "a.example"), "pools.a.addresses");
        assertRefused(Map.of("pools.a.addresses", "mx.example.com"), "pools.a.addresses");
        assertRefused(Map.of("pools.a.addresses", "127.0.0.2,127.0.0.300"), "pools.a.addresses");
        assertRefused(Map.of("pools.a.addresses", "127.0.0.2", "pools.b.addresses", "127.0.0.2"), "pools.b.addresses");
        assertRefused(Map.of("pools.a.addresses", "127.0.0.2,127.0.0.2"), "pools.a.addresses");
        assertRefused(Map.of("pools.a.addresses", "127.0.0.2", "pools.a.domains", "a.example",
            "pools.b.addresses", "127.0.0.3", "pools.b.domains", "A.example"), "pools.b.domains");
        assertRefused(Map.of("pools.a.addresses", "127.0.0.2", "pools.a.domains", "not a domain"), "pools.a.domains");
        assertRefused(Map.of("pools.a.addresses", "127.0.0.2", "pools.a.classes", "gold"), "pools.a.classes");
        assertRefused(Map.of("pools.a.addresses", "127.0.0.2", "pools.a.classes", "high",
            "pools.b.addresses", "127.0.0.3", "pools.b.classes", "high"), "pools.b.classes");
        assertRefused(Map.of("pools.a.addresses", "127.0.0.2", "pools.a.deliveryThreads", "4"), "pools.a.deliveryThreads");
        assertRefused(Map.of("pools.a.addresses", "127.0.0.2", "pools.default", "b"), "pools.default");
    }

    private static void assertRefused(Map<String, String> settings, String key) {
        assertThatThrownBy(() -> SourcePools.parse(settings))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageStartingWith(key + ":")
            .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(key));
    }
}
