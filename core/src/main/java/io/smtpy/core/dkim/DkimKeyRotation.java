package io.smtpy.core.dkim;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.Striped;

import io.smtpy.core.cluster.SharedCache;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.model.DomainName;

/**
 * Keeps each domain's DKIM keys: creates them, activates them once DNS shows them, replaces them on schedule or
 * on demand, and retires the replaced ones. See the package documentation for the lifecycle.
 *
 * <p>The invariant it holds: a key signs ({@link #signingKeys}) only after its record was seen in DNS, and an
 * active key stops signing only once its successor of the same algorithm is active. A DNS that never shows a
 * successor therefore leaves the old key signing, past its rotation date, rather than leaving the domain unsigned.
 *
 * <p>Changes to one domain are serialised by a per-domain lock (one process; several nodes need a lease, later).
 * Each changing call returns the transitions it made so a caller can record them.
 */
public class DkimKeyRotation {
    /** A key of the domain was created or changed state; the key is the domain. */
    public static final Topic<DomainName> TOPIC = Topic.ofDomains("dkim");
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimKeyRotation.class);
    private static final Comparator<DkimKey> BY_ACTIVATION = Comparator.comparing(
        (DkimKey key) -> key.activatedAt().orElse(Instant.MIN)).thenComparing(DkimKey::createdAt);

    private final DkimKeyRepository keys;
    private final DkimKeyGenerator generator;
    private final PrivateKeyCipher cipher;
    private final PublishedKeyCheck dns;
    private final RotationPolicy policy;
    private final Clock clock;
    private final Striped<Lock> domainLocks = Striped.lock(64);
    /**
     * Each domain's signing keys, as read last: every forwarded copy asks for them (DKIM and ARC), and only this class
     * changes keys, forgetting a domain's entry whenever it does; the other nodes of a cluster read the domain again
     * ({@link #sharedIndex()}, topic {@code dkim}).
     */
    private final SharedCache<DomainName, List<DkimKey>> signingKeys;

    @Inject
    public DkimKeyRotation(DkimKeyRepository keys, DkimKeyGenerator generator, PrivateKeyCipher cipher,
                           PublishedKeyCheck dns, RotationPolicy policy, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signingKeys = new SharedCache<>(TOPIC, this::readSigningKeys);
    }

    /** The domains' signing keys held in memory: what follows the changes made through the other nodes. */
    public SharedIndex<DomainName> sharedIndex() {
        return signingKeys;
    }

    public RotationPolicy policy() {
        return policy;
    }

    /** Gives the domain a PENDING key for each kept algorithm that has neither an active nor a pending key. */
    public List<DkimKeyTransition> ensureKeys(DomainName domain) {
        return locked(domain, () -> {
            Instant now = clock.instant();
            List<DkimKeyTransition> transitions = new ArrayList<>();
            List<DkimKey> all = keys.list(domain);
            for (DkimAlgorithm algorithm : policy.algorithms()) {
                if (latest(all, algorithm, DkimKeyState.ACTIVE).isEmpty()
                    && latest(all, algorithm, DkimKeyState.PENDING).isEmpty()) {
                    transitions.add(create(domain, algorithm, all, now));
                    all = keys.list(domain);
                }
            }
            return transitions;
        });
    }

    /**
     * The scheduled step: creates missing keys and successors of keys older than {@link RotationPolicy#rotateAfter()},
     * activates pending keys whose record is visible (retiring the key they replace), and retires keys whose grace
     * is over.
     */
    public List<DkimKeyTransition> tick(DomainName domain) {
        return locked(domain, () -> step(domain, false));
    }

    /**
     * Starts a rotation now: each kept algorithm without a pending key gets one, whatever the age of its active key.
     * The active key keeps signing until the successor's record is visible; a later {@link #tick} completes the swap
     * (this call runs one step too, so a successor already visible is activated at once).
     */
    public List<DkimKeyTransition> rotate(DomainName domain) {
        return locked(domain, () -> step(domain, true));
    }

    /**
     * The keys a signer may use: the ACTIVE key of each algorithm, kept algorithms first. Every one of them had its
     * record seen in DNS (or, with checking off, outlived the publication delay) before it became active. Reads
     * storage once per domain until this class changes one of its keys; never asks DNS.
     */
    public List<DkimKey> signingKeys(DomainName domain) {
        return signingKeys.get(domain);
    }

    private List<DkimKey> readSigningKeys(DomainName domain) {
        Map<DkimAlgorithm, DkimKey> newestActive = new LinkedHashMap<>();
        keys.list(domain).stream()
            .filter(key -> key.state() == DkimKeyState.ACTIVE)
            .sorted(Comparator.comparing((DkimKey key) -> algorithmRank(key.algorithm())).thenComparing(BY_ACTIVATION))
            // Between a successor's activation and its predecessor's retirement both are ACTIVE: the newer wins.
            .forEach(key -> newestActive.put(key.algorithm(), key));
        return ImmutableList.copyOf(newestActive.values());
    }

    /** Every key of the domain, in every state, oldest first. */
    public List<DkimKey> keys(DomainName domain) {
        return keys.list(domain);
    }

    /** Every key whose record, with its public key, must be in DNS now: PENDING, ACTIVE and RETIRING. */
    public List<DkimKey> publishedKeys(DomainName domain) {
        return keys.list(domain).stream()
            .filter(key -> key.state().published())
            .collect(ImmutableList.toImmutableList());
    }

    /**
     * RETIRED keys whose revoked record ({@link DkimKey#REVOKED_TXT_RECORD}) should still be in DNS: those retired
     * less than {@link RotationPolicy#deleteAfter()} ago. The records of older retired keys can be removed.
     */
    public List<DkimKey> revokedKeys(DomainName domain) {
        Instant now = clock.instant();
        return keys.list(domain).stream()
            .filter(key -> key.state() == DkimKeyState.RETIRED)
            .filter(key -> key.retiredAt().orElseThrow().plus(policy.deleteAfter()).isAfter(now))
            .collect(ImmutableList.toImmutableList());
    }

    /**
     * The private key, for the signer: PKCS#8 DER for RSA, the raw 32 bytes for Ed25519.
     *
     * @throws SealedKeyException when the configured master key does not open it
     */
    public byte[] openPrivateKey(DkimKey key) {
        return cipher.open(key.privateKey(), key.recordName());
    }

    private List<DkimKeyTransition> step(DomainName domain, boolean rotateNow) {
        Instant now = clock.instant();
        List<DkimKeyTransition> transitions = new ArrayList<>();
        for (DkimAlgorithm algorithm : policy.algorithms()) {
            List<DkimKey> all = keys.list(domain);
            Optional<DkimKey> active = latest(all, algorithm, DkimKeyState.ACTIVE);
            Optional<DkimKey> pending = latest(all, algorithm, DkimKeyState.PENDING);
            if (pending.isEmpty() && (active.isEmpty() || rotateNow || rotationDue(active.get(), now))) {
                transitions.add(create(domain, algorithm, all, now));
                all = keys.list(domain);
                pending = latest(all, algorithm, DkimKeyState.PENDING);
            }
            if (pending.isPresent() && visible(pending.get(), now)) {
                // The successor is stored ACTIVE before its predecessor stops: a reader in between sees two
                // active keys (and signs with the newer), never none.
                transitions.add(move(pending.get(), pending.get().activate(now), now));
                for (DkimKey previous : of(all, algorithm, DkimKeyState.ACTIVE)) {
                    transitions.add(move(previous, previous.startRetiring(now), now));
                }
            }
        }
        transitions.addAll(dropAlgorithmsNoLongerKept(domain, now));
        for (DkimKey retiring : of(keys.list(domain), DkimKeyState.RETIRING)) {
            if (!retiring.retiringAt().orElseThrow().plus(policy.retiringGrace()).isAfter(now)) {
                transitions.add(move(retiring, retiring.retire(now), now));
            }
        }
        return transitions;
    }

    /**
     * Keys of an algorithm the policy no longer keeps: a pending one never signed and is retired at once; an active
     * one stops signing only when a kept algorithm has an active key, so the domain is never left unsigned.
     */
    private List<DkimKeyTransition> dropAlgorithmsNoLongerKept(DomainName domain, Instant now) {
        List<DkimKeyTransition> transitions = new ArrayList<>();
        List<DkimKey> all = keys.list(domain);
        boolean keptAlgorithmSigns = all.stream()
            .anyMatch(key -> key.state() == DkimKeyState.ACTIVE && policy.algorithms().contains(key.algorithm()));
        for (DkimKey key : all) {
            if (policy.algorithms().contains(key.algorithm())) {
                continue;
            }
            if (key.state() == DkimKeyState.PENDING) {
                transitions.add(move(key, key.retire(now), now));
            } else if (key.state() == DkimKeyState.ACTIVE && keptAlgorithmSigns) {
                transitions.add(move(key, key.startRetiring(now), now));
            }
        }
        return transitions;
    }

    private boolean rotationDue(DkimKey active, Instant now) {
        return !active.activatedAt().orElseThrow().plus(policy.rotateAfter()).isAfter(now);
    }

    private boolean visible(DkimKey pending, Instant now) {
        if (policy.publicationDelay().isPresent()) {
            return !pending.createdAt().plus(policy.publicationDelay().get()).isAfter(now);
        }
        try {
            return dns.isPublished(pending);
        } catch (RuntimeException e) {
            LOGGER.warn("Could not check the DNS record of {}; it stays pending", pending.recordName(), e);
            return false;
        }
    }

    private DkimKeyTransition create(DomainName domain, DkimAlgorithm algorithm, List<DkimKey> existing, Instant now) {
        DkimSelector selector = nextSelector(domain, algorithm, existing, now);
        DkimKeyPair pair = generator.generate(algorithm);
        byte[] privateKey = pair.privateKey();
        DkimKey key;
        try {
            key = DkimKey.pending(domain, selector, algorithm, pair.publicKey(),
                cipher.seal(privateKey, selector.recordName(domain)), now);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
        keys.create(key);
        signingKeys.changed(domain);
        LOGGER.info("Created DKIM key {} ({}), pending publication", key.recordName(), algorithm);
        return DkimKeyTransition.created(key, now);
    }

    private DkimKeyTransition move(DkimKey before, DkimKey after, Instant now) {
        keys.update(after);
        signingKeys.changed(after.domain());
        LOGGER.info("DKIM key {} ({}): {} -> {}", after.recordName(), after.algorithm(), before.state(), after.state());
        return DkimKeyTransition.moved(before, after, now);
    }

    /** The template's selector with the first version, counting the algorithm's existing keys, that is free. */
    private DkimSelector nextSelector(DomainName domain, DkimAlgorithm algorithm, List<DkimKey> existing, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<DkimSelector> taken = existing.stream().map(DkimKey::selector).collect(Collectors.toList());
        int version = (int) existing.stream().filter(key -> key.algorithm() == algorithm).count() + 1;
        DkimSelector selector = policy.selector(version, algorithm, today);
        while (taken.contains(selector)) {
            version++;
            selector = policy.selector(version, algorithm, today);
        }
        return selector;
    }

    private static Optional<DkimKey> latest(List<DkimKey> all, DkimAlgorithm algorithm, DkimKeyState state) {
        return all.stream()
            .filter(key -> key.algorithm() == algorithm && key.state() == state)
            .max(BY_ACTIVATION);
    }

    private static List<DkimKey> of(List<DkimKey> all, DkimAlgorithm algorithm, DkimKeyState state) {
        return all.stream()
            .filter(key -> key.algorithm() == algorithm && key.state() == state)
            .collect(Collectors.toList());
    }

    private static List<DkimKey> of(List<DkimKey> all, DkimKeyState state) {
        return all.stream().filter(key -> key.state() == state).collect(Collectors.toList());
    }

    private int algorithmRank(DkimAlgorithm algorithm) {
        int rank = policy.algorithms().indexOf(algorithm);
        return rank < 0 ? Integer.MAX_VALUE : rank;
    }

    private <T> T locked(DomainName domain, Supplier<T> action) {
        Lock lock = domainLocks.get(domain);
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
