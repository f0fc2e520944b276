package io.smtpy.auth.dkim;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.smtpy.auth.AuthStatus;
import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.dns.DnsLookupException;

/**
 * Fetches the key records signatures name, through {@link DnsLookup}, remembering each answer (or failure) for the
 * life of this object, so that several signatures of one message under one selector cost one query. Make one per
 * message: keys are rotated and revoked, and a long-lived memo that ignores TTLs would miss that. (Across messages,
 * the mail path's {@link DnsLookup} keeps answers only as long as their TTL allows.)
 */
public final class KeyRecordLookup {
    private final DnsLookup dns;
    private final Map<String, Object> answers = new HashMap<>();

    public KeyRecordLookup(DnsLookup dns) {
        this.dns = dns;
    }

    /**
     * The first record at {@code <selector>._domainkey.<domain>} that is a valid DKIM key record (RFC 6376 §6.1.2
     * lets a verifier choose among several).
     *
     * @throws SignatureCheckException TEMPERROR when DNS gave no answer; PERMERROR when there is no record
     *     ("no key for signature") or none of the records is a valid key record
     */
    public PublicKeyRecord find(String selector, String domain) throws SignatureCheckException {
        String name = (selector + "._domainkey." + domain).toLowerCase(Locale.ROOT);
        Object answer = answers.get(name);
        if (answer == null) {
            answer = fetch(name);
            answers.put(name, answer);
        }
        if (answer instanceof SignatureCheckException) {
            throw (SignatureCheckException) answer;
        }
        return (PublicKeyRecord) answer;
    }

    private Object fetch(String name) {
        List<String> records;
        try {
            records = dns.txt(name);
        } catch (DnsLookupException e) {
            return new SignatureCheckException(AuthStatus.TEMPERROR, "key lookup failed: " + e.getMessage());
        } catch (RuntimeException e) {
            // e.g. a name the DNS library refuses; the signature named it, so it is the signature's fault
            return new SignatureCheckException(AuthStatus.PERMERROR, "key name " + name + " cannot be looked up");
        }
        if (records.isEmpty()) {
            return new SignatureCheckException(AuthStatus.PERMERROR, "no key for signature at " + name);
        }
        SignatureCheckException firstProblem = null;
        for (String record : records) {
            try {
                return PublicKeyRecord.parse(record);
            } catch (SignatureCheckException e) {
                if (firstProblem == null) {
                    firstProblem = e;
                }
            }
        }
        return new SignatureCheckException(AuthStatus.PERMERROR, "malformed key record: " + firstProblem.reason());
    }
}
