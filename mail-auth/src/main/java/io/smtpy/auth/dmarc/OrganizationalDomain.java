package io.smtpy.auth.dmarc;

import java.util.Locale;

import com.google.common.net.InternetDomainName;

/**
 * The Organizational Domain of RFC 7489 §3.2: the public suffix of a domain plus one label, from the public suffix
 * list Guava carries (its ICANN and private sections, as most DMARC implementations use it). A domain that is itself a
 * public suffix is its own Organizational Domain. A name under no known suffix (a private TLD, or the {@code .test}
 * names of our tests) keeps its last two labels, as if its TLD were a suffix.
 */
public final class OrganizationalDomain {

    private OrganizationalDomain() {
    }

    /** @param domain a domain in A-labels, e.g. {@code mail.example.co.uk} → {@code example.co.uk} */
    public static String of(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        try {
            InternetDomainName parsed = InternetDomainName.from(name);
            if (parsed.isUnderPublicSuffix()) {
                return parsed.topPrivateDomain().toString();
            }
            if (parsed.isPublicSuffix()) {
                return parsed.toString();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // not a name Guava accepts: fall back to the labels
        }
        return lastTwoLabels(name);
    }

    private static String lastTwoLabels(String name) {
        int last = name.lastIndexOf('.');
        if (last <= 0) {
            return name;
        }
        int secondLast = name.lastIndexOf('.', last - 1);
        return secondLast < 0 ? name : name.substring(secondLast + 1);
    }
}
