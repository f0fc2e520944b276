package io.smtpy.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.dns.DnsLookupException;
import io.smtpy.core.dns.MxRecord;

/**
 * {@link DnsLookup} on dnsjava: TXT, MX, A and AAAA records as core wants them, from an {@link AnswerSource}.
 *
 * <p>Built on a resolver address, it asks a {@link StubResolver}: uncached, on purpose, as the port requires (dnsjava's
 * {@code Lookup} keeps a shared cache that would show an owner the record they just replaced); a query that goes
 * unanswered is sent again after 250 ms, 500 ms, 1 s... within the timeout. The resolver's own cache (TTLs) still
 * applies; point this at a resolver whose behaviour you know. NOERROR gives the records of the asked type (none when
 * the name has other types only), NXDOMAIN an empty list, anything else (SERVFAIL, REFUSED...) and timeouts
 * {@link DnsLookupException}. Truncated UDP answers are asked again over TCP by dnsjava.
 *
 * <p>Built on a {@link CachedAnswers}, it is the mail path's cached view of the same resolver; that one breaks the
 * port's "no cache" rule knowingly and must not reach the onboarding check.
 */
public class DnsJavaLookup implements DnsLookup {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final AnswerSource answers;
    private final Duration timeout;

    /**
     * @param resolver the recursive resolver (or local DNS server) to ask, e.g. {@code 127.0.0.1:53}
     * @param timeout how long one lookup (all its resends) may take before {@link DnsLookupException}
     */
    public DnsJavaLookup(InetSocketAddress resolver, Duration timeout) {
        this(new StubResolver(resolver), timeout);
    }

    /**
     * @param answers where answers come from: a {@link StubResolver}, or a {@link CachedAnswers} for the mail path
     * @param timeout how long one lookup may take before {@link DnsLookupException}
     */
    public DnsJavaLookup(AnswerSource answers, Duration timeout) {
        this.answers = Objects.requireNonNull(answers, "answers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
    }

    /** A resolver by host (name or IP literal) and port. */
    public static DnsJavaLookup of(String host, int port, Duration timeout) {
        return new DnsJavaLookup(StubResolver.of(host, port), timeout);
    }

    public AnswerSource answers() {
        return answers;
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

    @Override
    public List<Inet4Address> a(String name) throws DnsLookupException {
        return addresses(name, Type.A, record -> (Inet4Address) ((ARecord) record).getAddress());
    }

    @Override
    public List<Inet6Address> aaaa(String name) throws DnsLookupException {
        return addresses(name, Type.AAAA, record -> (Inet6Address) ((AAAARecord) record).getAddress());
    }

    private <T> List<T> addresses(String name, int type, Function<Record, T> address) throws DnsLookupException {
        ImmutableList.Builder<T> values = ImmutableList.builder();
        for (Record record : query(name, type)) {
            values.add(address.apply(record));
        }
        return values.build();
    }

    private List<Record> query(String name, int type) throws DnsLookupException {
        return answers.query(absoluteName(name), type, timeout).records();
    }

    private static Name absoluteName(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "DnsJavaLookup{" + answers + ", timeout=" + timeout + "}";
    }
}
