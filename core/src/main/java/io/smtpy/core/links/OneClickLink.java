package io.smtpy.core.links;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import io.smtpy.core.mailpath.HeaderField;

/**
 * The RFC 8058 one-click link every mail smtpy adds an unsubscribe action to carries (forwarded copies' block links,
 * notification mails' opt-out links):
 *
 * <pre>
 * List-Unsubscribe: &lt;BASE/PATH/TOKEN&gt;
 * List-Unsubscribe-Post: List-Unsubscribe=One-Click
 * </pre>
 *
 * Mail clients then show their own "unsubscribe" button, which POSTs {@code List-Unsubscribe=One-Click} to the URL.
 * They honour it only over HTTPS and when a valid DKIM signature covers both fields. The token is the credential, so
 * it must be base64url: it is written into the header unescaped.
 */
public final class OneClickLink {
    public static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    /** The value of {@code List-Unsubscribe-Post}, and the form body a one-click POST carries. */
    public static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private OneClickLink() {
    }

    /**
     * {@code BASE/PATH/TOKEN}.
     *
     * @param baseUrl where smtpy's WebAdmin is seen from the Internet, e.g. {@code https://mx.example.com:8000}
     * @param path the route under the base, starting and ending with {@code /}
     * @throws IllegalArgumentException when the base URL is not an http(s) URL without user, query or fragment, or the
     *                                  token is not base64url
     */
    public static String url(String baseUrl, String path, String token) {
        if (token == null || token.isEmpty() || !token.chars().allMatch(OneClickLink::isBase64Url)) {
            throw new IllegalArgumentException("a link token is base64url");
        }
        return base(baseUrl) + path + token;
    }

    /** The two fields naming {@code url} (from {@link #url}). */
    public static List<HeaderField> fields(String url) {
        return List.of(new HeaderField(LIST_UNSUBSCRIBE, "<" + url + ">"), new HeaderField(LIST_UNSUBSCRIBE_POST, ONE_CLICK));
    }

    private static String base(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException | NullPointerException unparsable) {
            throw new IllegalArgumentException("the links' base URL '" + baseUrl + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
            || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the links' base URL '" + baseUrl
                + "' must be http(s)://host[:port][/path], without user, query or fragment");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
