package io.smtpy.core.dns;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.common.io.BaseEncoding;

import io.smtpy.core.model.DomainName;

/**
 * The DNS onboarding check of one installation: what a domain owner must publish (our MX hosts, our SPF
 * include, a DMARC record sending aggregate reports to {@code <reportsLocalPart>@<domain>}, the ownership token)
 * and what DNS says now.
 *
 * <p>The ownership token is derived from the domain and an installation secret (HMAC-SHA256), so it needs no
 * storage, is stable across restarts, and cannot be guessed for another domain.
 * DKIM records join the check once DKIM keys are served by the installation (they are passed in by the caller).
 */
public class DomainOnboarding {
    private final DnsLookup dns;
    private final List<MxRecord> mxHosts;
    private final String spfInclude;
    private final String reportsLocalPart;
    private final byte[] verificationSecret;

    /**
     * @param mxHosts the installation's MX hosts, the same for every domain
     * @param spfInclude the installation's SPF include domain
     * @param reportsLocalPart where each domain receives its DMARC aggregate reports ({@code <it>@<domain>})
     * @param verificationSecret the installation secret ownership tokens are derived from
     * @throws io.smtpy.core.model.InvalidFieldException when the MX hosts or SPF include are not usable
     */
    public DomainOnboarding(DnsLookup dns, List<MxRecord> mxHosts, String spfInclude, String reportsLocalPart,
                            byte[] verificationSecret) {
        this.dns = Objects.requireNonNull(dns);
        this.mxHosts = List.copyOf(mxHosts);
        this.spfInclude = Objects.requireNonNull(spfInclude);
        this.reportsLocalPart = Objects.requireNonNull(reportsLocalPart);
        this.verificationSecret = verificationSecret.clone();
        requirementsFor(DomainName.of("example.com"));
    }

    /** What the owner of {@code domain} must publish, and how each record looks in DNS now. */
    public DnsCheckReport check(DomainName domain) {
        return check(domain, List.of());
    }

    public DnsCheckReport check(DomainName domain, List<DkimRecord> dkimRecords) {
        return new DomainDnsCheck(dns, requirementsFor(domain)).check(domain, verificationToken(domain), dkimRecords);
    }

    /** The value the owner puts in the ownership TXT record of {@code domain}. */
    public String verificationToken(DomainName domain) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(verificationSecret, "HmacSHA256"));
            byte[] digest = mac.doFinal(("ownership:" + domain.asString()).getBytes(StandardCharsets.US_ASCII));
            return BaseEncoding.base32().omitPadding().lowerCase().encode(digest, 0, 20);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private DnsRequirements requirementsFor(DomainName domain) {
        DnsRequirements.Builder requirements = DnsRequirements.builder()
            .spfInclude(spfInclude)
            .dmarcReportAddress(reportsLocalPart + "@" + domain.asString());
        mxHosts.forEach(mx -> requirements.mx(mx.priority(), mx.host()));
        return requirements.build();
    }
}
