package io.smtpy.core.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

/**
 * One DKIM key of a domain: its selector, algorithm, state, public key, sealed private key and the instants of its
 * transitions. Immutable; the transition methods return a new key and refuse a move the lifecycle does not allow.
 *
 * <p>The public key is checked on construction, whether generated or loaded from storage: an RSA key must be a
 * DER SubjectPublicKeyInfo of at least 2048 bits (RFC 8301), an Ed25519 key exactly 32 bytes (RFC 8463).
 */
public final class DkimKey {
    /** The record of a revoked key (RFC 6376 §3.6.1): an empty {@code p=}. */
    public static final String REVOKED_TXT_RECORD = "v=DKIM1; p=";
    /** The longest character-string a TXT record holds; longer values are split (RFC 1035 §3.3.14). */
    public static final int TXT_STRING_MAX_LENGTH = 255;

    private final DomainName domain;
    private final DkimSelector selector;
    private final DkimAlgorithm algorithm;
    private final DkimKeyState state;
    private final byte[] publicKey;
    private final SealedPrivateKey privateKey;
    private final Instant createdAt;
    private final Optional<Instant> activatedAt;
    private final Optional<Instant> retiringAt;
    private final Optional<Instant> retiredAt;

    private DkimKey(Builder builder) {
        this.domain = Objects.requireNonNull(builder.domain, "domain");
        this.selector = Objects.requireNonNull(builder.selector, "selector");
        this.algorithm = Objects.requireNonNull(builder.algorithm, "algorithm");
        this.state = Objects.requireNonNull(builder.state, "state");
        this.publicKey = Objects.requireNonNull(builder.publicKey, "publicKey").clone();
        this.privateKey = Objects.requireNonNull(builder.privateKey, "privateKey");
        this.createdAt = Objects.requireNonNull(builder.createdAt, "createdAt");
        this.activatedAt = Objects.requireNonNull(builder.activatedAt, "activatedAt");
        this.retiringAt = Objects.requireNonNull(builder.retiringAt, "retiringAt");
        this.retiredAt = Objects.requireNonNull(builder.retiredAt, "retiredAt");
        checkPublicKey(algorithm, publicKey);
        checkInstants();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new key, waiting for its record to show in DNS. */
    public static DkimKey pending(DomainName domain, DkimSelector selector, DkimAlgorithm algorithm, byte[] publicKey,
                                  SealedPrivateKey privateKey, Instant createdAt) {
        return builder()
            .domain(domain)
            .selector(selector)
            .algorithm(algorithm)
            .state(DkimKeyState.PENDING)
            .publicKey(publicKey)
            .privateKey(privateKey)
            .createdAt(createdAt)
            .build();
    }

    public Builder toBuilder() {
        return builder()
            .domain(domain)
            .selector(selector)
            .algorithm(algorithm)
            .state(state)
            .publicKey(publicKey)
            .privateKey(privateKey)
            .createdAt(createdAt)
            .activatedAt(activatedAt)
            .retiringAt(retiringAt)
            .retiredAt(retiredAt);
    }

    /** PENDING → ACTIVE: its record has been seen in DNS. */
    public DkimKey activate(Instant at) {
        requireState(DkimKeyState.PENDING, DkimKeyState.ACTIVE);
        return toBuilder().state(DkimKeyState.ACTIVE).activatedAt(Optional.of(at)).build();
    }

    /** ACTIVE → RETIRING: a successor signs now; this key stays published. */
    public DkimKey startRetiring(Instant at) {
        requireState(DkimKeyState.ACTIVE, DkimKeyState.RETIRING);
        return toBuilder().state(DkimKeyState.RETIRING).retiringAt(Optional.of(at)).build();
    }

    /** RETIRING → RETIRED, or PENDING → RETIRED for a key that never signed (its algorithm is no longer kept). */
    public DkimKey retire(Instant at) {
        if (state != DkimKeyState.RETIRING && state != DkimKeyState.PENDING) {
            throw new IllegalStateException(describe() + " is " + state + " and cannot become RETIRED");
        }
        return toBuilder().state(DkimKeyState.RETIRED).retiredAt(Optional.of(at)).build();
    }

    private void requireState(DkimKeyState expected, DkimKeyState target) {
        if (state != expected) {
            throw new IllegalStateException(describe() + " is " + state + " and cannot become " + target);
        }
    }

    public DomainName domain() {
        return domain;
    }

    public DkimSelector selector() {
        return selector;
    }

    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    public DkimKeyState state() {
        return state;
    }

    /** DER SubjectPublicKeyInfo for RSA, the raw 32 bytes for Ed25519: what {@code p=} carries in base64. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public SealedPrivateKey privateKey() {
        return privateKey;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> activatedAt() {
        return activatedAt;
    }

    public Optional<Instant> retiringAt() {
        return retiringAt;
    }

    public Optional<Instant> retiredAt() {
        return retiredAt;
    }

    /** {@code <selector>._domainkey.<domain>}; also the context its private key is sealed for. */
    public String recordName() {
        return selector.recordName(domain);
    }

    /** The base64 {@code p=} value. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey);
    }

    /**
     * The TXT value that publishes this key, whatever its state: {@code v=DKIM1; k=rsa; p=<base64>} or
     * {@code v=DKIM1; k=ed25519; p=<base64>}. An RSA-2048 record is longer than 255 characters: a DNS adapter
     * publishes it as several strings ({@link #txtStrings(String)}).
     */
    public String txtRecord() {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyBase64();
    }

    /**
     * The TXT value to have in DNS for this key: with {@code revokeWhenRetired}, a RETIRED key gets the revoked
     * form {@value #REVOKED_TXT_RECORD}, which tells verifiers the key is withdrawn rather than missing.
     */
    public String txtRecord(boolean revokeWhenRetired) {
        return revokeWhenRetired && state == DkimKeyState.RETIRED ? REVOKED_TXT_RECORD : txtRecord();
    }

    /** A TXT value cut into the character-strings of at most 255 characters a DNS record holds. */
    public static String[] txtStrings(String txtValue) {
        int count = Math.max(1, (txtValue.length() + TXT_STRING_MAX_LENGTH - 1) / TXT_STRING_MAX_LENGTH);
        String[] strings = new String[count];
        for (int i = 0; i < count; i++) {
            strings[i] = txtValue.substring(i * TXT_STRING_MAX_LENGTH,
                Math.min(txtValue.length(), (i + 1) * TXT_STRING_MAX_LENGTH));
        }
        return strings;
    }

    private static void checkPublicKey(DkimAlgorithm algorithm, byte[] publicKey) {
        if (algorithm == DkimAlgorithm.ED25519_SHA256) {
            if (publicKey.length != DkimAlgorithm.ED25519_PUBLIC_KEY_LENGTH) {
                throw new InvalidFieldException("publicKey", "an Ed25519 public key is "
                    + DkimAlgorithm.ED25519_PUBLIC_KEY_LENGTH + " bytes, not " + publicKey.length);
            }
            return;
        }
        RSAPublicKey rsa;
        try {
            rsa = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKey));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new InvalidFieldException("publicKey", "not a DER SubjectPublicKeyInfo of an RSA key");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < DkimAlgorithm.MINIMUM_RSA_BITS) {
            throw new InvalidFieldException("publicKey", "an RSA key of " + bits + " bits is too short (RFC 8301: at least "
                + DkimAlgorithm.MINIMUM_RSA_BITS + ")");
        }
    }

    private void checkInstants() {
        boolean wasActive = state == DkimKeyState.ACTIVE || state == DkimKeyState.RETIRING;
        if (wasActive && activatedAt.isEmpty()) {
            throw new IllegalArgumentException(describe() + " is " + state + " without activatedAt");
        }
        if (state == DkimKeyState.PENDING && (activatedAt.isPresent() || retiringAt.isPresent() || retiredAt.isPresent())) {
            throw new IllegalArgumentException(describe() + " is PENDING but carries later instants");
        }
        if (state == DkimKeyState.RETIRING && retiringAt.isEmpty()) {
            throw new IllegalArgumentException(describe() + " is RETIRING without retiringAt");
        }
        if (state == DkimKeyState.RETIRED && retiredAt.isEmpty()) {
            throw new IllegalArgumentException(describe() + " is RETIRED without retiredAt");
        }
    }

    private String describe() {
        return "DKIM key " + recordName();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DkimKey)) {
            return false;
        }
        DkimKey other = (DkimKey) o;
        return domain.equals(other.domain)
            && selector.equals(other.selector)
            && algorithm == other.algorithm
            && state == other.state
            && Arrays.equals(publicKey, other.publicKey)
            && privateKey.equals(other.privateKey)
            && createdAt.equals(other.createdAt)
            && activatedAt.equals(other.activatedAt)
            && retiringAt.equals(other.retiringAt)
            && retiredAt.equals(other.retiredAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, selector, state, createdAt);
    }

    /** No key material: the selector, algorithm, state and instants. */
    @Override
    public String toString() {
        return "DkimKey{" + recordName()
            + ", " + algorithm
            + ", " + state
            + ", createdAt=" + createdAt
            + activatedAt.map(at -> ", activatedAt=" + at).orElse("")
            + retiringAt.map(at -> ", retiringAt=" + at).orElse("")
            + retiredAt.map(at -> ", retiredAt=" + at).orElse("")
            + "}";
    }

    public static final class Builder {
        private DomainName domain;
        private DkimSelector selector;
        private DkimAlgorithm algorithm;
        private DkimKeyState state = DkimKeyState.PENDING;
        private byte[] publicKey;
        private SealedPrivateKey privateKey;
        private Instant createdAt;
        private Optional<Instant> activatedAt = Optional.empty();
        private Optional<Instant> retiringAt = Optional.empty();
        private Optional<Instant> retiredAt = Optional.empty();

        private Builder() {
        }

        public Builder domain(DomainName domain) {
            this.domain = domain;
            return this;
        }

        public Builder selector(DkimSelector selector) {
            this.selector = selector;
            return this;
        }

        public Builder algorithm(DkimAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public Builder state(DkimKeyState state) {
            this.state = state;
            return this;
        }

        public Builder publicKey(byte[] publicKey) {
            this.publicKey = publicKey.clone();
            return this;
        }

        public Builder privateKey(SealedPrivateKey privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder activatedAt(Optional<Instant> activatedAt) {
            this.activatedAt = activatedAt;
            return this;
        }

        public Builder retiringAt(Optional<Instant> retiringAt) {
            this.retiringAt = retiringAt;
            return this;
        }

        public Builder retiredAt(Optional<Instant> retiredAt) {
            this.retiredAt = retiredAt;
            return this;
        }

        /**
         * @throws InvalidFieldException when the public key breaks the algorithm's rules
         * @throws IllegalArgumentException when the instants do not fit the state
         */
        public DkimKey build() {
            return new DkimKey(this);
        }
    }
}
