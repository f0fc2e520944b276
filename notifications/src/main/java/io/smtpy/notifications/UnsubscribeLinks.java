package io.smtpy.notifications;

import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.core.links.OneClickLink;
import io.smtpy.core.mailpath.HeaderField;

/**
 * The RFC 8058 fields of a notification mail ({@link OneClickLink}): {@code List-Unsubscribe} naming
 * {@code BASE/smtpy/notifications/unsubscribe/TOKEN}, where the token ({@link UnsubscribeTokens}) names the member and
 * the type, and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}. Without a public base URL there is nothing
 * the Internet could POST to, so no field at all.
 */
public final class UnsubscribeLinks {
    /** The path, under the base URL, of the route that takes the one-click POST. */
    public static final String PATH = "/smtpy/notifications/unsubscribe/";

    private final UnsubscribeTokens tokens;
    private final Optional<String> publicUrl;

    /**
     * @param publicUrl where WebAdmin is seen from the Internet ({@code rules.publicUrl}); empty: no link
     * @throws IllegalArgumentException when the URL is not an http(s) URL without user, query or fragment
     */
    public UnsubscribeLinks(UnsubscribeTokens tokens, Optional<String> publicUrl) {
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        publicUrl.ifPresent(url -> OneClickLink.url(url, PATH, "check"));
    }

    /** The fields for a mail of {@code type} to {@code member}; empty without a public URL. */
    public List<HeaderField> fields(AccessId member, NotificationType type) {
        return publicUrl.map(url -> OneClickLink.fields(OneClickLink.url(url, PATH, tokens.token(member, type))))
            .orElse(List.of());
    }
}
