package io.smtpy.auth.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.dmarc.DmarcVerdict;
import io.smtpy.auth.spf.SpfVerdict;

/**
 * Writes the value of an {@code Authentication-Results} header field (RFC 8601) for one message:
 * <pre>mx.smtpy.example; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com header.s=sel
 * header.a=rsa-sha256; dmarc=pass (p=reject dis=none) header.from=example.com</pre>
 * on one line (callers fold it when they write it). The part after {@code authserv-id; } is available alone
 * through {@link #results}, for an {@code ARC-Authentication-Results} header (RFC 8617 §4.1.1).
 *
 * <p>Reasons are written as {@code reason="..."}, always quoted; property values that are not RFC 2045 tokens are
 * quoted too. Text that came from the network (DNS explanations, jSPF messages, selectors) is cut to
 * {@value #MAX_TEXT} characters and anything but printable ASCII is replaced, so the header stays one valid line.
 * At most {@value #MAX_DKIM_RESULTS} DKIM results are written, passing ones first when there are more.
 */
public final class AuthenticationResults {
    static final int MAX_TEXT = 200;
    static final int MAX_DKIM_RESULTS = 10;
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private final String authservId;

    /**
     * @param authservId the name of our authentication service, usually the receiving host's name, e.g.
     *     {@code mx.smtpy.example}; must be an RFC 2045 token
     */
    public AuthenticationResults(String authservId) {
        Objects.requireNonNull(authservId, "authservId");
        if (!isToken(authservId)) {
            throw new IllegalArgumentException("authserv-id must be a token such as a host name, not '" + authservId + "'");
        }
        this.authservId = authservId;
    }

    public String authservId() {
        return authservId;
    }

    /** The whole header value: {@code <authserv-id>; <results>}. */
    public String headerValue(InboundVerdict verdict, Optional<AuthStatus> arc) {
        return authservId + "; " + results(verdict, arc);
    }

    /** The results after {@code authserv-id;}: {@code spf=...; dkim=...; dmarc=...[; arc=...]}. */
    public static String results(InboundVerdict verdict, Optional<AuthStatus> arc) {
        return results(verdict.spf(), verdict.dkim(), verdict.dmarc(), arc);
    }

    /** As {@link #results(InboundVerdict, Optional)}, from each method's verdict. */
    public static String results(SpfVerdict spf, List<DkimVerdict> dkim, DmarcVerdict dmarc, Optional<AuthStatus> arc) {
        StringJoiner results = new StringJoiner("; ");
        results.add(spf(spf));
        if (dkim.isEmpty()) {
            results.add("dkim=" + AuthStatus.NONE.token());
        }
        for (DkimVerdict signature : shownDkim(dkim)) {
            results.add(dkim(signature));
        }
        results.add(dmarc(dmarc));
        arc.ifPresent(status -> results.add("arc=" + status.token()));
        return results.toString();
    }

    /**
     * Whether an {@code Authentication-Results} value found in a received message claims to come from
     * {@code authservId} (compared case-insensitively, after any leading comments). RFC 8601 §5: such fields did
     * not come from us and must be removed before ours is added, or a sender could forge our verdicts.
     */
    public static boolean claimsAuthservId(String headerValue, String authservId) {
        if (headerValue == null || authservId == null || authservId.isEmpty()) {
            return false;
        }
        int i = skipCfws(headerValue, 0);
        if (i < 0 || i >= headerValue.length()) {
            return false;
        }
        String claimed;
        if (headerValue.charAt(i) == '"') {
            StringBuilder content = new StringBuilder();
            int j = i + 1;
            while (j < headerValue.length() && headerValue.charAt(j) != '"') {
                char c = headerValue.charAt(j);
                if (c == '\\' && j + 1 < headerValue.length()) {
                    j++;
                    c = headerValue.charAt(j);
                }
                content.append(c);
                j++;
            }
            claimed = content.toString();
        } else {
            int j = i;
            while (j < headerValue.length() && isTokenChar(headerValue.charAt(j))) {
                j++;
            }
            claimed = headerValue.substring(i, j);
        }
        return claimed.equalsIgnoreCase(authservId);
    }

    private static String spf(SpfVerdict spf) {
        StringBuilder result = new StringBuilder("spf=").append(spf.status().token());
        if (spf.status() != AuthStatus.PASS) {
            spf.reason().ifPresent(reason -> result.append(" reason=").append(quoted(reason)));
        }
        if (!spf.domain().isEmpty()) {
            result.append(' ').append(spf.identity().property()).append('=').append(propertyValue(spf.domain()));
        }
        return result.toString();
    }

    private static String dkim(DkimVerdict signature) {
        StringBuilder result = new StringBuilder("dkim=").append(signature.status().token());
        if (signature.status() != AuthStatus.PASS) {
            signature.reason().ifPresent(reason -> result.append(" reason=").append(quoted(reason)));
        }
        appendProperty(result, "header.d", signature.domain());
        appendProperty(result, "header.s", signature.selector());
        appendProperty(result, "header.a", signature.algorithm());
        return result.toString();
    }

    private static String dmarc(DmarcVerdict dmarc) {
        StringBuilder result = new StringBuilder("dmarc=").append(dmarc.status().token());
        dmarc.requestedPolicy().ifPresent(policy -> result.append(" (p=").append(policy.token())
            .append(" dis=").append(dmarc.disposition().token()).append(')'));
        if (dmarc.status() != AuthStatus.PASS) {
            dmarc.reason().ifPresent(reason -> result.append(" reason=").append(quoted(reason)));
        }
        dmarc.headerFrom().ifPresent(from -> appendProperty(result, "header.from", from));
        return result.toString();
    }

    private static List<DkimVerdict> shownDkim(List<DkimVerdict> dkim) {
        if (dkim.size() <= MAX_DKIM_RESULTS) {
            return dkim;
        }
        List<DkimVerdict> shown = new ArrayList<>();
        dkim.stream().filter(d -> d.status() == AuthStatus.PASS).limit(MAX_DKIM_RESULTS).forEach(shown::add);
        dkim.stream().filter(d -> d.status() != AuthStatus.PASS).limit(MAX_DKIM_RESULTS - shown.size()).forEach(shown::add);
        return shown;
    }

    private static void appendProperty(StringBuilder result, String property, String value) {
        if (!value.isEmpty()) {
            result.append(' ').append(property).append('=').append(propertyValue(value));
        }
    }

    /** RFC 8601 {@code pvalue}: a token (domain names are) as it is, anything else as a quoted string. */
    private static String propertyValue(String value) {
        return isToken(value) && value.length() <= MAX_TEXT ? value : quoted(value);
    }

    /** An RFC 5322 quoted string of printable ASCII, at most {@value #MAX_TEXT} characters of {@code text}. */
    static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < MAX_TEXT; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 32 || c == 127) {
                quoted.append(' ');
            } else if (c > 127) {
                quoted.append('?');
            } else {
                quoted.append(c);
            }
        }
        if (text.length() > MAX_TEXT) {
            quoted.append("...");
        }
        return quoted.append('"').toString();
    }

    /** RFC 2045 token: printable ASCII but space and tspecials. */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isTokenChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return c > 32 && c < 127 && TSPECIALS.indexOf(c) < 0;
    }

    /** Skips white space and (nested) comments; -1 when a comment does not end. */
    private static int skipCfws(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (c == '(') {
                int depth = 0;
                while (i < text.length()) {
                    char inComment = text.charAt(i);
                    if (inComment == '\\') {
                        i += 2;
                        continue;
                    }
                    if (inComment == '(') {
                        depth++;
                    } else if (inComment == ')' && --depth == 0) {
                        break;
                    }
                    i++;
                }
                if (i >= text.length()) {
                    return -1;
                }
                i++;
            } else {
                return i;
            }
        }
        return i;
    }
}
