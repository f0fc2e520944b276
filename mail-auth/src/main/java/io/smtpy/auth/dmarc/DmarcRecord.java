package io.smtpy.auth.dmarc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A DMARC policy record (RFC 7489 §6.3), as published in TXT at {@code _dmarc.<domain>}.
 *
 * <p>Parsing follows §6.3 and §6.6.3: the record must start with {@code v=DMARC1} (exact case) or it is not a
 * DMARC record; tag names and policy values are case-insensitive; a tag with a bad value falls back to its default
 * ({@code pct=100}, relaxed alignment), the first of repeated tags counts, unknown tags are ignored. A record whose
 * {@code p} is missing or invalid, or whose {@code sp} is invalid, is read as {@code v=DMARC1; p=none} when it has a
 * valid {@code rua} URI, and is unusable otherwise. {@code np} (RFC 9091) is read but not applied here.
 */
public final class DmarcRecord {
    private static final String VERSION = "DMARC1";
    private static final int DEFAULT_PERCENT = 100;

    private final DmarcPolicy policy;
    private final Optional<DmarcPolicy> subdomainPolicy;
    private final Optional<DmarcPolicy> nonExistentSubdomainPolicy;
    private final int percent;
    private final AlignmentMode dkimAlignment;
    private final AlignmentMode spfAlignment;
    private final List<String> aggregateReportUris;
    private final List<String> failureReportUris;
    private final boolean invalidPolicyReadAsNone;

    private DmarcRecord(DmarcPolicy policy, Optional<DmarcPolicy> subdomainPolicy,
                        Optional<DmarcPolicy> nonExistentSubdomainPolicy, int percent, AlignmentMode dkimAlignment,
                        AlignmentMode spfAlignment, List<String> aggregateReportUris, List<String> failureReportUris,
                        boolean invalidPolicyReadAsNone) {
        this.policy = policy;
        this.subdomainPolicy = subdomainPolicy;
        this.nonExistentSubdomainPolicy = nonExistentSubdomainPolicy;
        this.percent = percent;
        this.dkimAlignment = dkimAlignment;
        this.spfAlignment = spfAlignment;
        this.aggregateReportUris = List.copyOf(aggregateReportUris);
        this.failureReportUris = List.copyOf(failureReportUris);
        this.invalidPolicyReadAsNone = invalidPolicyReadAsNone;
    }

    /** Whether {@code txt} is a DMARC record at all: its first tag is {@code v=DMARC1}. Others are discarded. */
    public static boolean isDmarcRecord(String txt) {
        int end = txt.indexOf(';');
        String first = end < 0 ? txt : txt.substring(0, end);
        int equals = first.indexOf('=');
        return equals > 0 && first.substring(0, equals).trim().equalsIgnoreCase("v")
            && first.substring(equals + 1).trim().equals(VERSION);
    }

    /**
     * @return the record, or empty when {@code txt} is not a DMARC record or one with no usable policy (no valid
     *     {@code p} and no valid {@code rua}: RFC 7489 §6.6.3 says to apply no DMARC processing then)
     */
    public static Optional<DmarcRecord> parse(String txt) {
        if (!isDmarcRecord(txt)) {
            return Optional.empty();
        }
        Map<String, String> tags = tags(txt);
        Optional<DmarcPolicy> policy = Optional.ofNullable(tags.get("p")).flatMap(DmarcPolicy::fromToken);
        Optional<DmarcPolicy> subdomainPolicy = Optional.ofNullable(tags.get("sp")).flatMap(DmarcPolicy::fromToken);
        boolean invalidSubdomainPolicy = tags.containsKey("sp") && subdomainPolicy.isEmpty();
        List<String> rua = uris(tags.get("rua"));
        List<String> ruf = uris(tags.get("ruf"));
        if (policy.isEmpty() || invalidSubdomainPolicy) {
            if (rua.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new DmarcRecord(DmarcPolicy.NONE, Optional.empty(), Optional.empty(), DEFAULT_PERCENT,
                AlignmentMode.RELAXED, AlignmentMode.RELAXED, rua, ruf, true));
        }
        return Optional.of(new DmarcRecord(policy.get(), subdomainPolicy,
            Optional.ofNullable(tags.get("np")).flatMap(DmarcPolicy::fromToken),
            percent(tags.get("pct")), alignment(tags.get("adkim")), alignment(tags.get("aspf")), rua, ruf, false));
    }

    /** {@code p}: the policy for the domain the record is published for. */
    public DmarcPolicy policy() {
        return policy;
    }

    /** {@code sp}: the policy for its subdomains, when given ({@link #policy()} applies otherwise). */
    public Optional<DmarcPolicy> subdomainPolicy() {
        return subdomainPolicy;
    }

    /** {@code np} (RFC 9091): the policy for subdomains that do not exist, when given. */
    public Optional<DmarcPolicy> nonExistentSubdomainPolicy() {
        return nonExistentSubdomainPolicy;
    }

    /** {@code pct}: the percentage (0..100) of failing mail the policy is to be applied to. */
    public int percent() {
        return percent;
    }

    /** {@code adkim}. */
    public AlignmentMode dkimAlignment() {
        return dkimAlignment;
    }

    /** {@code aspf}. */
    public AlignmentMode spfAlignment() {
        return spfAlignment;
    }

    /** {@code rua}: the syntactically valid aggregate report URIs, without their {@code !size} suffix. */
    public List<String> aggregateReportUris() {
        return aggregateReportUris;
    }

    /** {@code ruf}: the syntactically valid failure report URIs. */
    public List<String> failureReportUris() {
        return failureReportUris;
    }

    /** True when {@code p} or {@code sp} was invalid and the record was read as {@code p=none} for its {@code rua}. */
    public boolean invalidPolicyReadAsNone() {
        return invalidPolicyReadAsNone;
    }

    private static Map<String, String> tags(String txt) {
        Map<String, String> tags = new HashMap<>();
        for (String tag : txt.split(";")) {
            int equals = tag.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = tag.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            tags.putIfAbsent(name, tag.substring(equals + 1).trim());
        }
        return tags;
    }

    private static int percent(String value) {
        if (value == null || value.isEmpty() || value.length() > 3 || !value.chars().allMatch(Character::isDigit)) {
            return DEFAULT_PERCENT;
        }
        int percent = Integer.parseInt(value);
        return percent <= 100 ? percent : DEFAULT_PERCENT;
    }

    private static AlignmentMode alignment(String value) {
        return value != null && value.equalsIgnoreCase(AlignmentMode.STRICT.token()) ? AlignmentMode.STRICT : AlignmentMode.RELAXED;
    }

    /** RFC 7489 §6.4: {@code dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]}, comma-separated. */
    private static List<String> uris(String value) {
        List<String> uris = new ArrayList<>();
        if (value == null) {
            return uris;
        }
        for (String candidate : value.split(",")) {
            String uri = candidate.trim();
            int size = uri.lastIndexOf('!');
            if (size > 0) {
                uri = uri.substring(0, size);
            }
            if (isAbsoluteUri(uri)) {
                uris.add(uri);
            }
        }
        return uris;
    }

    private static boolean isAbsoluteUri(String text) {
        if (text.isEmpty()) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return uri.getScheme() != null && uri.getSchemeSpecificPart() != null && !uri.getSchemeSpecificPart().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DmarcRecord)) {
            return false;
        }
        DmarcRecord other = (DmarcRecord) o;
        return policy == other.policy && subdomainPolicy.equals(other.subdomainPolicy)
            && nonExistentSubdomainPolicy.equals(other.nonExistentSubdomainPolicy) && percent == other.percent
            && dkimAlignment == other.dkimAlignment && spfAlignment == other.spfAlignment
            && aggregateReportUris.equals(other.aggregateReportUris) && failureReportUris.equals(other.failureReportUris)
            && invalidPolicyReadAsNone == other.invalidPolicyReadAsNone;
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, subdomainPolicy, nonExistentSubdomainPolicy, percent, dkimAlignment, spfAlignment,
            aggregateReportUris, failureReportUris, invalidPolicyReadAsNone);
    }

    @Override
    public String toString() {
        return "v=DMARC1; p=" + policy.token()
            + subdomainPolicy.map(sp -> "; sp=" + sp.token()).orElse("")
            + nonExistentSubdomainPolicy.map(np -> "; np=" + np.token()).orElse("")
            + "; pct=" + percent + "; adkim=" + dkimAlignment.token() + "; aspf=" + spfAlignment.token()
            + (aggregateReportUris.isEmpty() ? "" : "; rua=" + String.join(",", aggregateReportUris))
            + (failureReportUris.isEmpty() ? "" : "; ruf=" + String.join(",", failureReportUris));
    }
}
