package io.smtpy.core.dkim;

import static io.smtpy.core.dkim.DkimKeyState.ACTIVE;
import static io.smtpy.core.dkim.DkimKeyState.PENDING;
import static io.smtpy.core.dkim.DkimKeyState.RETIRED;
import static io.smtpy.core.dkim.DkimKeyState.RETIRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.cluster.TwoNodes;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;

class DkimKeyRotationTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DNS_DELAY = Duration.ofHours(24);
    private static final RotationPolicy ED25519_ONLY = RotationPolicy.builder()
        .algorithms(DkimAlgorithm.ED25519_SHA256)
        .build();

    private final MovableClock clock = new MovableClock(T0);
    private final PrivateKeyCipher cipher = new PrivateKeyCipher(new byte[32]);
    private final DkimKeyGenerator generator = new DkimKeyGenerator();
    private MemoryDkimKeyRepository repository;
    private FakeDns dns;

    @BeforeEach
    void setUp() {
        repository = new MemoryDkimKeyRepository();
        dns = FakeDns.publishingAfter(repository, clock, DNS_DELAY);
    }

    private DkimKeyRotation rotation(RotationPolicy policy) {
        return rotation(policy, dns);
    }

    private DkimKeyRotation rotation(RotationPolicy policy, PublishedKeyCheck check) {
        return new DkimKeyRotation(repository, generator, cipher, check, policy, clock);
    }

    /** A domain whose first key is active, at T0 + the DNS delay. */
    private DkimKey activeKey(DkimKeyRotation rotation) {
        rotation.ensureKeys(DOMAIN);
        clock.moveBy(DNS_DELAY);
        rotation.tick(DOMAIN);
        return rotation.signingKeys(DOMAIN).get(0);
    }

    private DkimKey stored(DkimKey key) {
        return repository.find(key.domain(), key.selector()).orElseThrow();
    }

    @Test
    void ensureKeysShouldCreateAPendingKeyPerKeptAlgorithm() {
        DkimKeyRotation rotation = rotation(RotationPolicy.builder()
            .algorithms(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256)
            .build());

        List<DkimKeyTransition> transitions = rotation.ensureKeys(DOMAIN);

        assertThat(transitions).extracting(t -> t.selector().asString(), DkimKeyTransition::from, DkimKeyTransition::to)
            .containsExactly(
                tuple("v1-rsa-20260101", Optional.empty(), PENDING),
                tuple("v1-ed25519-20260101", Optional.empty(), PENDING));
        assertThat(repository.list(DOMAIN)).extracting(DkimKey::state).containsExactly(PENDING, PENDING);
        assertThat(rotation.publishedKeys(DOMAIN)).hasSize(2);
        assertThat(rotation.signingKeys(DOMAIN)).isEmpty();
    }

    @Test
    void ensureKeysShouldNotAddASecondKey() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        rotation.ensureKeys(DOMAIN);

        assertThat(rotation.ensureKeys(DOMAIN)).isEmpty();
        assertThat(repository.list(DOMAIN)).hasSize(1);
    }

    @Test
    void pendingKeyShouldNotSignBeforeItsRecordIsVisible() {
        DkimKeyRotation rotation = rotation(RotationPolicy.DEFAULT);
        rotation.ensureKeys(DOMAIN);

        clock.moveBy(DNS_DELAY.minusSeconds(1));
        assertThat(rotation.tick(DOMAIN)).isEmpty();

        assertThat(rotation.signingKeys(DOMAIN)).isEmpty();
        assertThat(repository.list(DOMAIN)).extracting(DkimKey::state).containsExactly(PENDING);
    }

    @Test
    void pendingKeyShouldSignOnceItsRecordIsVisible() {
        DkimKeyRotation rotation = rotation(RotationPolicy.DEFAULT);
        rotation.ensureKeys(DOMAIN);

        clock.moveBy(DNS_DELAY);
        List<DkimKeyTransition> transitions = rotation.tick(DOMAIN);

        assertThat(transitions).extracting(DkimKeyTransition::from, DkimKeyTransition::to)
            .containsExactly(tuple(Optional.of(PENDING), ACTIVE));
        DkimKey signing = rotation.signingKeys(DOMAIN).get(0);
        assertThat(signing.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
        assertThat(signing.activatedAt()).contains(T0.plus(DNS_DELAY));
        assertThat(dns.isPublished(signing)).isTrue();
    }

    @Test
    void recordWithAnotherKeyShouldNotCountAsPublished() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY, key -> false);
        rotation.ensureKeys(DOMAIN);
        DkimKey pending = repository.list(DOMAIN).get(0);
        DkimKeyPair other = generator.generate(DkimAlgorithm.ED25519_SHA256);
        DkimKey impostor = pending.toBuilder().publicKey(other.publicKey()).build();
        clock.moveBy(DNS_DELAY);

        assertThat(dns.isPublished(pending)).isTrue();
        assertThat(dns.isPublished(impostor)).isFalse();
    }

    @Test
    void activeKeyShouldKeepSigningAloneUntilTheRotationPeriodEnds() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        DkimKey first = activeKey(rotation);

        clock.moveBy(Duration.ofDays(90).minusSeconds(1));

        assertThat(rotation.tick(DOMAIN)).isEmpty();
        assertThat(repository.list(DOMAIN)).containsExactly(first);
    }

    @Test
    void activeKeyShouldGetAPendingSuccessorAfterTheRotationPeriod() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        DkimKey first = activeKey(rotation);

        clock.moveBy(Duration.ofDays(90));
        List<DkimKeyTransition> transitions = rotation.tick(DOMAIN);

        assertThat(transitions).singleElement().satisfies(transition -> {
            assertThat(transition.from()).isEmpty();
            assertThat(transition.to()).isEqualTo(PENDING);
            assertThat(transition.selector().asString()).isEqualTo("v2-ed25519-20260402");
        });
        assertThat(rotation.signingKeys(DOMAIN)).containsExactly(first);
        assertThat(rotation.publishedKeys(DOMAIN)).hasSize(2);
    }

    @Test
    void successorShouldTakeOverWhenVisibleAndThePredecessorStartRetiring() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        DkimKey first = activeKey(rotation);
        clock.moveBy(Duration.ofDays(90));
        rotation.tick(DOMAIN);

        clock.moveBy(DNS_DELAY);
        List<DkimKeyTransition> transitions = rotation.tick(DOMAIN);

        assertThat(transitions).extracting(t -> t.selector().asString(), DkimKeyTransition::to)
            .containsExactly(
                tuple("v2-ed25519-20260402", ACTIVE),
                tuple(first.selector().asString(), RETIRING));
        assertThat(rotation.signingKeys(DOMAIN)).extracting(DkimKey::selector)
            .containsExactly(DkimSelector.of("v2-ed25519-20260402"));
        assertThat(rotation.publishedKeys(DOMAIN)).extracting(DkimKey::state).containsExactlyInAnyOrder(RETIRING, ACTIVE);
        assertThat(stored(first).retiringAt()).contains(clock.instant());
    }

    @Test
    void retiringKeyShouldStayPublishedForTheGraceThenBeRetired() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        DkimKey first = activeKey(rotation);
        clock.moveBy(Duration.ofDays(90));
        rotation.tick(DOMAIN);
        clock.moveBy(DNS_DELAY);
        rotation.tick(DOMAIN);

        clock.moveBy(Duration.ofDays(7).minusSeconds(1));
        assertThat(rotation.tick(DOMAIN)).isEmpty();
        assertThat(stored(first).state()).isEqualTo(RETIRING);

        clock.moveBy(Duration.ofSeconds(1));
        assertThat(rotation.tick(DOMAIN)).extracting(DkimKeyTransition::from, DkimKeyTransition::to)
            .containsExactly(tuple(Optional.of(RETIRING), RETIRED));
        assertThat(rotation.publishedKeys(DOMAIN)).extracting(DkimKey::state).containsExactly(ACTIVE);
        assertThat(rotation.revokedKeys(DOMAIN)).containsExactly(stored(first));
        assertThat(dns.txt(first)).contains("v=DKIM1; p=");
    }

    @Test
    void revokedRecordShouldBeDueForRemovalAfterTheDeleteDelay() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        activeKey(rotation);
        clock.moveBy(Duration.ofDays(90));
        rotation.tick(DOMAIN);
        clock.moveBy(DNS_DELAY);
        rotation.tick(DOMAIN);
        clock.moveBy(Duration.ofDays(7));
        rotation.tick(DOMAIN);

        clock.moveBy(Duration.ofDays(30).minusSeconds(1));
        assertThat(rotation.revokedKeys(DOMAIN)).hasSize(1);
        clock.moveBy(Duration.ofSeconds(1));
        assertThat(rotation.revokedKeys(DOMAIN)).isEmpty();
    }

    @Test
    void dnsThatNeverShowsTheSuccessorShouldLeaveTheOldKeySigning() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        DkimKey first = activeKey(rotation);
        dns.stopPublishingNewRecords();

        for (int hours = 0; hours < 2 * 365 * 24; hours += 6) {
            clock.moveBy(Duration.ofHours(6));
            rotation.tick(DOMAIN);
            assertThat(rotation.signingKeys(DOMAIN)).containsExactly(first);
        }

        assertThat(repository.list(DOMAIN)).extracting(DkimKey::state).containsExactly(ACTIVE, PENDING);
    }

    @Test
    void failingDnsCheckShouldLeaveTheKeyPending() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY, key -> {
            throw new IllegalStateException("SERVFAIL");
        });
        rotation.ensureKeys(DOMAIN);
        clock.moveBy(DNS_DELAY);

        assertThat(rotation.tick(DOMAIN)).isEmpty();
        assertThat(rotation.signingKeys(DOMAIN)).isEmpty();
    }

    @Test
    void onDemandRotationShouldCreateASuccessorAtOnceWhileTheOldKeySigns() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        DkimKey first = activeKey(rotation);
        clock.moveBy(Duration.ofDays(3));

        List<DkimKeyTransition> transitions = rotation.rotate(DOMAIN);

        assertThat(transitions).extracting(DkimKeyTransition::to).containsExactly(PENDING);
        assertThat(rotation.signingKeys(DOMAIN)).containsExactly(first);

        clock.moveBy(DNS_DELAY);
        rotation.tick(DOMAIN);
        assertThat(rotation.signingKeys(DOMAIN)).extracting(DkimKey::selector)
            .containsExactly(transitions.get(0).selector());
        assertThat(stored(first).state()).isEqualTo(RETIRING);
    }

    @Test
    void secondOnDemandRotationShouldNotStackPendingKeys() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        activeKey(rotation);
        rotation.rotate(DOMAIN);

        assertThat(rotation.rotate(DOMAIN)).isEmpty();
        assertThat(repository.list(DOMAIN)).extracting(DkimKey::state).containsExactly(ACTIVE, PENDING);
    }

    @Test
    void onDemandRotationOfADomainWithoutKeysShouldCreateThem() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);

        assertThat(rotation.rotate(DOMAIN)).extracting(DkimKeyTransition::to).containsExactly(PENDING);
    }

    @Test
    void selectorsOfOneDayShouldNotCollide() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY, key -> true);
        rotation.ensureKeys(DOMAIN);
        rotation.tick(DOMAIN);
        rotation.rotate(DOMAIN);
        rotation.rotate(DOMAIN);

        assertThat(repository.list(DOMAIN)).extracting(key -> key.selector().asString())
            .containsExactlyInAnyOrder("v1-ed25519-20260101", "v2-ed25519-20260101", "v3-ed25519-20260101");
    }

    @Test
    void withDnsCheckingOffAKeyShouldActivateAfterThePublicationDelay() {
        PublishedKeyCheck mustNotBeAsked = key -> {
            throw new AssertionError("DNS checking is off");
        };
        DkimKeyRotation rotation = rotation(RotationPolicy.builder()
            .algorithms(DkimAlgorithm.ED25519_SHA256)
            .publicationDelay(Optional.of(Duration.ofHours(2)))
            .build(), mustNotBeAsked);
        rotation.ensureKeys(DOMAIN);

        clock.moveBy(Duration.ofHours(2).minusSeconds(1));
        rotation.tick(DOMAIN);
        assertThat(rotation.signingKeys(DOMAIN)).isEmpty();

        clock.moveBy(Duration.ofSeconds(1));
        rotation.tick(DOMAIN);
        assertThat(rotation.signingKeys(DOMAIN)).hasSize(1);
    }

    @Test
    void droppedAlgorithmShouldStopSigningOnlyOnceAKeptOneSigns() {
        DkimKeyRotation ed25519Only = rotation(ED25519_ONLY);
        DkimKey ed25519 = activeKey(ed25519Only);
        DkimKeyRotation rsaOnly = rotation(RotationPolicy.DEFAULT);

        rsaOnly.tick(DOMAIN);
        assertThat(rsaOnly.signingKeys(DOMAIN)).containsExactly(ed25519);

        clock.moveBy(DNS_DELAY);
        rsaOnly.tick(DOMAIN);
        assertThat(rsaOnly.signingKeys(DOMAIN)).extracting(DkimKey::algorithm).containsExactly(DkimAlgorithm.RSA_SHA256);
        assertThat(stored(ed25519).state()).isEqualTo(RETIRING);
    }

    @Test
    void pendingKeyOfADroppedAlgorithmShouldBeRetiredAtOnce() {
        rotation(ED25519_ONLY).ensureKeys(DOMAIN);
        DkimKey pending = repository.list(DOMAIN).get(0);

        rotation(RotationPolicy.DEFAULT).tick(DOMAIN);

        assertThat(stored(pending).state()).isEqualTo(RETIRED);
        assertThat(stored(pending).activatedAt()).isEmpty();
    }

    @Test
    void signingKeysShouldPreferTheNewerOfTwoActiveKeysOfOneAlgorithm() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        DkimKey first = activeKey(rotation);
        rotation.rotate(DOMAIN);
        DkimKey successor = repository.list(DOMAIN).get(1);
        clock.moveBy(Duration.ofHours(1));
        // The instant between storing the successor ACTIVE and its predecessor RETIRING.
        repository.update(successor.activate(clock.instant()));

        assertThat(rotation.signingKeys(DOMAIN)).extracting(DkimKey::selector).containsExactly(successor.selector());
        assertThat(stored(first).state()).isEqualTo(ACTIVE);
    }

    @Test
    void openPrivateKeyShouldGiveTheSignerTheKeyOfThePublishedRecord() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        DkimKey key = activeKey(rotation);

        byte[] privateKey = rotation.openPrivateKey(key);

        assertThat(new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded())
            .isEqualTo(key.publicKey());
    }

    @Test
    void openPrivateKeyWithAnotherMasterKeyShouldFail() {
        DkimKey key = activeKey(rotation(ED25519_ONLY));
        byte[] otherMasterKey = new byte[32];
        otherMasterKey[0] = 1;
        DkimKeyRotation misconfigured = new DkimKeyRotation(repository, generator, new PrivateKeyCipher(otherMasterKey),
            dns, ED25519_ONLY, clock);

        assertThatThrownBy(() -> misconfigured.openPrivateKey(key)).isInstanceOf(SealedKeyException.class);
    }

    @Test
    void domainsShouldBeKeptApart() {
        DkimKeyRotation rotation = rotation(ED25519_ONLY);
        activeKey(rotation);

        assertThat(rotation.signingKeys(DomainName.of("other.org"))).isEmpty();
        assertThat(rotation.publishedKeys(DomainName.of("other.org"))).isEmpty();
    }

    @Test
    void signingKeysShouldBeReadFromStorageOncePerDomainUntilAKeyChanges() {
        int[] reads = {0};
        MemoryDkimKeyRepository counted = new MemoryDkimKeyRepository() {
            @Override
            public java.util.List<DkimKey> list(io.smtpy.core.model.DomainName domain) {
                reads[0]++;
                return super.list(domain);
            }
        };
        FakeDns publishing = FakeDns.publishingAfter(counted, clock, DNS_DELAY);
        DkimKeyRotation rotation = new DkimKeyRotation(counted, generator, cipher, publishing, ED25519_ONLY, clock);
        rotation.ensureKeys(DOMAIN);
        clock.moveBy(DNS_DELAY);
        rotation.tick(DOMAIN);

        DkimKey first = rotation.signingKeys(DOMAIN).get(0);
        int afterFirst = reads[0];
        for (int i = 0; i < 100; i++) {
            assertThat(rotation.signingKeys(DOMAIN)).containsExactly(first);
        }
        assertThat(reads[0]).isEqualTo(afterFirst);

        rotation.rotate(DOMAIN);
        clock.moveBy(DNS_DELAY);
        rotation.tick(DOMAIN);
        assertThat(rotation.signingKeys(DOMAIN)).doesNotContain(first);
    }

    @Test
    void aKeyActivatedOnOneNodeShouldSignOnTheOtherOnceItFollowsTheFeed() {
        DkimKeyRotation nodeA = rotation(ED25519_ONLY);
        DkimKeyRotation nodeB = rotation(ED25519_ONLY);
        TwoNodes cluster = TwoNodes.of(nodeA.sharedIndex(), nodeB.sharedIndex());
        DkimKey first = activeKey(nodeA);
        cluster.follow();
        assertThat(nodeB.signingKeys(DOMAIN)).containsExactly(first);

        nodeA.rotate(DOMAIN);
        clock.moveBy(DNS_DELAY);
        nodeA.tick(DOMAIN);
        assertThat(nodeB.signingKeys(DOMAIN)).containsExactly(first);
        cluster.follow();

        assertThat(nodeB.signingKeys(DOMAIN)).doesNotContain(first).isEqualTo(nodeA.signingKeys(DOMAIN));
    }
}
