/**
 * The rule action that POSTs a mail to an owner's HTTP endpoint: {@link io.smtpy.rules.post.RulePoster} checks the
 * endpoint with {@link io.smtpy.rules.post.EndpointGuard} (no requests into our own networks), builds the body with
 * {@link io.smtpy.rules.post.PostPayload} ({@code raw} or {@code json}) and signs it with
 * {@link io.smtpy.rules.post.PostSignature} under the domain's key from {@link io.smtpy.rules.post.PostSigningKeys}.
 *
 * <p>What an owner's endpoint receives: {@code Content-Type} ({@code message/rfc822} or {@code application/json}),
 * {@code User-Agent: smtpy}, {@code X-Smtpy-Domain}, {@code X-Smtpy-Rule} (the rule's name, bytes outside printable
 * ASCII and {@code %} percent-encoded as UTF-8) and
 * {@code X-Smtpy-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>." + body)>}, where the key is the text the
 * owner copied from their domain's settings, base64url-decoded. The endpoint recomputes the HMAC over the exact body
 * bytes, compares in constant time and refuses a {@code t} more than a few minutes away from its clock.
 */
package io.smtpy.rules.post;
