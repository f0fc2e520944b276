package io.smtpy.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;

/**
 * A year of scheduled ticks, every 6 hours, against a DNS that shows each new record after its own random delay of
 * 0 to 72 hours, signing with RSA and Ed25519. The invariants are checked at every tick.
 */
class DkimKeyRotationYearTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TICK = Duration.ofHours(6);
    private static final Duration MAXIMUM_DNS_DELAY = Duration.ofHours(72);
    private static final RotationPolicy DUAL = RotationPolicy.builder()
        .algorithms(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256)
        .build();

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryDkimKeyRepository repository = new MemoryDkimKeyRepository();
    private final FakeDns dns = FakeDns.publishingWithin(repository, clock, new Random(20260101L), MAXIMUM_DNS_DELAY);
    private final DkimKeyRotation rotation = new DkimKeyRotation(repository, new DkimKeyGenerator(),
        new PrivateKeyCipher(new byte[32]), dns, DUAL, clock);

    @Test
    void aYearOfTicksShouldKeepEveryInvariant() throws Exception {
        Set<DkimAlgorithm> everActive = EnumSet.noneOf(DkimAlgorithm.class);
        Set<DkimSelector> opened = new HashSet<>();
        rotation.ensureKeys(DOMAIN);

        for (Instant end = T0.plus(Duration.ofDays(365)); clock.instant().isBefore(end); clock.moveBy(TICK)) {
            // Between ticks too: time has moved, nothing has been re-checked.
            assertSigningKeysArePublished();

            List<DkimKeyTransition> transitions = rotation.tick(DOMAIN);

            assertSigningKeysArePublished();
            assertRetirementsFollowActivations(transitions);
            List<DkimKey> signing = rotation.signingKeys(DOMAIN);
            signing.forEach(key -> everActive.add(key.algorithm()));
            for (DkimAlgorithm algorithm : everActive) {
                assertThat(activeKeys(algorithm))
                    .as("active %s keys at %s", algorithm, clock.instant())
                    .hasSize(1);
            }
            assertThat(rotation.publishedKeys(DOMAIN)).containsAll(signing);
            for (DkimKey key : signing) {
                if (opened.add(key.selector())) {
                    assertThat(rotation.openPrivateKey(key)).isNotEmpty();
                }
            }
        }

        List<DkimKey> all = repository.list(DOMAIN);
        for (DkimKey key : all) {
            assertRsaKeysAreAtLeast2048Bits(key);
            if (key.state() == DkimKeyState.RETIRED) {
                assertThat(Duration.between(key.retiringAt().orElseThrow(), key.retiredAt().orElseThrow()))
                    .isGreaterThanOrEqualTo(DUAL.retiringGrace());
            }
            if (key.retiringAt().isPresent()) {
                // Rotation kept pace: replaced within the rotation period plus the slowest DNS plus one tick.
                assertThat(Duration.between(key.activatedAt().orElseThrow(), key.retiringAt().orElseThrow()))
                    .isLessThanOrEqualTo(DUAL.rotateAfter().plus(MAXIMUM_DNS_DELAY).plus(TICK));
            }
        }
        for (DkimAlgorithm algorithm : DUAL.algorithms()) {
            List<DkimKey> ofAlgorithm = all.stream().filter(key -> key.algorithm() == algorithm).collect(Collectors.toList());
            assertThat(ofAlgorithm).as("%s keys in a year", algorithm).hasSizeGreaterThanOrEqualTo(4);
            assertThat(ofAlgorithm).filteredOn(key -> key.state() == DkimKeyState.RETIRED).hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(everActive).containsExactlyInAnyOrderElementsOf(DUAL.algorithms());
    }

    private void assertSigningKeysArePublished() {
        for (DkimKey key : rotation.signingKeys(DOMAIN)) {
            assertThat(dns.isPublished(key)).as("%s is signing at %s", key, clock.instant()).isTrue();
        }
    }

    /** A key stops being active only in the tick where a successor of its algorithm became active, just before. */
    private void assertRetirementsFollowActivations(List<DkimKeyTransition> transitions) {
        for (int i = 0; i < transitions.size(); i++) {
            DkimKeyTransition transition = transitions.get(i);
            if (transition.from().equals(Optional.of(DkimKeyState.ACTIVE))) {
                List<DkimKeyTransition> before = transitions.subList(0, i);
                assertThat(before)
                    .as("activation of a successor before %s", transition)
                    .anySatisfy(earlier -> {
                        assertThat(earlier.algorithm()).isEqualTo(transition.algorithm());
                        assertThat(earlier.to()).isEqualTo(DkimKeyState.ACTIVE);
                    });
            }
        }
    }

    private List<DkimKey> activeKeys(DkimAlgorithm algorithm) {
        return repository.list(DOMAIN).stream()
            .filter(key -> key.algorithm() == algorithm && key.state() == DkimKeyState.ACTIVE)
            .collect(Collectors.toList());
    }

    private static void assertRsaKeysAreAtLeast2048Bits(DkimKey key) throws Exception {
        if (key.algorithm() == DkimAlgorithm.RSA_SHA256) {
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(key.publicKey()));
            assertThat(publicKey.getModulus().bitLength()).isGreaterThanOrEqualTo(2048);
        }
    }
}
