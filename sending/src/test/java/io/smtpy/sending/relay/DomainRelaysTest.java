package io.smtpy.sending.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;

import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.core.cluster.TwoNodes;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.testing.MovableClock;

class DomainRelaysTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryDomainRelayRepository store = new MemoryDomainRelayRepository();
    private final DomainRelays relays = node();

    /** A node's relays over the one store. */
    private DomainRelays node() {
        return new DomainRelays(store, new CipherSecretSeal(new PrivateKeyCipher(new byte[32])),
            new RelayProbe(RelayHostGuard.none(), (SSLSocketFactory) SSLSocketFactory.getDefault(), "mx.smtpy.test", Duration.ofSeconds(5)),
            clock);
    }

    private static RelayRequest request(String host, Optional<String> username, Optional<String> password) {
        return new RelayRequest(host, 587, Optional.empty(), username, password, Optional.empty(), Optional.empty());
    }

    @Test
    void setShouldKeepThePasswordOnlySealedAndOpenItForDelivery() {
        DomainRelay relay = relays.set(DOMAIN, request("smtp.relay.example", Optional.of("me"), Optional.of("s3cret")));

        assertThat(relay.tls()).isEqualTo(RelayTls.STARTTLS);
        assertThat(relay.scope()).isEqualTo(RelayScope.OUTBOUND);
        assertThat(relay.enabled()).isTrue();
        assertThat(relay.sealedPassword()).isPresent().get().asString().doesNotContain("s3cret");
        assertThat(relays.password(store.find(DOMAIN).orElseThrow())).contains("s3cret");
        assertThat(relay.toString()).doesNotContain("s3cret").doesNotContain(relay.sealedPassword().get());
    }

    @Test
    void aPasswordSealedForAnotherDomainShouldNotOpen() {
        DomainRelay relay = relays.set(DOMAIN, request("smtp.relay.example", Optional.of("me"), Optional.of("s3cret")));
        DomainRelay copied = new DomainRelay(DomainName.of("thief.example"), relay.host(), relay.port(), relay.tls(),
            relay.username(), relay.sealedPassword(), relay.scope(), true, relay.updatedAt());

        assertThatThrownBy(() -> relays.password(copied)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aChangeWithoutPasswordShouldKeepTheStoredOneForTheSameUser() {
        relays.set(DOMAIN, request("smtp.relay.example", Optional.of("me"), Optional.of("s3cret")));
        DomainRelay changed = relays.set(DOMAIN, new RelayRequest("other.relay.example", 465, Optional.of("implicit"),
            Optional.of("me"), Optional.empty(), Optional.of("all"), Optional.of(false)));

        assertThat(changed.host()).isEqualTo("other.relay.example");
        assertThat(changed.tls()).isEqualTo(RelayTls.IMPLICIT);
        assertThat(changed.scope()).isEqualTo(RelayScope.ALL);
        assertThat(changed.enabled()).isFalse();
        assertThat(relays.password(changed)).contains("s3cret");
    }

    @Test
    void aNewUserShouldNeedItsPassword() {
        relays.set(DOMAIN, request("smtp.relay.example", Optional.of("me"), Optional.of("s3cret")));

        assertThatThrownBy(() -> relays.set(DOMAIN, request("smtp.relay.example", Optional.of("someone-else"), Optional.empty())))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("password"));
        assertThat(store.find(DOMAIN).orElseThrow().username()).contains("me");
    }

    @Test
    void withoutUserThereShouldBeNoPassword() {
        DomainRelay relay = relays.set(DOMAIN, request("smtp.relay.example", Optional.empty(), Optional.empty()));

        assertThat(relay.hasPassword()).isFalse();
        assertThatThrownBy(() -> relays.set(DOMAIN, request("smtp.relay.example", Optional.empty(), Optional.of("s3cret"))))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("password"));
    }

    @Test
    void badValuesShouldBeRefusedNamingTheField() {
        assertField(request("not a host", Optional.empty(), Optional.empty()), "host");
        assertField(request("", Optional.empty(), Optional.empty()), "host");
        assertField(new RelayRequest("smtp.relay.example", 0, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty()), "port");
        assertField(new RelayRequest("smtp.relay.example", 587, Optional.of("ssl"), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty()), "tls");
        assertField(new RelayRequest("smtp.relay.example", 587, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of("everything"), Optional.empty()), "scope");
        assertField(request("smtp.relay.example", Optional.of("me\r\nRCPT TO:<x@y>"), Optional.of("p")), "username");
        assertThat(store.find(DOMAIN)).isEmpty();
    }

    @Test
    void ipAddressesShouldBeAcceptedAsHosts() {
        assertThat(relays.set(DOMAIN, request("[2001:db8::25]", Optional.empty(), Optional.empty())).host()).isEqualTo("2001:db8::25");
        assertThat(relays.set(DOMAIN, request("192.0.2.25", Optional.empty(), Optional.empty())).address()).isEqualTo("192.0.2.25:587");
    }

    private void assertField(RelayRequest request, String field) {
        assertThatThrownBy(() -> relays.set(DOMAIN, request))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void theMailPathShouldSeeOnlyWhatTheScopeCovers() {
        relays.set(DOMAIN, request("smtp.relay.example", Optional.empty(), Optional.empty()));

        assertThat(relays.carrying(DOMAIN, true)).isPresent();
        assertThat(relays.carrying(DOMAIN, false)).isEmpty();
        relays.set(DOMAIN, new RelayRequest("smtp.relay.example", 587, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of("all"), Optional.empty()));
        assertThat(relays.carrying(DOMAIN, false)).isPresent();
    }

    @Test
    void theMailPathShouldSeeChangesMadeHereAtOnceAndOnAnotherNodeOnceItFollowsTheFeed() {
        DomainRelays nodeB = node();
        TwoNodes cluster = TwoNodes.of(relays.sharedIndex(), nodeB.sharedIndex());
        assertThat(relays.carrying(DOMAIN, true)).isEmpty();
        assertThat(nodeB.carrying(DOMAIN, true)).isEmpty();

        relays.set(DOMAIN, request("smtp.relay.example", Optional.empty(), Optional.empty()));
        assertThat(relays.carrying(DOMAIN, true)).isPresent();
        assertThat(nodeB.carrying(DOMAIN, true)).isEmpty();
        cluster.follow();
        assertThat(nodeB.carrying(DOMAIN, true)).isPresent();

        relays.remove(DOMAIN);
        cluster.follow();
        assertThat(nodeB.carrying(DOMAIN, true)).isEmpty();
    }

    @Test
    void aDisabledRelayShouldCarryNothing() {
        relays.set(DOMAIN, new RelayRequest("smtp.relay.example", 587, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of("all"), Optional.of(false)));

        assertThat(relays.carrying(DOMAIN, true)).isEmpty();
    }
}
