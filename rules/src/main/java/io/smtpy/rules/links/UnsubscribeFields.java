package io.smtpy.rules.links;

import java.util.ArrayList;
import java.util.List;

import io.smtpy.core.links.OneClickLink;
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
 * The first two ({@link OneClickLink}) make mail clients show their own "unsubscribe" button, which POSTs to the link
 * (RFC 8058); here
 * it blocks the sender for the alias. {@code X-Smtpy-Block} says the same for readers and filters that look for it.
 *
 * <p>A message from a real mailing list has its own {@code List-Unsubscribe}: that one leaves the list at its
 * source, which is what the button should do, and a message may not carry the field twice. So when the original has
 * either field ({@link #hasListUnsubscribe}), only {@code X-Smtpy-Block} is added and the list's fields stay as
 * they are.
 */
public final class UnsubscribeFields {
    public static final String LIST_UNSUBSCRIBE = OneClickLink.LIST_UNSUBSCRIBE;
    public static final String LIST_UNSUBSCRIBE_POST = OneClickLink.LIST_UNSUBSCRIBE_POST;
    public static final String X_SMTPY_BLOCK = "X-Smtpy-Block";
    /** The path, under the base URL, that serves links. */
    public static final String PATH = "/smtpy/links/";

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
        String url = linkUrl(baseUrl, blockSenderToken);
        HeaderField block = new HeaderField(X_SMTPY_BLOCK, "<" + url + ">");
        if (messageHasListUnsubscribe) {
            return List.of(block);
        }
        List<HeaderField> fields = new ArrayList<>(OneClickLink.fields(url));
        fields.add(block);
        return List.copyOf(fields);
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
        return OneClickLink.url(baseUrl, PATH, token);
    }
}
