package io.smtpy.auth.dkim;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import io.smtpy.auth.AuthStatus;
import io.smtpy.core.dkim.DkimAlgorithm;

/**
 * A DKIM-Signature (RFC 6376 §3.5), ARC-Message-Signature or ARC-Seal (RFC 8617 §4.1.2, §4.1.3) whose tags are all
 * present and well-formed: what is left to check needs the key and the message. An ARC-Message-Signature is a DKIM
 * signature with an instance {@code i=} instead of an identity and without {@code v=}; an ARC-Seal has an instance,
 * a {@code cv=} and neither body hash nor {@code h=}.
 */
public final class MessageSignature {
    /** Which field: they differ in {@code v=}, {@code i=}, {@code h=}, {@code bh=} and {@code cv=}. */
    public enum Kind {
        DKIM_SIGNATURE,
        ARC_MESSAGE_SIGNATURE,
        ARC_SEAL
    }

    /** The highest ARC instance (RFC 8617 §4.2.1). */
    public static final int MAX_ARC_INSTANCE = 50;

    private static final int MAX_TIME_DIGITS = 12;
    private static final int MAX_LENGTH_DIGITS = 18;

    private final HeaderField field;
    private final DkimAlgorithm algorithm;
    private final Canonicalization headerCanonicalization;
    private final Canonicalization bodyCanonicalization;
    private final String domain;
    private final String selector;
    private final List<String> signedHeaders;
    private final byte[] bodyHash;
    private final byte[] signature;
    private final long bodyLengthLimit;
    private final OptionalLong expiration;
    private final Optional<String> identityDomain;
    private final int instance;

    private MessageSignature(HeaderField field, DkimAlgorithm algorithm, Canonicalization headerCanonicalization,
                             Canonicalization bodyCanonicalization, String domain, String selector,
                             List<String> signedHeaders, byte[] bodyHash, byte[] signature, long bodyLengthLimit,
                             OptionalLong expiration, Optional<String> identityDomain, int instance) {
        this.field = field;
        this.algorithm = algorithm;
        this.headerCanonicalization = headerCanonicalization;
        this.bodyCanonicalization = bodyCanonicalization;
        this.domain = domain;
        this.selector = selector;
        this.signedHeaders = signedHeaders;
        this.bodyHash = bodyHash;
        this.signature = signature;
        this.bodyLengthLimit = bodyLengthLimit;
        this.expiration = expiration;
        this.identityDomain = identityDomain;
        this.instance = instance;
    }

    /**
     * @param tags the parsed value of {@code field}
     * @throws SignatureCheckException PERMERROR naming the first tag that is missing or malformed
     */
    public static MessageSignature of(HeaderField field, TagList tags, Kind kind) throws SignatureCheckException {
        int instance = 0;
        if (kind == Kind.DKIM_SIGNATURE) {
            String version = tags.require("v");
            if (!version.equals("1")) {
                throw permanent("unsupported version v=" + TagList.abbreviate(version));
            }
        } else {
            instance = arcInstance(tags);
        }
        DkimAlgorithm algorithm = algorithm(tags.require("a"));
        byte[] signature = tags.requireBase64("b");
        if (signature.length == 0) {
            throw permanent("empty signature b=");
        }
        byte[] bodyHash = kind == Kind.ARC_SEAL ? new byte[0] : tags.requireBase64("bh");
        String domain = tags.require("d").toLowerCase(Locale.ROOT);
        if (!isDnsName(domain)) {
            throw permanent("d=" + TagList.abbreviate(domain) + " is not a domain name");
        }
        String selector = tags.require("s");
        if (!isDnsName(selector)) {
            throw permanent("s=" + TagList.abbreviate(selector) + " is not a selector");
        }
        if (kind == Kind.ARC_SEAL) {
            return arcSeal(field, tags, instance, algorithm, signature, domain, selector);
        }
        List<String> signedHeaders = TagList.colonSeparated(tags.require("h"));
        if (kind == Kind.DKIM_SIGNATURE && signedHeaders.stream().noneMatch("from"::equalsIgnoreCase)) {
            throw permanent("From field not signed (h= lacks from)");
        }
        if (kind == Kind.ARC_MESSAGE_SIGNATURE && signedHeaders.stream().anyMatch("arc-seal"::equalsIgnoreCase)) {
            throw permanent("an ARC-Message-Signature must not sign ARC-Seal");
        }
        Canonicalization[] canonicalization = canonicalization(tags.get("c").orElse("simple/simple"));
        Optional<String> identityDomain = kind == Kind.DKIM_SIGNATURE ? identityDomain(tags.get("i"), domain)
            : Optional.empty();
        Optional<String> queryMethods = tags.get("q");
        if (queryMethods.isPresent() && TagList.colonSeparated(queryMethods.get()).stream()
                .noneMatch(method -> method.equalsIgnoreCase("dns/txt"))) {
            throw permanent("unsupported query method q=" + TagList.abbreviate(queryMethods.get()));
        }
        long bodyLengthLimit = -1;
        if (tags.has("l")) {
            bodyLengthLimit = decimal("l", tags.require("l"), 76);
        }
        OptionalLong timestamp = tags.has("t") ? OptionalLong.of(decimal("t", tags.require("t"), MAX_TIME_DIGITS))
            : OptionalLong.empty();
        OptionalLong expiration = tags.has("x") ? OptionalLong.of(decimal("x", tags.require("x"), MAX_TIME_DIGITS))
            : OptionalLong.empty();
        if (timestamp.isPresent() && expiration.isPresent() && expiration.getAsLong() <= timestamp.getAsLong()) {
            throw permanent("x= is not after t=");
        }
        return new MessageSignature(field, algorithm, canonicalization[0], canonicalization[1], domain, selector,
            List.copyOf(signedHeaders), bodyHash, signature, bodyLengthLimit, expiration, identityDomain, instance);
    }

    private static MessageSignature arcSeal(HeaderField field, TagList tags, int instance, DkimAlgorithm algorithm,
                                            byte[] signature, String domain, String selector)
            throws SignatureCheckException {
        if (tags.has("h")) {
            throw permanent("an ARC-Seal must not have h=");
        }
        String chainValidation = tags.require("cv");
        if (!chainValidation.equals("none") && !chainValidation.equals("pass") && !chainValidation.equals("fail")) {
            throw permanent("unknown cv=" + TagList.abbreviate(chainValidation));
        }
        // The seal covers ARC fields only, always in relaxed form (RFC 8617 §5.1.1).
        return new MessageSignature(field, algorithm, Canonicalization.RELAXED, Canonicalization.RELAXED, domain,
            selector, List.of(), new byte[0], signature, -1, OptionalLong.empty(), Optional.empty(), instance);
    }

    /** {@code a=}; rsa-sha1 is refused as RFC 8301 §3.1 requires, like any unknown algorithm. */
    public static DkimAlgorithm algorithm(String token) throws SignatureCheckException {
        for (DkimAlgorithm algorithm : DkimAlgorithm.values()) {
            if (algorithm.signatureAlgorithm().equalsIgnoreCase(token)) {
                return algorithm;
            }
        }
        if (token.equalsIgnoreCase("rsa-sha1")) {
            throw permanent("rsa-sha1 is not accepted (RFC 8301)");
        }
        throw permanent("unsupported algorithm a=" + TagList.abbreviate(token));
    }

    /** The {@code i=} of an ARC field: 1 to {@value #MAX_ARC_INSTANCE}. */
    public static int arcInstance(TagList tags) throws SignatureCheckException {
        long instance = decimal("i", tags.require("i"), 3);
        if (instance < 1 || instance > MAX_ARC_INSTANCE) {
            throw permanent("ARC instance i=" + instance + " is outside 1.." + MAX_ARC_INSTANCE);
        }
        return (int) instance;
    }

    private static Canonicalization[] canonicalization(String value) throws SignatureCheckException {
        String[] parts = value.split("/", -1);
        if (parts.length > 2) {
            throw permanent("malformed c=" + TagList.abbreviate(value));
        }
        Optional<Canonicalization> header = Canonicalization.fromToken(parts[0].trim());
        Optional<Canonicalization> body = parts.length == 2 ? Canonicalization.fromToken(parts[1].trim())
            : Optional.of(Canonicalization.SIMPLE);
        if (header.isEmpty() || body.isEmpty()) {
            throw permanent("unsupported canonicalization c=" + TagList.abbreviate(value));
        }
        return new Canonicalization[] {header.get(), body.get()};
    }

    private static Optional<String> identityDomain(Optional<String> identity, String domain)
            throws SignatureCheckException {
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        String value = identity.get();
        int at = value.lastIndexOf('@');
        if (at < 0) {
            throw permanent("malformed i=" + TagList.abbreviate(value));
        }
        String identityDomain = value.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!identityDomain.equals(domain) && !identityDomain.endsWith("." + domain)) {
            throw permanent("i= domain " + TagList.abbreviate(identityDomain) + " is not within d=" + domain);
        }
        return Optional.of(identityDomain);
    }

    static long decimal(String tag, String value, int maxDigits) throws SignatureCheckException {
        if (value.isEmpty() || value.length() > maxDigits) {
            throw permanent("tag " + tag + "= is not a number of at most " + maxDigits + " digits");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw permanent("tag " + tag + "= is not a number");
            }
        }
        // l= may have 76 digits; anything past a long is longer than any body we hold.
        return value.length() > MAX_LENGTH_DIGITS ? Long.MAX_VALUE : Long.parseLong(value);
    }

    /** Dot-separated labels of letters, digits, hyphens (and underscores, seen in real selectors). */
    static boolean isDnsName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                || c == '_') {
                labelLength++;
                if (labelLength > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }

    private static SignatureCheckException permanent(String reason) {
        return new SignatureCheckException(AuthStatus.PERMERROR, reason);
    }

    public HeaderField field() {
        return field;
    }

    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    public Canonicalization headerCanonicalization() {
        return headerCanonicalization;
    }

    public Canonicalization bodyCanonicalization() {
        return bodyCanonicalization;
    }

    /** {@code d=}, lower case. */
    public String domain() {
        return domain;
    }

    public String selector() {
        return selector;
    }

    public List<String> signedHeaders() {
        return signedHeaders;
    }

    byte[] bodyHash() {
        return bodyHash;
    }

    byte[] signature() {
        return signature;
    }

    /** {@code l=}, or -1 when the whole body is signed. */
    public long bodyLengthLimit() {
        return bodyLengthLimit;
    }

    /** {@code x=}, in seconds since the epoch. */
    public OptionalLong expiration() {
        return expiration;
    }

    /** The domain of {@code i=}, lower case; empty when there is no {@code i=} (it then defaults to {@code d=}). */
    public Optional<String> identityDomain() {
        return identityDomain;
    }

    /** The ARC instance; 0 for a DKIM-Signature. */
    public int instance() {
        return instance;
    }
}
