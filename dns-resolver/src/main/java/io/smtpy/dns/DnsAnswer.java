package io.smtpy.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import com.google.common.collect.ImmutableList;

/**
 * A NOERROR or NXDOMAIN answer to one question: the records of the asked type and how long the answer may be kept.
 *
 * <p>The time to keep is the smallest TTL of the answer section (a CNAME chain included) for an answer with
 * records; for a negative answer (NXDOMAIN, or NODATA: the name has no record of that type) the smaller of the
 * TTL and the MINIMUM field of the SOA record the server put in the authority section (RFC 2308 §5), and
 * {@link #NEGATIVE_TTL_WITHOUT_SOA} when there is none. RFC 2308 advises resolvers not to cache such answers, lest
 * two servers pass one back and forth forever; smtpy passes nothing on, and some resolvers (this project's CI
 * machine's among them) strip the SOA from every NXDOMAIN: without a short default each mail would ask again.
 */
public final class DnsAnswer {
    /** How long a negative answer without SOA may be kept. */
    public static final Duration NEGATIVE_TTL_WITHOUT_SOA = Duration.ofSeconds(30);

    private final List<Record> records;
    private final boolean nxdomain;
    private final Duration ttl;

    private DnsAnswer(List<Record> records, boolean nxdomain, Duration ttl) {
        this.records = ImmutableList.copyOf(records);
        this.nxdomain = nxdomain;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /**
     * @param response an answer whose rcode is NOERROR or NXDOMAIN
     * @param type the asked type: only records of this type are kept (the answer may start with a CNAME chain)
     */
    public static DnsAnswer of(Message response, int type) {
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new IllegalArgumentException("not an answer: " + Rcode.string(rcode));
        }
        List<Record> answerSection = response.getSection(Section.ANSWER);
        List<Record> records = rcode == Rcode.NXDOMAIN
            ? List.of()
            : answerSection.stream().filter(record -> record.getType() == type).collect(ImmutableList.toImmutableList());
        long seconds = records.isEmpty() ? negativeTtl(response) : Long.MAX_VALUE;
        for (Record record : answerSection) {
            seconds = Math.min(seconds, record.getTTL());
        }
        return new DnsAnswer(records, rcode == Rcode.NXDOMAIN, Duration.ofSeconds(Math.max(seconds, 0)));
    }

    /** For tests and fakes. */
    public static DnsAnswer of(List<Record> records, boolean nxdomain, Duration ttl) {
        return new DnsAnswer(records, nxdomain, ttl);
    }

    private static long negativeTtl(Message response) {
        long seconds = -1;
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record.getType() == Type.SOA) {
                long soaTtl = Math.min(record.getTTL(), ((SOARecord) record).getMinimum());
                seconds = seconds < 0 ? soaTtl : Math.min(seconds, soaTtl);
            }
        }
        return seconds < 0 ? NEGATIVE_TTL_WITHOUT_SOA.getSeconds() : seconds;
    }

    /** The records of the asked type; empty for a negative answer. */
    public List<Record> records() {
        return records;
    }

    /** The name does not exist. */
    public boolean nxdomain() {
        return nxdomain;
    }

    /** No record of the asked type: NXDOMAIN or NODATA. */
    public boolean negative() {
        return records.isEmpty();
    }

    /** How long this answer may be kept, as the server said; zero: not at all. */
    public Duration ttl() {
        return ttl;
    }

    @Override
    public String toString() {
        return (nxdomain ? "NXDOMAIN" : records.isEmpty() ? "NODATA" : records.toString()) + " ttl=" + ttl.getSeconds() + "s";
    }
}
