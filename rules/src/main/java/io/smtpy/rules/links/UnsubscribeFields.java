package io.smtpy.rules.links;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.rules.mime.MessageContent;

/**
 * The header fields that carry a block link in a forwarded copy:
 *
 * <pre>
 * List-Unsubscribe: &lt;BASE/smtpy/links/TOKEN&gt;
 * List-Unsubscribe-Post: List-Unsubscribe=One-Click
 * X-Smtpy-Block: &lt;BASE/smtpy/links/TOKEN&gt;
 * </pre>
 *
 * The first two make mail clients show their own "unsubscribe" button, which POSTs to the link (RFC 8058); here
 * it blocks the sender for the alias. {@code X-Smtpy-Block} says the same for readers and filters that look for it.
 *
 * <p>A message from a real mailing list has its own {@code List-Unsubscribe}: that one leaves the list at its
 * source, which is what the button should do, and a message may not carry the field twice. So when the original has
 * either field ({@link #hasListUnsubscribe}), only {@code X-Smtpy-Block} is added and the list's fields stay as
 * they are.
 */
public final class UnsubscribeFields {
    public static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    public static final String X_SMTPY_BLOCK = "X-Smtpy-Block";
    /** The path, under the base URL, that serves links. */
    public static final String PATH = "/smtpy/links/";
    private static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private UnsubscribeFields() {
    }

    /**
     * The fields to add to a forwarded copy.
     *
     * @param baseUrl where smtpy's link pages are served, e.g. {@code https://mx.example.com:8000}; mail clients offer
     *                one-click only for {@code https}
     * @param blockSenderToken a {@link LinkAction#BLOCK_SENDER} token from {@link BlockLinks#token}
     * @param messageHasListUnsubscribe what {@link #hasListUnsubscribe} says of the original message
     * @throws IllegalArgumentException when the base URL is not an http(s) URL without query, or the token is not
     *                                  base64url (it is written into a header unescaped)
     */
    public static List<HeaderField> fields(String baseUrl, String blockSenderToken, boolean messageHasListUnsubscribe) {
        String link = "<" + linkUrl(baseUrl, blockSenderToken) + ">";
        if (messageHasListUnsubscribe) {
            return List.of(new HeaderField(X_SMTPY_BLOCK, link));
        }
        return List.of(
            new HeaderField(LIST_UNSUBSCRIBE, link),
            new HeaderField(LIST_UNSUBSCRIBE_POST, ONE_CLICK),
            new HeaderField(X_SMTPY_BLOCK, link));
    }

    /**
     * Whether the message has a {@code List-Unsubscribe} or {@code List-Unsubscribe-Post} field of its own; reading
     * only its header ({@link MessageContent#header}) is enough.
     */
    public static boolean hasListUnsubscribe(MessageContent message) {
        return message.first(LIST_UNSUBSCRIBE).isPresent() || message.first(LIST_UNSUBSCRIBE_POST).isPresent();
    }

    /**
     * {@code BASE/smtpy/links/TOKEN}, for the fields and for a link in a body (e.g. a {@link LinkAction#DISABLE_ALIAS}
     * token's).
     *
     * @throws IllegalArgumentException as {@link #fields}
     */
    public static String linkUrl(String baseUrl, String token) {
        if (token == null || token.isEmpty() || !token.chars().allMatch(UnsubscribeFields::isBase64Url)) {
            throw new IllegalArgumentException("a link token is base64url");
        }
        return base(baseUrl) + PATH + token;
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
