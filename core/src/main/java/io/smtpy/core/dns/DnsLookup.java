package io.smtpy.core.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;

/**
 * Asks DNS for the records of one name. What the onboarding check and the DKIM publication check are given must
 * not cache between calls: they are run again right after the owner changes a record and must see the current
 * state. The mail path's checks (DKIM, DMARC, ARC) may be given one that keeps answers for their TTL.
 *
 * <p>"No such record" (NXDOMAIN, or the name exists without records of that type) is an empty list, not an
 * error; {@link DnsLookupException} is for answers that say nothing about the record (SERVFAIL, REFUSED,
 * timeouts).
 */
public interface DnsLookup {

    /**
     * The TXT records at {@code name}, one string per record, the character-strings of a record joined with
     * nothing between them (RFC 7208 §3.3).
     */
    List<String> txt(String name) throws DnsLookupException;

    /** The MX records at {@code name}. */
    List<MxRecord> mx(String name) throws DnsLookupException;

    /** The A records at {@code name} (a DNS blocklist answers a listed address with one in 127.0.0.0/8). */
    List<Inet4Address> a(String name) throws DnsLookupException;

    /** The AAAA records at {@code name}. */
    List<Inet6Address> aaaa(String name) throws DnsLookupException;
}
