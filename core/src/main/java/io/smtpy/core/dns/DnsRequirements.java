package io.smtpy.core.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

/**
 * What smtpy needs every domain to publish, the same for all domains (from configuration):
 * <ul>
 *   <li>the MX hosts smtpy receives on, with their priorities;</li>
 *   <li>the domain whose SPF record lists smtpy's outgoing addresses, included by every domain
 *       ({@code include:_spf.smtpy.example});</li>
 *   <li>the address that receives DMARC aggregate reports ({@code rua=mailto:...});</li>
 *   <li>where the ownership token goes: the label put in front of the domain
 *       ({@code _smtpy-verification.<domain>}) and the prefix of the TXT value
 *       ({@code smtpy-verification=<token>}).</li>
 * </ul>
 * A broken rule throws {@link InvalidFieldException} naming the field.
 */
public final class DnsRequirements {
    public static final String DEFAULT_VERIFICATION_LABEL = "_smtpy-verification";
    public static final String DEFAULT_VERIFICATION_PREFIX = "smtpy-verification=";

    // TXT names, unlike host names, may hold underscores (_spf, _dmarc, _smtpy-verification).
    private static final Pattern TXT_LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?");
    private static final Pattern MAIL_ADDRESS = Pattern.compile("[^@\\s,;!]+@[^@\\s,;!]+\\.[^@\\s,;!]+");
    private static final Pattern VERIFICATION_PREFIX = Pattern.compile("[!-~]{1,64}");

    private final List<MxRecord> mxHosts;
    private final String spfInclude;
    private final String dmarcReportAddress;
    private final String verificationLabel;
    private final String verificationPrefix;

    private DnsRequirements(List<MxRecord> mxHosts, String spfInclude, String dmarcReportAddress,
                            String verificationLabel, String verificationPrefix) {
        this.mxHosts = ImmutableList.copyOf(mxHosts);
        this.spfInclude = spfInclude;
        this.dmarcReportAddress = dmarcReportAddress;
        this.verificationLabel = verificationLabel;
        this.verificationPrefix = verificationPrefix;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** In the order given; host names lower-case without trailing dot. */
    public List<MxRecord> mxHosts() {
        return mxHosts;
    }

    /** The domain every SPF record must include, lower-case, e.g. {@code _spf.smtpy.example}. */
    public String spfInclude() {
        return spfInclude;
    }

    /** The bare address that receives aggregate reports, without {@code mailto:}. */
    public String dmarcReportAddress() {
        return dmarcReportAddress;
    }

    /** {@code mailto:} and the address, as it appears in a {@code rua} tag. */
    public String dmarcReportUri() {
        return "mailto:" + dmarcReportAddress;
    }

    public String verificationLabel() {
        return verificationLabel;
    }

    public String verificationPrefix() {
        return verificationPrefix;
    }

    /** The TXT name that holds the ownership token of {@code domain}. */
    public String verificationName(DomainName domain) {
        return verificationLabel + "." + domain.asString();
    }

    /** The TXT value that proves ownership with {@code token}. */
    public String verificationValue(String token) {
        return verificationPrefix + token;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsRequirements)) {
            return false;
        }
        DnsRequirements other = (DnsRequirements) o;
        return mxHosts.equals(other.mxHosts) && spfInclude.equals(other.spfInclude)
            && dmarcReportAddress.equals(other.dmarcReportAddress) && verificationLabel.equals(other.verificationLabel)
            && verificationPrefix.equals(other.verificationPrefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mxHosts, spfInclude, dmarcReportAddress, verificationLabel, verificationPrefix);
    }

    @Override
    public String toString() {
        return "DnsRequirements{mx=" + mxHosts + ", spfInclude=" + spfInclude + ", rua=" + dmarcReportUri()
            + ", verification=" + verificationLabel + " " + verificationPrefix + "}";
    }

    /** MX hosts, SPF include and DMARC address are required; the verification label and prefix have defaults. */
    public static final class Builder {
        private final List<MxRecord> mxHosts = new ArrayList<>();
        private String spfInclude;
        private String dmarcReportAddress;
        private String verificationLabel = DEFAULT_VERIFICATION_LABEL;
        private String verificationPrefix = DEFAULT_VERIFICATION_PREFIX;

        private Builder() {
        }

        /** Adds an MX host smtpy receives on. */
        public Builder mx(int priority, String host) {
            MxRecord record;
            try {
                record = MxRecord.of(priority, host);
                DomainName.of(record.host());
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("mx", e.getMessage());
            }
            if (mxHosts.stream().anyMatch(existing -> existing.host().equals(record.host()))) {
                throw new InvalidFieldException("mx", "MX host " + record.host() + " is listed twice");
            }
            mxHosts.add(record);
            return this;
        }

        public Builder spfInclude(String domain) {
            this.spfInclude = txtName("spfInclude", domain, 2);
            return this;
        }

        /** The report address, with or without {@code mailto:}. */
        public Builder dmarcReportAddress(String address) {
            if (address == null) {
                throw new InvalidFieldException("dmarcReportAddress", "the DMARC report address must be given");
            }
            String bare = address.trim();
            if (bare.regionMatches(true, 0, "mailto:", 0, "mailto:".length())) {
                bare = bare.substring("mailto:".length());
            }
            if (!MAIL_ADDRESS.matcher(bare).matches()) {
                throw new InvalidFieldException("dmarcReportAddress", "'" + address + "' is not a mail address");
            }
            this.dmarcReportAddress = bare;
            return this;
        }

        /** The label in front of the domain, {@value DnsRequirements#DEFAULT_VERIFICATION_LABEL} by default. */
        public Builder verificationLabel(String label) {
            this.verificationLabel = txtName("verificationLabel", label, 1);
            return this;
        }

        /** The start of the TXT value, {@value DnsRequirements#DEFAULT_VERIFICATION_PREFIX} by default. */
        public Builder verificationPrefix(String prefix) {
            if (prefix == null || !VERIFICATION_PREFIX.matcher(prefix).matches()) {
                throw new InvalidFieldException("verificationPrefix",
                    "the verification prefix must be 1 to 64 printable characters without spaces");
            }
            this.verificationPrefix = prefix;
            return this;
        }

        public DnsRequirements build() {
            if (mxHosts.isEmpty()) {
                throw new InvalidFieldException("mx", "at least one MX host is needed");
            }
            if (spfInclude == null) {
                throw new InvalidFieldException("spfInclude", "the SPF include domain must be given");
            }
            if (dmarcReportAddress == null) {
                throw new InvalidFieldException("dmarcReportAddress", "the DMARC report address must be given");
            }
            return new DnsRequirements(mxHosts, spfInclude, dmarcReportAddress, verificationLabel, verificationPrefix);
        }

        private static String txtName(String field, String name, int minLabels) {
            if (name == null || name.isBlank()) {
                throw new InvalidFieldException(field, "must be given");
            }
            String normalized = name.trim().toLowerCase(Locale.ROOT);
            if (normalized.endsWith(".")) {
                normalized = normalized.substring(0, normalized.length() - 1);
            }
            String[] labels = normalized.split("\\.", -1);
            if (labels.length < minLabels || normalized.length() > 253) {
                throw new InvalidFieldException(field, "'" + name + "' is not a valid DNS name");
            }
            for (String label : labels) {
                if (!TXT_LABEL.matcher(label).matches()) {
                    throw new InvalidFieldException(field, "'" + name + "' is not a valid DNS name: label '" + label
                        + "' may hold only letters, digits, underscores and inner hyphens");
                }
            }
            return normalized;
        }
    }
}
