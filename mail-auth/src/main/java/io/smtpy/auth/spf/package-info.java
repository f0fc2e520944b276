/**
 * SPF (RFC 7208) of an SMTP transaction on James's jSPF library, asking one configured resolver (directly, or
 * through the mail path's TTL cache):
 * {@link io.smtpy.auth.spf.SpfCheck} gives an {@link io.smtpy.auth.spf.SpfVerdict} for the MAIL FROM domain, or
 * for the HELO name when the sender is null. Tested against a real dnsmasq ({@code SpfCheckTest}).
 */
package io.smtpy.auth.spf;
