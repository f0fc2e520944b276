package io.smtpy.sending.reverse;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.smtpy.core.model.DomainName;

/**
 * The secret part of a reverse alias's address: {@value #LENGTH} characters of lower-case base32 ({@code a-z2-7}),
 * 100 random bits from {@link SecureRandom}, so that nobody finds a working reply address by trying. The address is
 * {@code ra+<token>@<domain>}: the {@code +} keeps it short and a subaddress to any filter that looks, and a token
 * of exactly this form is told apart from a tag of an alias named {@code ra}.
 */
public final class ReverseAliasToken {
    public static final String LOCAL_PART_PREFIX = "ra+";
    static final int LENGTH = 20;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern FORM = Pattern.compile("[a-z2-7]{" + LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private ReverseAliasToken(String value) {
        this.value = value;
    }

    public static ReverseAliasToken generate() {
        char[] token = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            token[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new ReverseAliasToken(new String(token));
    }

    /** @throws IllegalArgumentException when the text is not a token */
    public static ReverseAliasToken of(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not a reverse alias token"));
    }

    static Optional<ReverseAliasToken> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return FORM.matcher(lower).matches() ? Optional.of(new ReverseAliasToken(lower)) : Optional.empty();
    }

    /** The token of a reverse alias address ({@code ra+<token>@...}, any case); empty for any other address. */
    public static Optional<ReverseAliasToken> of(MailAddress address) {
        String local = address.getLocalPart();
        if (local.length() != LOCAL_PART_PREFIX.length() + LENGTH
            || !local.regionMatches(true, 0, LOCAL_PART_PREFIX, 0, LOCAL_PART_PREFIX.length())) {
            return Optional.empty();
        }
        return parse(local.substring(LOCAL_PART_PREFIX.length()));
    }

    public String asString() {
        return value;
    }

    public MailAddress addressOn(DomainName domain) {
        return address(LOCAL_PART_PREFIX + value, domain);
    }

    static MailAddress address(String localPart, DomainName domain) {
        try {
            return new MailAddress(localPart, domain.asString());
        } catch (AddressException e) {
            throw new IllegalStateException("not an address: " + localPart + "@" + domain.asString(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReverseAliasToken && value.equals(((ReverseAliasToken) o).value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    /** Not the token: it is a secret of sorts, and toString ends up in logs. */
    @Override
    public String toString() {
        return "ReverseAliasToken{" + value.substring(0, 4) + "...}";
    }
}
