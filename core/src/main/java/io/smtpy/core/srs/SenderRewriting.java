package io.smtpy.core.srs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import com.google.common.io.BaseEncoding;

import io.smtpy.core.model.DomainName;

/**
 * The Sender Rewriting Scheme: gives forwarded mail an envelope sender on the forwarding domain, so that SPF
 * checks at the destination pass, and turns bounces to such an address back into the original sender.
 * The format is described in the package documentation.
 *
 * <p>Pure and thread-safe: time comes from the injected {@link Clock}, keys from {@link SrsSettings}. It knows
 * nothing of which domains are ours; callers only {@link #reverse(MailAddress) reverse} recipients on them.
 */
public class SenderRewriting {
    /**
     * 8 base32 characters carry 40 bits of the HMAC. libsrs2 keeps 4 base64 characters, of which a
     * case-insensitive check leaves about 20 bits; 40 bits make guessing a valid address (to bounce spam through
     * us) take around 2^39 SMTP attempts, while costing 4 more characters of the 64-octet local-part budget.
     */
    static final int HASH_LENGTH = 8;
    private static final int HASH_BYTES = HASH_LENGTH * 5 / 8;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final BaseEncoding BASE32 = BaseEncoding.base32();
    private static final int TIMESTAMP_CYCLE_DAYS = 1024;
    private static final long SECONDS_PER_DAY = 86_400;
    /** Nodes whose clocks disagree around midnight may see a stamp of "tomorrow". */
    private static final long FUTURE_TOLERANCE_DAYS = 1;
    private static final String HMAC = "HmacSHA256";
    private static final String SRS0 = "SRS0";
    private static final String SRS1 = "SRS1";
    private static final int PREFIX_LENGTH = SRS0.length() + 1;
    private static final char SEPARATOR = '=';
    /** What may follow SRS0/SRS1; libsrs2 can be configured to write any of them. Inner fields always use '='. */
    private static final String PREFIX_SEPARATORS = "=+-";

    private final List<SecretKeySpec> keys;
    private final long maxAgeDays;
    private final Clock clock;

    @Inject
    public SenderRewriting(SrsSettings settings, Clock clock) {
        this.keys = settings.acceptedSecrets().stream()
            .map(secret -> new SecretKeySpec(secret, HMAC))
            .collect(Collectors.toUnmodifiableList());
        this.maxAgeDays = settings.maxAge().toDays();
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The envelope sender to use when forwarding mail from {@code sender} through {@code forwardingDomain}.
     *
     * <ul>
     *     <li>{@code local@origdomain} becomes {@code SRS0=HHHHHHHH=TT=origdomain=local@forwardingDomain};</li>
     *     <li>{@code SRS0=...@otherforwarder} becomes {@code SRS1=HHHHHHHH=otherforwarder==...@forwardingDomain}: a
     *     bounce needs to go back only to the first forwarder, which alone can check its own hash, so the chain
     *     stops growing;</li>
     *     <li>{@code SRS1=HH=firstforwarder==rest@otherforwarder} becomes
     *     {@code SRS1=HHHHHHHH=firstforwarder==rest@forwardingDomain}, hashed with our secret;</li>
     *     <li>the null sender is returned unchanged: bounces and other notifications must keep {@code <>} so that
     *     nobody answers them;</li>
     *     <li>a sender already on {@code forwardingDomain} is returned unchanged: SPF for that domain is ours to pass
     *     already, and bounces reach it directly.</li>
     * </ul>
     * An SRS-looking sender whose fields are not all there is rewritten as an ordinary sender.
     *
     * @throws IllegalArgumentException if the rewritten address is not a valid address (not for any sender James
     *     accepted, as its local part is quoted when needed)
     */
    public MailAddress forward(MailAddress sender, DomainName forwardingDomain) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(forwardingDomain, "forwardingDomain");
        if (isNullSender(sender) || isOn(sender, forwardingDomain)) {
            return sender;
        }
        String local = LocalPartText.unquote(sender.getLocalPart());
        String domain = sender.getDomain().asString();
        Srs0Fields srs0 = Srs0Fields.parse(local);
        if (srs0 != null) {
            return srs1(domain, local.substring(SRS0.length()), forwardingDomain);
        }
        Srs1Fields srs1 = Srs1Fields.parse(local);
        if (srs1 != null) {
            return srs1(srs1.firstForwarder, srs1.srs0Tail, forwardingDomain);
        }
        String stamp = encodeStamp(today());
        String hash = hash(signingKey(), srs0HashInput(stamp, domain, local));
        return address(SRS0 + SEPARATOR + hash + SEPARATOR + stamp + SEPARATOR + domain + SEPARATOR + local,
            forwardingDomain.asString());
    }

    /**
     * The address an SRS address on one of our domains stands for: the original sender for {@code SRS0}, the first
     * forwarder's {@code SRS0} address for {@code SRS1}. Never throws for a non-null address.
     */
    public Reversal reverse(MailAddress srsAddress) {
        Objects.requireNonNull(srsAddress, "srsAddress");
        if (isNullSender(srsAddress)) {
            return Reversal.refused(Reversal.Reason.NOT_SRS);
        }
        String local = LocalPartText.unquote(srsAddress.getLocalPart());
        if (hasPrefix(local, SRS0)) {
            return reverseSrs0(local);
        }
        if (hasPrefix(local, SRS1)) {
            return reverseSrs1(local);
        }
        return Reversal.refused(Reversal.Reason.NOT_SRS);
    }

    /** Whether the local part starts with {@code SRS0} or {@code SRS1} and a separator, in any case. */
    public boolean isSrs(MailAddress address) {
        if (address == null || isNullSender(address)) {
            return false;
        }
        String local = LocalPartText.unquote(address.getLocalPart());
        return hasPrefix(local, SRS0) || hasPrefix(local, SRS1);
    }

    private Reversal reverseSrs0(String local) {
        Srs0Fields fields = Srs0Fields.parse(local);
        if (fields == null || !isHash(fields.hash) || !isStamp(fields.stamp)) {
            return Reversal.refused(Reversal.Reason.MALFORMED);
        }
        if (!hashMatches(fields.hash, srs0HashInput(fields.stamp, fields.domain, fields.local))) {
            return Reversal.refused(Reversal.Reason.FORGED);
        }
        if (!isFresh(decodeStamp(fields.stamp))) {
            return Reversal.refused(Reversal.Reason.EXPIRED);
        }
        return reversedTo(fields.local, fields.domain);
    }

    private Reversal reverseSrs1(String local) {
        Srs1Fields fields = Srs1Fields.parse(local);
        if (fields == null || !isHash(fields.hash)) {
            return Reversal.refused(Reversal.Reason.MALFORMED);
        }
        if (!hashMatches(fields.hash, srs1HashInput(fields.firstForwarder, fields.srs0Tail))) {
            return Reversal.refused(Reversal.Reason.FORGED);
        }
        return reversedTo(SRS0 + fields.srs0Tail, fields.firstForwarder);
    }

    private static Reversal reversedTo(String local, String domain) {
        try {
            return Reversal.reversed(new MailAddress(LocalPartText.quoteIfNeeded(local), domain));
        } catch (AddressException | IllegalArgumentException e) {
            return Reversal.refused(Reversal.Reason.MALFORMED);
        }
    }

    private MailAddress srs1(String firstForwarder, String srs0Tail, DomainName forwardingDomain) {
        String hash = hash(signingKey(), srs1HashInput(firstForwarder, srs0Tail));
        return address(SRS1 + SEPARATOR + hash + SEPARATOR + firstForwarder + SEPARATOR + srs0Tail,
            forwardingDomain.asString());
    }

    private static MailAddress address(String local, String domain) {
        try {
            return new MailAddress(LocalPartText.quoteIfNeeded(local), domain);
        } catch (AddressException e) {
            throw new IllegalArgumentException("cannot build the rewritten sender: " + e.getMessage(), e);
        }
    }

    // The scheme name is hashed too, so that no SRS0 hash is valid for an SRS1 address. Domains hold no '=',
    // which keeps the fields apart; everything is lower-cased because MTAs may change the case of local parts.
    private static String srs0HashInput(String stamp, String domain, String local) {
        return (SRS0 + SEPARATOR + stamp + SEPARATOR + domain + SEPARATOR + local).toLowerCase(Locale.ROOT);
    }

    private static String srs1HashInput(String firstForwarder, String srs0Tail) {
        return (SRS1 + SEPARATOR + firstForwarder + SEPARATOR + srs0Tail).toLowerCase(Locale.ROOT);
    }

    private SecretKeySpec signingKey() {
        return keys.get(0);
    }

    private static String hash(SecretKeySpec key, String input) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] digest = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
            return BASE32.encode(digest, 0, HASH_BYTES);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is required of every Java platform, and any byte string is an HMAC key.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Tries every accepted key, without stopping at the first match, and compares in constant time. */
    private boolean hashMatches(String givenHash, String input) {
        byte[] given = givenHash.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean matches = false;
        for (SecretKeySpec key : keys) {
            matches |= MessageDigest.isEqual(given, hash(key, input).getBytes(StandardCharsets.US_ASCII));
        }
        return matches;
    }

    private long today() {
        long days = Math.floorDiv(clock.instant().getEpochSecond(), SECONDS_PER_DAY);
        return Math.floorMod(days, TIMESTAMP_CYCLE_DAYS);
    }

    /**
     * Stamps count days modulo 1024, so the age is taken modulo 1024 as well: a stamp of 1020 is 10 days old on
     * day 6. What is left of the cycle after the maximum age is read as "in the future", and refused beyond a day.
     */
    private boolean isFresh(int stamp) {
        long age = Math.floorMod(today() - stamp, TIMESTAMP_CYCLE_DAYS);
        return age <= maxAgeDays || TIMESTAMP_CYCLE_DAYS - age <= FUTURE_TOLERANCE_DAYS;
    }

    private static String encodeStamp(long day) {
        return new String(new char[] {ALPHABET.charAt((int) (day >> 5) & 31), ALPHABET.charAt((int) day & 31)});
    }

    private static int decodeStamp(String stamp) {
        String upper = stamp.toUpperCase(Locale.ROOT);
        return ALPHABET.indexOf(upper.charAt(0)) << 5 | ALPHABET.indexOf(upper.charAt(1));
    }

    private static boolean isHash(String text) {
        return text.length() == HASH_LENGTH && isBase32(text);
    }

    private static boolean isStamp(String text) {
        return text.length() == 2 && isBase32(text);
    }

    private static boolean isBase32(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upper.length(); i++) {
            if (ALPHABET.indexOf(upper.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasPrefix(String local, String scheme) {
        return local.length() >= PREFIX_LENGTH
            && local.regionMatches(true, 0, scheme, 0, scheme.length())
            && PREFIX_SEPARATORS.indexOf(local.charAt(scheme.length())) >= 0;
    }

    private static boolean isNullSender(MailAddress address) {
        // MailAddress.isNullSender() is deprecated in James 3.8; the null sender is a singleton-like value.
        return MailAddress.nullSender().equals(address);
    }

    private static boolean isOn(MailAddress sender, DomainName domain) {
        try {
            return DomainName.of(sender.getDomain().asString()).equals(domain);
        } catch (IllegalArgumentException e) {
            return false; // an address literal or a name we would not host
        }
    }

    /** {@code SRS0<sep>hash=stamp=domain=local}; the local part may hold '='. Fields are not checked here. */
    private static final class Srs0Fields {
        final String hash;
        final String stamp;
        final String domain;
        final String local;

        private Srs0Fields(String hash, String stamp, String domain, String local) {
            this.hash = hash;
            this.stamp = stamp;
            this.domain = domain;
            this.local = local;
        }

        static Srs0Fields parse(String local) {
            if (!hasPrefix(local, SRS0)) {
                return null;
            }
            String[] fields = local.substring(PREFIX_LENGTH).split(String.valueOf(SEPARATOR), 4);
            if (fields.length < 4) {
                return null;
            }
            for (String field : fields) {
                if (field.isEmpty()) {
                    return null;
                }
            }
            return new Srs0Fields(fields[0], fields[1], fields[2], fields[3]);
        }
    }

    /**
     * {@code SRS1<sep>hash=firstforwarder=tail}, where the tail is the first forwarder's SRS0 local part without
     * "SRS0" (so it starts with a separator, hence the "=="), and must itself have the SRS0 fields.
     */
    private static final class Srs1Fields {
        final String hash;
        final String firstForwarder;
        final String srs0Tail;

        private Srs1Fields(String hash, String firstForwarder, String srs0Tail) {
            this.hash = hash;
            this.firstForwarder = firstForwarder;
            this.srs0Tail = srs0Tail;
        }

        static Srs1Fields parse(String local) {
            if (!hasPrefix(local, SRS1)) {
                return null;
            }
            String[] fields = local.substring(PREFIX_LENGTH).split(String.valueOf(SEPARATOR), 3);
            if (fields.length < 3 || fields[0].isEmpty() || fields[1].isEmpty()
                || Srs0Fields.parse(SRS0 + fields[2]) == null) {
                return null;
            }
            return new Srs1Fields(fields[0], fields[1], fields[2]);
        }
    }
}
