package io.smtpy.sending.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

/** What every {@link DomainRelayRepository} backend must do; run on memory and embedded SQLite. */
public interface DomainRelayRepositoryContract {
    DomainName DOMAIN = DomainName.of("brand.example");
    DomainName OTHER_DOMAIN = DomainName.of("other.example");
    Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    DomainRelayRepository testee();

    static DomainRelay relay(DomainName domain, String host) {
        return new DomainRelay(domain, host, 587, RelayTls.STARTTLS, Optional.of("mailer@" + domain.asString()),
            Optional.of("c2VhbGVk"), RelayScope.OUTBOUND, true, NOW);
    }

    @Test
    default void savedRelayShouldBeFoundAsItWasWritten() {
        DomainRelay relay = new DomainRelay(DOMAIN, "smtp.relay.example", 465, RelayTls.IMPLICIT, Optional.of("me"),
            Optional.of("c2VhbGVkLXBhc3N3b3Jk"), RelayScope.ALL, false, NOW.plusNanos(123_456_789));
        testee().save(relay);

        assertThat(testee().find(DOMAIN)).contains(relay);
        assertThat(testee().find(OTHER_DOMAIN)).isEmpty();
    }

    @Test
    default void relayWithoutAuthenticationShouldKeepNoUserNorPassword() {
        DomainRelay relay = new DomainRelay(DOMAIN, "10.0.0.25", 25, RelayTls.NONE, Optional.empty(), Optional.empty(),
            RelayScope.OUTBOUND, true, NOW);
        testee().save(relay);

        assertThat(testee().find(DOMAIN)).contains(relay);
    }

    @Test
    default void saveShouldReplaceTheDomainsRelay() {
        testee().save(relay(DOMAIN, "old.relay.example"));
        DomainRelay replacement = relay(DOMAIN, "new.relay.example");
        testee().save(replacement);

        assertThat(testee().find(DOMAIN)).contains(replacement);
    }

    @Test
    default void removeShouldForgetOnlyThatDomainsRelay() {
        testee().save(relay(DOMAIN, "smtp.relay.example"));
        DomainRelay other = relay(OTHER_DOMAIN, "smtp.relay.example");
        testee().save(other);

        assertThat(testee().remove(DOMAIN)).isTrue();
        assertThat(testee().remove(DOMAIN)).isFalse();
        assertThat(testee().find(DOMAIN)).isEmpty();
        assertThat(testee().find(OTHER_DOMAIN)).contains(other);
    }
}
