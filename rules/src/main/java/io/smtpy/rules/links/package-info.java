/**
 * One-click links carried by forwarded mail, with which a recipient, without signing in, blocks the sender for the
 * alias ({@link io.smtpy.rules.links.LinkAction#BLOCK_SENDER}) or disables the alias
 * ({@link io.smtpy.rules.links.LinkAction#DISABLE_ALIAS}).
 *
 * <p>The link is its own authority: {@link io.smtpy.rules.links.BlockLinks} puts the action, the domain, the alias,
 * the sender and an expiry into a token tagged with an HMAC under a key derived from the installation secret, so
 * nothing is stored per forwarded message and a token cannot be made for another alias or sender.
 * {@link io.smtpy.rules.links.UnsubscribeFields} gives the header fields that carry it ({@code List-Unsubscribe} with
 * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}, RFC 8058, and {@code X-Smtpy-Block}).
 *
 * <p>For whoever serves {@code /smtpy/links/TOKEN}: only a {@code POST} acts (RFC 8058 one-click, or the button of
 * the confirmation page); a {@code GET} shows that page and changes nothing, because mail scanners and link previews
 * fetch every URL in a message. Mailbox providers honour {@code List-Unsubscribe-Post} only over HTTPS and only when
 * a valid DKIM signature covers both fields, so the forwarded copy's signature must list them in {@code h=}.
 */
package io.smtpy.rules.links;
