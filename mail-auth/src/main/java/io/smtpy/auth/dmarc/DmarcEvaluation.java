package io.smtpy.auth.dmarc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.spf.SpfVerdict;
import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.dns.DnsLookupException;

/**
 * DMARC (RFC 7489) for one message, given its SPF and DKIM results: finds the Author Domain, discovers its policy
 * record (§6.6.3), checks identifier alignment (§3.1) and applies {@code pct} sampling (§6.6.4).
 *
 * <p>Choices where the RFC leaves room:
 * <ul>
 * <li>Policy discovery asks {@code _dmarc.<from domain>}, then, when that has no DMARC record,
 * {@code _dmarc.<organizational domain>}. Several DMARC records at the name that answers mean no policy:
 * {@code none}. A DNS failure (SERVFAIL, timeout) is {@code temperror}.</li>
 * <li>The SPF identity is the checked one of {@link SpfVerdict}: the MAIL FROM domain, or the HELO name for the
 * null sender (RFC 7489 §4.1 via RFC 7208 §2.3).</li>
 * <li>Sampling draws a number in 0..99 only for a failing message whose policy is not {@code none} and whose
 * {@code pct} is below 100; the policy applies when the number is below {@code pct}.</li>
 * <li>A message with no aligned pass whose SPF result for an aligned domain, or a DKIM result for an aligned
 * {@code d=}, is {@code temperror} is {@code temperror}, not {@code fail}: a DNS timeout (or the SMTP hook's time
 * budget running out) says nothing about the message, and a domain's {@code p=reject} must not refuse mail on our
 * own lookup failure. Only aligned identifiers count, so a sender cannot escape {@code fail} by adding a signature
 * for a domain whose DNS it makes time out.</li>
 * <li>{@code np} is parsed but not applied: telling a non-existent subdomain apart needs A/AAAA lookups
 * {@link DnsLookup} does not offer, so {@code sp} (or {@code p}) applies to all subdomains.</li>
 * </ul>
 * Nothing escapes: every outcome, including a failing DNS port, is a {@link DmarcVerdict}.
 */
public class DmarcEvaluation {
    private static final String DMARC_PREFIX = "_dmarc.";
    private static final int MAX_DNS_NAME = 253;
    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcEvaluation.class);

    private final DnsLookup dns;
    private final IntSupplier percentSample;

    /** Samples {@code pct} with {@link ThreadLocalRandom}. */
    public DmarcEvaluation(DnsLookup dns) {
        this(dns, () -> ThreadLocalRandom.current().nextInt(100));
    }

    /**
     * @param dns where policy records are looked up (TXT); should not cache for long
     * @param percentSample gives a number in 0..99 for each sampled message (other values are taken modulo 100)
     */
    public DmarcEvaluation(DnsLookup dns, IntSupplier percentSample) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.percentSample = Objects.requireNonNull(percentSample, "percentSample");
    }

    /**
     * @param message the raw message; only its header block is read
     * @param spf the SPF result of the transaction
     * @param dkim the results of its DKIM signatures; empty when it had none
     */
    public DmarcVerdict evaluate(byte[] message, SpfVerdict spf, List<DkimVerdict> dkim) {
        return evaluate(AuthorDomain.fromMessage(message), spf, dkim);
    }

    public DmarcVerdict evaluate(AuthorDomain author, SpfVerdict spf, List<DkimVerdict> dkim) {
        if (author.problem().isPresent()) {
            AuthorProblem problem = author.problem().get();
            return DmarcVerdict.builder(problem.status())
                .authorProblem(problem)
                .reason(author.description().orElse(problem.toString()))
                .build();
        }
        String fromDomain = author.domain().orElseThrow();
        PolicyDiscovery discovery = discover(fromDomain);
        if (discovery.record.isEmpty()) {
            return DmarcVerdict.builder(discovery.status).headerFrom(fromDomain).reason(discovery.reason).build();
        }
        DmarcRecord record = discovery.record.get();
        String policyDomain = discovery.policyDomain;

        boolean spfAligned = spf != null && spf.passed() && record.spfAlignment().aligns(spf.domain(), fromDomain);
        Optional<String> alignedDkim = alignedDkimDomain(dkim, fromDomain, record.dkimAlignment());
        DmarcPolicy requested = !policyDomain.equals(fromDomain) && record.subdomainPolicy().isPresent()
            ? record.subdomainPolicy().get()
            : record.policy();
        DmarcVerdict.Builder verdict = DmarcVerdict.builder(spfAligned || alignedDkim.isPresent() ? AuthStatus.PASS : AuthStatus.FAIL)
            .headerFrom(fromDomain)
            .policy(policyDomain, record)
            .requestedPolicy(requested)
            .spfAligned(spfAligned);
        alignedDkim.ifPresent(verdict::alignedDkimDomain);
        if (spfAligned || alignedDkim.isPresent()) {
            return verdict.build();
        }
        Optional<String> unknown = alignedTemporaryError(spf, dkim, fromDomain, record);
        if (unknown.isPresent()) {
            return DmarcVerdict.builder(AuthStatus.TEMPERROR)
                .headerFrom(fromDomain)
                .policy(policyDomain, record)
                .requestedPolicy(requested)
                .reason(unknown.get())
                .build();
        }
        verdict.reason(failureReason(spf, dkim));
        if (requested == DmarcPolicy.NONE || record.percent() >= 100) {
            return verdict.disposition(requested, false).build();
        }
        boolean selected = Math.floorMod(percentSample.getAsInt(), 100) < record.percent();
        return selected
            ? verdict.disposition(requested, false).build()
            : verdict.disposition(requested.lessStrict(), true).build();
    }

    private static Optional<String> alignedDkimDomain(List<DkimVerdict> dkim, String fromDomain, AlignmentMode mode) {
        if (dkim == null) {
            return Optional.empty();
        }
        for (DkimVerdict signature : dkim) {
            if (signature != null && signature.status() == AuthStatus.PASS && mode.aligns(signature.domain(), fromDomain)) {
                return AsciiDomain.of(signature.domain());
            }
        }
        return Optional.empty();
    }

    /** Why an aligned identifier's result is unknown, when it is. */
    private static Optional<String> alignedTemporaryError(SpfVerdict spf, List<DkimVerdict> dkim, String fromDomain,
                                                          DmarcRecord record) {
        if (spf != null && spf.status() == AuthStatus.TEMPERROR
            && record.spfAlignment().aligns(spf.domain(), fromDomain)) {
            return Optional.of("SPF of aligned " + spf.domain() + " is temperror");
        }
        if (dkim != null) {
            for (DkimVerdict signature : dkim) {
                if (signature != null && signature.status() == AuthStatus.TEMPERROR
                    && record.dkimAlignment().aligns(signature.domain(), fromDomain)) {
                    return Optional.of("DKIM of aligned " + signature.domain() + " is temperror");
                }
            }
        }
        return Optional.empty();
    }

    private static String failureReason(SpfVerdict spf, List<DkimVerdict> dkim) {
        boolean spfPassed = spf != null && spf.passed();
        boolean dkimPassed = dkim != null && dkim.stream().anyMatch(d -> d != null && d.status() == AuthStatus.PASS);
        if (!spfPassed && !dkimPassed) {
            return "neither SPF nor DKIM passed";
        }
        return "no SPF or DKIM pass for a domain aligned with the From domain";
    }

    /** The record that applies to {@code fromDomain}, or the result when there is none. */
    private PolicyDiscovery discover(String fromDomain) {
        PolicyDiscovery atFromDomain = lookup(fromDomain);
        if (atFromDomain.record.isPresent() || !atFromDomain.noRecord) {
            return atFromDomain;
        }
        String organizational = OrganizationalDomain.of(fromDomain);
        if (organizational.equals(fromDomain)) {
            return atFromDomain;
        }
        PolicyDiscovery atOrganizational = lookup(organizational);
        if (atOrganizational.noRecord) {
            return PolicyDiscovery.none("no DMARC record at " + DMARC_PREFIX + fromDomain + " or " + DMARC_PREFIX + organizational);
        }
        return atOrganizational;
    }

    private PolicyDiscovery lookup(String domain) {
        String name = DMARC_PREFIX + domain;
        if (name.length() > MAX_DNS_NAME) {
            return PolicyDiscovery.noRecord(name);
        }
        List<String> answers;
        try {
            answers = dns.txt(name);
        } catch (DnsLookupException e) {
            return PolicyDiscovery.failed(AuthStatus.TEMPERROR, "DMARC record lookup failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.warn("DMARC record lookup of {} failed", name, e);
            return PolicyDiscovery.failed(AuthStatus.TEMPERROR, "DMARC record lookup failed: " + e);
        }
        List<String> records = new ArrayList<>();
        for (String answer : answers) {
            if (DmarcRecord.isDmarcRecord(answer)) {
                records.add(answer);
            }
        }
        if (records.isEmpty()) {
            return PolicyDiscovery.noRecord(name);
        }
        if (records.size() > 1) {
            // RFC 7489 §6.6.3 step 5: several records end policy discovery, no DMARC processing.
            return PolicyDiscovery.failed(AuthStatus.NONE, records.size() + " DMARC records at " + name);
        }
        Optional<DmarcRecord> record = DmarcRecord.parse(records.get(0));
        if (record.isEmpty()) {
            return PolicyDiscovery.failed(AuthStatus.NONE, "the DMARC record at " + name + " has no valid policy and no valid rua");
        }
        return PolicyDiscovery.found(domain, record.get());
    }

    /** One step of policy discovery: a record, no record (go on), or a result that ends discovery. */
    private static final class PolicyDiscovery {
        private final Optional<DmarcRecord> record;
        private final String policyDomain;
        private final boolean noRecord;
        private final AuthStatus status;
        private final String reason;

        private PolicyDiscovery(Optional<DmarcRecord> record, String policyDomain, boolean noRecord, AuthStatus status, String reason) {
            this.record = record;
            this.policyDomain = policyDomain;
            this.noRecord = noRecord;
            this.status = status;
            this.reason = reason;
        }

        static PolicyDiscovery found(String domain, DmarcRecord record) {
            return new PolicyDiscovery(Optional.of(record), domain, false, AuthStatus.PASS, "");
        }

        static PolicyDiscovery noRecord(String name) {
            return new PolicyDiscovery(Optional.empty(), "", true, AuthStatus.NONE, "no DMARC record at " + name);
        }

        static PolicyDiscovery none(String reason) {
            return new PolicyDiscovery(Optional.empty(), "", true, AuthStatus.NONE, reason);
        }

        static PolicyDiscovery failed(AuthStatus status, String reason) {
            return new PolicyDiscovery(Optional.empty(), "", false, status, reason);
        }
    }
}
