package io.smtpy.dns;

import java.time.Duration;

import org.xbill.DNS.Name;

import io.smtpy.core.dns.DnsLookupException;

/**
 * Answers one DNS question, with how long the answer may be kept. Below the {@code DnsLookup} port of core: the
 * SPF check needs record types (A, AAAA, PTR) and the cache needs TTLs, which that port does not carry.
 *
 * <p>{@link StubResolver} asks a resolver every time; {@link CachedAnswers} keeps answers for their TTL in front
 * of another source.
 */
public interface AnswerSource {

    /**
     * @param name an absolute name
     * @param type a dnsjava {@code Type} constant
     * @param timeout how long the question may go unanswered
     * @return the records of {@code type} at {@code name}; none when the name does not exist (NXDOMAIN) or has
     *     no record of that type (NODATA)
     * @throws DnsLookupException SERVFAIL, REFUSED and any rcode but NOERROR and NXDOMAIN, no answer within the
     *     timeout, an interrupted wait: the answer says nothing about the records
     */
    DnsAnswer query(Name name, int type, Duration timeout) throws DnsLookupException;
}
