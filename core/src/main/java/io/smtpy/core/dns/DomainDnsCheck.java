package io.smtpy.core.dns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;

/**
 * The DNS onboarding check: for one domain, every record its owner must publish for smtpy, what DNS returns for
 * it now, and whether that is right.
 *
 * <ul>
 *   <li><b>MX</b> at the domain: OK when its set of MX hosts is exactly smtpy's (case and trailing dot ignored;
 *       priorities are shown but not compared). Any other host is WRONG: senders would deliver part of the mail
 *       there, bypassing smtpy.</li>
 *   <li><b>SPF</b> at the domain: OK when exactly one TXT record starts with {@code v=spf1} and it has
 *       {@code include:<spf include>} before any {@code all}. Two SPF records are WRONG: receivers then return
 *       a permanent error for every message (RFC 7208 §4.5).</li>
 *   <li><b>DKIM</b>, one per required key, at its selector name: OK when the record's {@code p=} is the
 *       expected key (whitespace ignored); another key is WRONG (a stale key: signatures will fail).</li>
 *   <li><b>DMARC</b> at {@code _dmarc.<domain>}: OK when there is one {@code v=DMARC1} record whose {@code rua}
 *       has smtpy's report address. No TXT there is MISSING; no {@code rua} or another address is WRONG. The
 *       policy ({@code p=}) is the owner's choice and is not checked.</li>
 *   <li><b>OWNERSHIP</b> at the verification name: OK when one TXT value is exactly the token value.</li>
 * </ul>
 * A failed lookup makes that record ERROR, not MISSING: a DNS outage must not tell an owner to change records
 * that may be right.
 */
public class DomainDnsCheck {
    private static final String SPF_VERSION = "v=spf1";
    private static final String DMARC_VERSION = "v=DMARC1";

    private final DnsLookup dns;
    private final DnsRequirements requirements;

    @Inject
    public DomainDnsCheck(DnsLookup dns, DnsRequirements requirements) {
        this.dns = dns;
        this.requirements = requirements;
    }

    /**
     * Looks every required record up now.
     *
     * @param verificationToken the domain's ownership token (published as
     *     {@link DnsRequirements#verificationValue(String)})
     * @param dkimRecords the DKIM keys the domain must publish; may be empty
     * @throws IllegalArgumentException when the token is empty or holds whitespace
     */
    public DnsCheckReport check(DomainName domain, String verificationToken, List<DkimRecord> dkimRecords) {
        if (verificationToken == null || verificationToken.isEmpty() || !verificationToken.matches("\\S+")) {
            throw new IllegalArgumentException("the verification token must be a non-empty string without whitespace");
        }
        List<RecordCheck> checks = new ArrayList<>();
        checks.add(checkMx(domain));
        checks.add(checkSpf(domain));
        for (DkimRecord dkim : dkimRecords) {
            checks.add(checkDkim(dkim));
        }
        checks.add(checkDmarc(domain));
        checks.add(checkOwnership(domain, verificationToken));
        return DnsCheckReport.of(domain, checks);
    }

    private RecordCheck checkMx(DomainName domain) {
        String name = domain.asString();
        String expected = requirements.mxHosts().stream().map(MxRecord::asString).collect(Collectors.joining(", "));
        List<MxRecord> found;
        try {
            found = dns.mx(name);
        } catch (DnsLookupException e) {
            return lookupFailed(RecordKind.MX, name, expected, e);
        }
        List<String> shown = found.stream().map(MxRecord::asString).collect(ImmutableList.toImmutableList());
        if (found.isEmpty()) {
            return RecordCheck.of(RecordKind.MX, name, expected, shown, CheckStatus.MISSING,
                "Add the MX records " + expected + ": without them no mail reaches smtpy.");
        }
        Set<String> required = requirements.mxHosts().stream().map(MxRecord::host).collect(Collectors.toSet());
        Set<String> present = found.stream().map(MxRecord::host).collect(Collectors.toSet());
        Set<String> foreign = new LinkedHashSet<>();
        found.stream().map(MxRecord::host).filter(host -> !required.contains(host))
            .forEach(host -> foreign.add(host.isEmpty() ? "." : host));
        List<String> absent = requirements.mxHosts().stream().filter(mx -> !present.contains(mx.host()))
            .map(MxRecord::asString).collect(Collectors.toList());
        if (foreign.isEmpty() && absent.isEmpty()) {
            return RecordCheck.of(RecordKind.MX, name, expected, shown, CheckStatus.OK, "Mail to the domain is delivered to smtpy.");
        }
        List<String> advice = new ArrayList<>();
        if (!foreign.isEmpty()) {
            advice.add("remove the MX " + String.join(", ", foreign) + " (mail delivered there bypasses smtpy)");
        }
        if (!absent.isEmpty()) {
            advice.add("add the MX " + String.join(", ", absent));
        }
        return RecordCheck.of(RecordKind.MX, name, expected, shown, CheckStatus.WRONG, capitalize(String.join("; ", advice)) + ".");
    }

    private RecordCheck checkSpf(DomainName domain) {
        String name = domain.asString();
        String include = "include:" + requirements.spfInclude();
        String expected = SPF_VERSION + " " + include + " ~all";
        List<String> spf;
        try {
            spf = dns.txt(name).stream().filter(DomainDnsCheck::isSpf).collect(ImmutableList.toImmutableList());
        } catch (DnsLookupException e) {
            return lookupFailed(RecordKind.SPF, name, expected, e);
        }
        if (spf.isEmpty()) {
            return RecordCheck.of(RecordKind.SPF, name, expected, spf, CheckStatus.MISSING,
                "Add the TXT record " + expected + ".");
        }
        if (spf.size() > 1) {
            return RecordCheck.of(RecordKind.SPF, name, expected, spf, CheckStatus.WRONG,
                "Merge the " + spf.size() + " SPF records into one with " + include
                    + ": with several, receivers fail SPF for every message (RFC 7208 §4.5).");
        }
        return spfTerms(spf.get(0))
            .map(problem -> RecordCheck.of(RecordKind.SPF, name, expected, spf, CheckStatus.WRONG, problem))
            .orElseGet(() -> RecordCheck.of(RecordKind.SPF, name, expected, spf, CheckStatus.OK,
                "The SPF record allows smtpy to send for the domain."));
    }

    /** What is wrong with the one SPF record, if anything. */
    private Optional<String> spfTerms(String record) {
        String include = "include:" + requirements.spfInclude();
        String[] terms = record.trim().split("\\s+");
        boolean allSeen = false;
        for (int i = 1; i < terms.length; i++) {
            String term = terms[i].toLowerCase(Locale.ROOT);
            char qualifier = term.charAt(0);
            boolean qualified = qualifier == '+' || qualifier == '-' || qualifier == '~' || qualifier == '?';
            String mechanism = qualified ? term.substring(1) : term;
            if (mechanism.endsWith(".")) {
                mechanism = mechanism.substring(0, mechanism.length() - 1);
            }
            if (mechanism.equals("all")) {
                allSeen = true;
            } else if (mechanism.equals(include)) {
                if (allSeen) {
                    return Optional.of("Move " + include + " before 'all': terms after 'all' are never evaluated.");
                }
                if (qualified && qualifier != '+') {
                    return Optional.of("Write " + include + " without the '" + qualifier
                        + "' qualifier: it must pass mail sent by smtpy.");
                }
                return Optional.empty();
            }
        }
        return Optional.of("Add " + include + " to the SPF record, before its 'all'.");
    }

    private RecordCheck checkDkim(DkimRecord dkim) {
        String name = dkim.name();
        String expectedKey = DkimPublicKeyTag.publicKey(dkim.value()).orElseThrow();
        List<String> found;
        try {
            found = dns.txt(name);
        } catch (DnsLookupException e) {
            return lookupFailed(RecordKind.DKIM, name, dkim.value(), e);
        }
        if (found.isEmpty()) {
            return RecordCheck.of(RecordKind.DKIM, name, dkim.value(), found, CheckStatus.MISSING,
                "Add the TXT record with this DKIM key: without it receivers cannot verify smtpy's signatures.");
        }
        List<Optional<String>> keys = found.stream().map(DkimPublicKeyTag::publicKey).collect(Collectors.toList());
        if (keys.stream().noneMatch(Optional::isPresent)) {
            return RecordCheck.of(RecordKind.DKIM, name, dkim.value(), found, CheckStatus.WRONG,
                "The TXT record here is not a DKIM key (no p= tag): replace it with the expected value.");
        }
        if (found.size() > 1) {
            return RecordCheck.of(RecordKind.DKIM, name, dkim.value(), found, CheckStatus.WRONG,
                "Keep only one TXT record here: receivers use any one of them.");
        }
        String publishedKey = keys.get(0).orElseThrow();
        if (publishedKey.equals(expectedKey)) {
            return RecordCheck.of(RecordKind.DKIM, name, dkim.value(), found, CheckStatus.OK, "The DKIM key is published.");
        }
        if (publishedKey.isEmpty()) {
            return RecordCheck.of(RecordKind.DKIM, name, dkim.value(), found, CheckStatus.WRONG,
                "The published key is revoked (empty p=): publish the expected value.");
        }
        return RecordCheck.of(RecordKind.DKIM, name, dkim.value(), found, CheckStatus.WRONG,
            "Stale key: the published p= is not smtpy's current key; replace the record with the expected value.");
    }

    private RecordCheck checkDmarc(DomainName domain) {
        String name = "_dmarc." + domain.asString();
        String uri = requirements.dmarcReportUri();
        String expected = DMARC_VERSION + "; p=none; rua=" + uri;
        List<String> found;
        try {
            found = dns.txt(name);
        } catch (DnsLookupException e) {
            return lookupFailed(RecordKind.DMARC, name, expected, e);
        }
        if (found.isEmpty()) {
            return RecordCheck.of(RecordKind.DMARC, name, expected, found, CheckStatus.MISSING,
                "Add the TXT record " + expected + " (choose the policy p= you want).");
        }
        List<String> dmarc = found.stream().filter(DomainDnsCheck::isDmarc).collect(Collectors.toList());
        if (dmarc.isEmpty()) {
            return RecordCheck.of(RecordKind.DMARC, name, expected, found, CheckStatus.WRONG,
                "The TXT record here is not a DMARC record: it must start with " + DMARC_VERSION + ".");
        }
        if (dmarc.size() > 1) {
            return RecordCheck.of(RecordKind.DMARC, name, expected, found, CheckStatus.WRONG,
                "Keep only one " + DMARC_VERSION + " record: with several, receivers apply no DMARC at all (RFC 7489 §6.6.3).");
        }
        Optional<String> rua = tag(dmarc.get(0), "rua");
        if (rua.isEmpty()) {
            return RecordCheck.of(RecordKind.DMARC, name, expected, found, CheckStatus.WRONG,
                "Add rua=" + uri + " to the DMARC record so that smtpy receives the aggregate reports.");
        }
        boolean ours = false;
        for (String reportUri : rua.get().split(",")) {
            // A URI may end with a size limit: mailto:dmarc@smtpy.example!10m
            String bare = reportUri.trim().split("!", 2)[0];
            ours |= bare.equalsIgnoreCase(uri);
        }
        if (!ours) {
            return RecordCheck.of(RecordKind.DMARC, name, expected, found, CheckStatus.WRONG,
                "Add " + uri + " to the rua of the DMARC record (separate addresses with commas).");
        }
        return RecordCheck.of(RecordKind.DMARC, name, expected, found, CheckStatus.OK, "DMARC reports go to smtpy.");
    }

    private RecordCheck checkOwnership(DomainName domain, String token) {
        String name = requirements.verificationName(domain);
        String expected = requirements.verificationValue(token);
        List<String> found;
        try {
            found = dns.txt(name);
        } catch (DnsLookupException e) {
            return lookupFailed(RecordKind.OWNERSHIP, name, expected, e);
        }
        if (found.stream().map(String::trim).anyMatch(expected::equals)) {
            return RecordCheck.of(RecordKind.OWNERSHIP, name, expected, found, CheckStatus.OK, "Ownership of the domain is proven.");
        }
        if (found.isEmpty()) {
            return RecordCheck.of(RecordKind.OWNERSHIP, name, expected, found, CheckStatus.MISSING,
                "Add the TXT record " + expected + " to prove you control the domain.");
        }
        return RecordCheck.of(RecordKind.OWNERSHIP, name, expected, found, CheckStatus.WRONG,
            "The TXT record here does not hold this domain's token: publish " + expected + ".");
    }

    private static RecordCheck lookupFailed(RecordKind kind, String name, String expected, DnsLookupException e) {
        return RecordCheck.of(kind, name, expected, ImmutableList.of(), CheckStatus.ERROR,
            "DNS lookup failed (" + e.getMessage() + "): the record could not be checked; try again later.");
    }

    /** RFC 7208 §4.5: the version section is exactly "v=spf1", ended by a space or the end of the record. */
    private static boolean isSpf(String record) {
        String trimmed = record.trim();
        return trimmed.regionMatches(true, 0, SPF_VERSION, 0, SPF_VERSION.length())
            && (trimmed.length() == SPF_VERSION.length() || trimmed.charAt(SPF_VERSION.length()) == ' ');
    }

    /** RFC 7489 §6.3: the first tag is "v" with exactly the value "DMARC1"; anything else is ignored. */
    private static boolean isDmarc(String record) {
        String first = record.split(";", 2)[0];
        int equals = first.indexOf('=');
        return equals > 0 && first.substring(0, equals).trim().equals("v")
            && first.substring(equals + 1).trim().equals("DMARC1");
    }

    private static Optional<String> tag(String record, String tagName) {
        for (String tag : record.split(";")) {
            int equals = tag.indexOf('=');
            if (equals > 0 && tag.substring(0, equals).trim().equalsIgnoreCase(tagName)) {
                return Optional.of(tag.substring(equals + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
