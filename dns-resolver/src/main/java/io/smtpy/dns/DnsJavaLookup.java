package io.smtpy.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.dns.DnsLookupException;
import io.smtpy.core.dns.MxRecord;

/**
 * {@link DnsLookup} on dnsjava: each call sends one query to one configured resolver and reads the answer.
 *
 * <p>There is no cache, on purpose: dnsjava's {@code Lookup} keeps a shared cache that would show an owner the
 * record they just replaced. The resolver's own cache (TTLs) still applies; point this at a resolver whose
 * behaviour you know. The answer's rcode decides: NOERROR gives the records of the asked type (none when the
 * name has other types only), NXDOMAIN an empty list, anything else (SERVFAIL, REFUSED...) and timeouts
 * {@link DnsLookupException}. Truncated UDP answers are asked again over TCP by dnsjava.
 */
public class DnsJavaLookup implements DnsLookup {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final InetSocketAddress resolverAddress;
    private final Duration timeout;

    /**
     * @param resolver the recursive resolver (or local DNS server) to ask, e.g. {@code 127.0.0.1:53}
     * @param timeout how long one query may take before {@link DnsLookupException}
     */
    public DnsJavaLookup(InetSocketAddress resolver, Duration timeout) {
        this.resolverAddress = Objects.requireNonNull(resolver, "resolver");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (resolver.isUnresolved()) {
            throw new IllegalArgumentException("resolver address " + resolver + " could not be resolved");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
    }

    /** A resolver by host (name or IP literal) and port. */
    public static DnsJavaLookup of(String host, int port, Duration timeout) {
        return new DnsJavaLookup(new InetSocketAddress(host, port), timeout);
    }

    public InetSocketAddress resolverAddress() {
        return resolverAddress;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public List<String> txt(String name) throws DnsLookupException {
        ImmutableList.Builder<String> values = ImmutableList.builder();
        for (Record record : query(name, Type.TXT)) {
            // RFC 7208 §3.3: the character-strings of one TXT record are concatenated without spaces
            // (a 2048-bit DKIM key does not fit in one 255-byte string).
            StringBuilder value = new StringBuilder();
            for (byte[] string : ((TXTRecord) record).getStringsAsByteArrays()) {
                value.append(new String(string, StandardCharsets.UTF_8));
            }
            values.add(value.toString());
        }
        return values.build();
    }

    @Override
    public List<MxRecord> mx(String name) throws DnsLookupException {
        ImmutableList.Builder<MxRecord> values = ImmutableList.builder();
        for (Record record : query(name, Type.MX)) {
            MXRecord mx = (MXRecord) record;
            values.add(MxRecord.of(mx.getPriority(), mx.getTarget().toString()));
        }
        return values.build();
    }

    private List<Record> query(String name, int type) throws DnsLookupException {
        Name absolute = absoluteName(name);
        Message query = Message.newQuery(Record.newRecord(absolute, type, DClass.IN));
        Message response;
        try {
            response = resolver().send(query);
        } catch (IOException e) {
            throw new DnsLookupException(Type.string(type) + " " + name + ": no answer from " + describeResolver()
                + " (" + e.getMessage() + ")", e);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsLookupException(Type.string(type) + " " + name + ": " + Rcode.string(rcode) + " from " + describeResolver());
        }
        // The answer may start with a CNAME chain; only the records of the asked type count.
        return response.getSection(Section.ANSWER).stream()
            .filter(record -> record.getType() == type)
            .collect(ImmutableList.toImmutableList());
    }

    /** A new resolver per query: SimpleResolver is cheap and keeps no state worth sharing. */
    private SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(resolverAddress);
        resolver.setTimeout(timeout);
        return resolver;
    }

    private static Name absoluteName(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + e.getMessage(), e);
        }
    }

    private String describeResolver() {
        return resolverAddress.getAddress().getHostAddress() + ":" + resolverAddress.getPort();
    }

    @Override
    public String toString() {
        return "DnsJavaLookup{" + describeResolver() + ", timeout=" + timeout + "}";
    }
}
