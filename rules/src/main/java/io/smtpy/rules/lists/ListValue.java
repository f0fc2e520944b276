package io.smtpy.rules.lists;

import java.net.IDN;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import com.google.common.net.InetAddresses;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

/**
 * What a list entry matches, parsed and normalised (lower case, internationalised domains in punycode).
 *
 * <ul>
 * <li>{@link Kind#ADDRESS}: one address, {@code a@b.example}; matches the envelope sender or the header From.</li>
 * <li>{@link Kind#DOMAIN}: one domain exactly, written {@code b.example}, {@code @b.example} or {@code *@b.example};
 * subdomains are not included (say {@code *.b.example} for them).</li>
 * <li>{@link Kind#WILDCARD}: {@code *} in the local part and/or as the domain: {@code news*@shop.example},
 * {@code *@*.example} (any address at a subdomain of {@code example}, also written {@code *.example}),
 * {@code info@*} (that local part at any domain), {@code *} alone (every address). A domain wildcard is
 * {@code *} or {@code *.} followed by a domain suffix; {@code *} is never inside a domain label.</li>
 * <li>{@link Kind#NETWORK}: an IPv4 or IPv6 address or CIDR network, {@code 192.0.2.0/24}, {@code 2001:db8::/32};
 * matches the connecting client. Host bits are cleared ({@code 192.0.2.7/24} is {@code 192.0.2.0/24}); a full-length
 * prefix is written as the bare address. Only literals: never a DNS lookup.</li>
 * </ul>
 */
public final class ListValue {
    public enum Kind {
        ADDRESS,
        DOMAIN,
        WILDCARD,
        NETWORK
    }

    /** How a wildcard's domain part matches. */
    enum DomainMatch {
        EXACT,
        SUBDOMAINS,
        ANY
    }

    private static final String FIELD = "value";
    private static final int MAX_LOCAL_PART = 64;
    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-f:.]+(/[0-9]+)?");

    private final Kind kind;
    private final String text;
    private final String localPart;
    /** The local part split at its stars, for matching. */
    private final String[] localPieces;
    private final String domain;
    private final DomainMatch domainMatch;
    private final byte[] network;
    private final int prefixLength;

    private ListValue(Kind kind, String text, String localPart, String domain, DomainMatch domainMatch, byte[] network, int prefixLength) {
        this.kind = kind;
        this.text = text;
        this.localPart = localPart;
        this.localPieces = localPart == null ? null : localPart.split("\\*", -1);
        this.domain = domain;
        this.domainMatch = domainMatch;
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * @throws InvalidFieldException ({@code value}) saying what is wrong with the value
     */
    public static ListValue parse(String raw) {
        String trimmed = raw == null ? "" : raw.trim();
        if (trimmed.isEmpty()) {
            throw new InvalidFieldException(FIELD, "a list value must not be empty");
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidFieldException(FIELD, "'" + raw + "' must not contain spaces or control characters");
        }
        if (lower.indexOf('@') < 0 && IP_LITERAL.matcher(lower).matches()
            && (lower.indexOf(':') >= 0 || lower.indexOf('/') >= 0 || isDottedQuad(lower))) {
            return network(raw, lower);
        }
        int at = lower.lastIndexOf('@');
        String local = at < 0 ? "*" : lower.substring(0, at);
        String domainPart = at < 0 ? lower : lower.substring(at + 1);
        if (at == 0) {
            local = "*";
        }
        return addressPattern(raw, local, domainPart);
    }

    private static boolean isDottedQuad(String text) {
        return text.chars().filter(c -> c == '.').count() == 3 && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static ListValue addressPattern(String raw, String rawLocal, String domainPart) {
        String local = rawLocal.replaceAll("\\*+", "*");
        if (local.isEmpty()) {
            throw new InvalidFieldException(FIELD, "'" + raw + "' has an empty local part");
        }
        if (local.length() > MAX_LOCAL_PART) {
            throw new InvalidFieldException(FIELD, "'" + raw + "': the local part is longer than " + MAX_LOCAL_PART + " characters");
        }
        if (local.indexOf('@') >= 0 || local.indexOf('"') >= 0 || local.indexOf('\\') >= 0) {
            throw new InvalidFieldException(FIELD, "'" + raw + "' is not an address: quoted local parts are not supported");
        }
        if (domainPart.isEmpty()) {
            throw new InvalidFieldException(FIELD, "'" + raw + "' has no domain");
        }
        if (domainPart.equals("*")) {
            return new ListValue(Kind.WILDCARD, local + "@*", local, "", DomainMatch.ANY, null, 0);
        }
        if (domainPart.startsWith("*.")) {
            String suffix = suffix(raw, domainPart.substring(2));
            return new ListValue(Kind.WILDCARD, local + "@*." + suffix, local, suffix, DomainMatch.SUBDOMAINS, null, 0);
        }
        if (domainPart.indexOf('*') >= 0) {
            throw new InvalidFieldException(FIELD, "'" + raw + "': a wildcard domain is * or *. followed by a domain, as in *.example.com");
        }
        String domain;
        try {
            domain = DomainName.of(domainPart).asString();
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(FIELD, e.getMessage());
        }
        if (local.equals("*")) {
            return new ListValue(Kind.DOMAIN, domain, "*", domain, DomainMatch.EXACT, null, 0);
        }
        if (local.indexOf('*') >= 0) {
            return new ListValue(Kind.WILDCARD, local + "@" + domain, local, domain, DomainMatch.EXACT, null, 0);
        }
        return new ListValue(Kind.ADDRESS, local + "@" + domain, local, domain, DomainMatch.EXACT, null, 0);
    }

    private static String suffix(String raw, String suffix) {
        String ascii;
        try {
            ascii = IDN.toASCII(suffix, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            ascii = "";
        }
        if (!SUFFIX.matcher(ascii).matches() || ascii.length() > 253) {
            throw new InvalidFieldException(FIELD, "'" + raw + "': '" + suffix + "' is not a domain suffix");
        }
        return ascii;
    }

    private static ListValue network(String raw, String lower) {
        int slash = lower.indexOf('/');
        String address = slash < 0 ? lower : lower.substring(0, slash);
        InetAddress parsed;
        try {
            // Guava parses literals only: InetAddress.getByName would look a name up.
            parsed = InetAddresses.forString(address);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(FIELD, "'" + raw + "' is not an IPv4 or IPv6 address or network");
        }
        byte[] bytes = parsed.getAddress();
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String digits = lower.substring(slash + 1);
            prefix = digits.isEmpty() || digits.length() > 3 ? -1 : Integer.parseInt(digits);
            if (prefix < 0 || prefix > max) {
                throw new InvalidFieldException(FIELD, "'" + raw + "': the prefix length must be 0 to " + max);
            }
        }
        byte[] masked = mask(bytes, prefix);
        String text = InetAddresses.toAddrString(addressOf(masked)) + (prefix == max ? "" : "/" + prefix);
        return new ListValue(Kind.NETWORK, text, null, null, null, masked, prefix);
    }

    /** The address with every bit after the first {@code prefix} cleared. */
    static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
        }
        return masked;
    }

    private static InetAddress addressOf(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The normalised form: what is stored, shown and compared. */
    public String asString() {
        return text;
    }

    /** Whether it matches addresses (envelope sender, header From) rather than the client's IP address. */
    public boolean matchesAddresses() {
        return kind != Kind.NETWORK;
    }

    String localPart() {
        return localPart;
    }

    String[] localPieces() {
        return localPieces;
    }

    String domain() {
        return domain;
    }

    DomainMatch domainMatch() {
        return domainMatch;
    }

    byte[] network() {
        return network.clone();
    }

    int prefixLength() {
        return prefixLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListValue && ((ListValue) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
