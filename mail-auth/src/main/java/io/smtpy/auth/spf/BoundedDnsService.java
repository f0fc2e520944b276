package io.smtpy.auth.spf;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.IPAddr;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import io.smtpy.auth.AuthStatus;
import io.smtpy.core.dns.DnsLookupException;
import io.smtpy.dns.AnswerSource;

/**
 * jSPF's view of DNS for one SPF check: every request is one question to an {@link AnswerSource} (the configured
 * resolver, resending unanswered queries, behind the mail path's TTL cache when it is on; jSPF's own
 * {@code DNSServiceXBillImpl} goes through dnsjava's {@code Lookup}, whose JVM-wide cache and search path we do not
 * want), and within limits that keep a hostile record from making the check expensive.
 *
 * <p>Limits, from RFC 7208 §4.6.4: an MX answer with more than 10 records stops the check with {@code permerror};
 * only the first 10 PTR records are used; the whole check may send {@link #MAX_QUERIES} queries (10 DNS-querying
 * terms, each "mx" with up to 10 address lookups, and their records) and take {@code checkTimeout} (the RFC asks
 * for at least 20 seconds); going over ends it with {@code permerror} or {@code temperror}. jSPF only sees a
 * timeout in these cases, so the reason is kept here as the {@link #abort()} the check reports instead.
 *
 * <p>Only TXT records are asked for SPF policies: the SPF RR type is obsolete (RFC 7208 §3.1, §14.1), so requests
 * for it are answered "no records" at once and jSPF falls back to TXT.
 */
final class BoundedDnsService implements DNSService {
    static final int MAX_QUERIES = 120;
    static final int MAX_MX_RECORDS = 10;
    static final int MAX_PTR_RECORDS = 10;

    /** Why a check was stopped from here, with the result it must have. */
    static final class Abort {
        private final AuthStatus status;
        private final String reason;

        Abort(AuthStatus status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        AuthStatus status() {
            return status;
        }

        String reason() {
            return reason;
        }
    }

    private final AnswerSource dns;
    private final Duration queryTimeout;
    private final Clock clock;
    private final Instant deadline;
    private int queries;
    private Optional<Abort> abort = Optional.empty();
    private Optional<String> lastFailure = Optional.empty();

    BoundedDnsService(AnswerSource dns, Duration queryTimeout, Duration checkTimeout, Clock clock) {
        this.dns = dns;
        this.queryTimeout = queryTimeout;
        this.clock = clock;
        this.deadline = clock.instant().plus(checkTimeout);
    }

    /** Set when a limit stopped the check: its result overrides what jSPF concluded from the "timeout". */
    Optional<Abort> abort() {
        return abort;
    }

    /** The last query that got no usable answer, for the reason of a {@code temperror}. */
    Optional<String> lastFailure() {
        return lastFailure;
    }

    @Override
    public List<String> getRecords(DNSRequest request) throws TimeoutException {
        if (abort.isPresent()) {
            throw new TimeoutException(abort.get().reason());
        }
        int type = dnsJavaType(request.getRecordType());
        if (type < 0) {
            return null;
        }
        queries++;
        if (queries > MAX_QUERIES) {
            throw stop(AuthStatus.PERMERROR, "the SPF check needs more than " + MAX_QUERIES + " DNS queries");
        }
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            throw stop(AuthStatus.TEMPERROR, "the SPF check took longer than allowed");
        }
        Optional<Name> name = absoluteName(request.getHostname());
        if (name.isEmpty()) {
            // Not a DNS name (too long, empty label...): nothing can be published there.
            return null;
        }
        List<Record> answer = query(name.get(), type, remaining.compareTo(queryTimeout) < 0 ? remaining : queryTimeout);
        if (answer.isEmpty()) {
            return null;
        }
        if (type == Type.MX && answer.size() > MAX_MX_RECORDS) {
            throw stop(AuthStatus.PERMERROR, name.get() + " has " + answer.size() + " MX records, more than the "
                + MAX_MX_RECORDS + " an SPF check may use");
        }
        List<String> values = new ArrayList<>();
        for (Record record : answer) {
            if (type == Type.PTR && values.size() == MAX_PTR_RECORDS) {
                break;
            }
            values.add(asText(record));
        }
        return values;
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        try {
            return CompletableFuture.completedFuture(getRecords(request));
        } catch (TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** For the {@code %{r}} macro; "unknown" is what RFC 7208 §7.3 asks for when the checker has no name. */
    @Override
    public List<String> getLocalDomainNames() {
        return List.of();
    }

    /** The timeouts are fixed when the check starts. */
    @Override
    public void setTimeOut(int timeOut) {
    }

    @Override
    public int getRecordLimit() {
        return MAX_MX_RECORDS;
    }

    @Override
    public void setRecordLimit(int recordLimit) {
    }

    private TimeoutException stop(AuthStatus status, String reason) {
        abort = Optional.of(new Abort(status, reason));
        return new TimeoutException(reason);
    }

    private List<Record> query(Name name, int type, Duration timeout) throws TimeoutException {
        try {
            // NXDOMAIN and NODATA are no records; other rcodes and no answer in time are failures.
            return dns.query(name, type, timeout).records();
        } catch (DnsLookupException e) {
            throw failure(e.getMessage());
        }
    }

    private TimeoutException failure(String description) {
        lastFailure = Optional.of(description);
        return new TimeoutException(description);
    }

    private static int dnsJavaType(int jspfType) {
        switch (jspfType) {
            case DNSRequest.A:
                return Type.A;
            case DNSRequest.AAAA:
                return Type.AAAA;
            case DNSRequest.MX:
                return Type.MX;
            case DNSRequest.PTR:
                return Type.PTR;
            case DNSRequest.TXT:
                return Type.TXT;
            default:
                return -1;
        }
    }

    private static Optional<Name> absoluteName(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Name.fromString(hostname, Name.root));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }

    private static String asText(Record record) {
        if (record instanceof ARecord) {
            return ((ARecord) record).getAddress().getHostAddress();
        }
        if (record instanceof AAAARecord) {
            return ((AAAARecord) record).getAddress().getHostAddress();
        }
        if (record instanceof MXRecord) {
            return ((MXRecord) record).getTarget().toString();
        }
        if (record instanceof PTRRecord) {
            return IPAddr.stripDot(((PTRRecord) record).getTarget().toString());
        }
        // RFC 7208 §3.3: the strings of one TXT record are joined with nothing between them. Records should be
        // US-ASCII; other bytes decode to U+FFFD, which no SPF term accepts.
        StringBuilder text = new StringBuilder();
        for (byte[] string : ((TXTRecord) record).getStringsAsByteArrays()) {
            text.append(new String(string, StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
