package io.smtpy.rules.mailpath;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.links.BlockLinks;
import io.smtpy.rules.links.LinkAction;
import io.smtpy.rules.links.UnsubscribeFields;
import io.smtpy.rules.mime.MessageContent;

/**
 * The one-click block link a forwarded copy carries for its alias and sender: {@code List-Unsubscribe} with one-click
 * POST (RFC 8058), or only {@code X-Smtpy-Block} when the message is a mailing list's and has its own. Issued only when
 * the installation has a public URL for the links to point at ({@code rules.publicUrl}); without one, none.
 */
public class BlockLinkIssuer {
    public static final BlockLinkIssuer NONE = new BlockLinkIssuer(null, Optional.empty());

    private final BlockLinks links;
    private final Optional<String> publicUrl;

    public BlockLinkIssuer(BlockLinks links, Optional<String> publicUrl) {
        this.links = links;
        this.publicUrl = publicUrl.filter(url -> links != null);
    }

    public boolean issuing() {
        return publicUrl.isPresent();
    }

    /** The fields for a copy to {@code alias} of mail from {@code sender}; empty when no link is issued. */
    public List<HeaderField> fields(DomainName domain, LocalPart alias, MaybeSender sender, Supplier<MessageContent> header) {
        if (publicUrl.isEmpty()) {
            return List.of();
        }
        String token = links.token(LinkAction.BLOCK_SENDER, domain, alias, sender.asOptional().map(MailAddress.class::cast));
        return UnsubscribeFields.fields(publicUrl.get(), token, UnsubscribeFields.hasListUnsubscribe(header.get()));
    }
}
