package io.smtpy.sending.reverse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the inbound checks show that a mail really comes from a mailbox's domain, read from the results the SMTP
 * hook wrote ({@code io.smtpy.auth.results}: {@code spf=pass smtp.mailfrom=d; dkim=pass header.d=d; dmarc=pass
 * header.from=d}). The {@code From} of a mail is trivially forged; what counts is:
 * <ul>
 *   <li>{@code dmarc=pass} for the domain (an SPF or DKIM pass aligned with it, as its owner's policy asks);</li>
 *   <li>or, when the domain publishes no DMARC record ({@code dmarc=none}), an SPF pass for exactly that domain
 *       ({@code smtp.mailfrom}) or a DKIM signature of exactly that domain that verifies ({@code header.d}): strict
 *       alignment, since no policy says relaxed is enough.</li>
 * </ul>
 * Anything else (a fail, a temporary error, no checks at all) is not authenticated: the reply is refused.
 */
public final class MailboxAuthentication {
    private final boolean authenticated;
    private final String summary;

    private MailboxAuthentication(boolean authenticated, String summary) {
        this.authenticated = authenticated;
        this.summary = summary;
    }

    public static MailboxAuthentication of(Optional<String> results, String domain) {
        if (results.isEmpty()) {
            return new MailboxAuthentication(false, "no authentication results (the inbound checks did not run)");
        }
        String wanted = domain.toLowerCase(Locale.ROOT);
        Optional<String> dmarc = Optional.empty();
        boolean spfAligned = false;
        boolean dkimAligned = false;
        List<String> seen = new ArrayList<>();
        for (String part : split(results.get(), ';')) {
            List<String> words = split(part.trim(), ' ');
            if (words.isEmpty() || !words.get(0).contains("=")) {
                continue;
            }
            String method = words.get(0).substring(0, words.get(0).indexOf('=')).toLowerCase(Locale.ROOT);
            String result = words.get(0).substring(words.get(0).indexOf('=') + 1).toLowerCase(Locale.ROOT);
            Map<String, String> properties = properties(words);
            switch (method) {
                case "dmarc":
                    if (wanted.equals(properties.get("header.from"))) {
                        dmarc = Optional.of(result);
                    }
                    seen.add("dmarc=" + result);
                    break;
                case "spf":
                    spfAligned |= "pass".equals(result) && wanted.equals(properties.get("smtp.mailfrom"));
                    seen.add("spf=" + result + Optional.ofNullable(properties.get("smtp.mailfrom")).map(d -> " (" + d + ")").orElse(""));
                    break;
                case "dkim":
                    dkimAligned |= "pass".equals(result) && wanted.equals(properties.get("header.d"));
                    seen.add("dkim=" + result + Optional.ofNullable(properties.get("header.d")).map(d -> " (" + d + ")").orElse(""));
                    break;
                default:
                    break;
            }
        }
        String summary = String.join(", ", seen);
        if (dmarc.filter("pass"::equals).isPresent()) {
            return new MailboxAuthentication(true, summary);
        }
        boolean noPolicy = dmarc.filter("none"::equals).isPresent();
        return new MailboxAuthentication(noPolicy && (spfAligned || dkimAligned), summary);
    }

    public boolean authenticated() {
        return authenticated;
    }

    /** The verdicts seen, for refusal texts and alerts: {@code dmarc=fail, spf=pass (other.test), dkim=none}. */
    public String summary() {
        return summary;
    }

    private static Map<String, String> properties(List<String> words) {
        Map<String, String> properties = new HashMap<>();
        for (String word : words.subList(1, words.size())) {
            int equals = word.indexOf('=');
            if (equals > 0) {
                String value = word.substring(equals + 1);
                int at = value.lastIndexOf('@');
                // smtp.mailfrom may be a whole address (RFC 8601 allows it); its domain is what counts.
                properties.put(word.substring(0, equals).toLowerCase(Locale.ROOT),
                    (at >= 0 ? value.substring(at + 1) : value).replace("\"", "").toLowerCase(Locale.ROOT));
            }
        }
        return properties;
    }

    /** Splits at {@code separator} outside quoted strings and comments, which may hold any character. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int comment = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"' && comment == 0) {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                comment++;
            } else if (!quoted && c == ')' && comment > 0) {
                comment--;
            } else if (c == separator && !quoted && comment == 0) {
                if (current.length() > 0) {
                    parts.add(current.toString());
                }
                current.setLength(0);
                continue;
            }
            if (comment == 0 || c == '(') {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            parts.add(current.toString());
        }
        return parts;
    }

    @Override
    public String toString() {
        return (authenticated ? "authenticated: " : "not authenticated: ") + summary;
    }
}
