/**
 * Inbound authentication of one received message: {@link io.smtpy.auth.inbound.InboundAuthentication} runs SPF,
 * DKIM (through {@link io.smtpy.auth.DkimVerification}) and DMARC; {@link io.smtpy.auth.inbound.AuthenticationResults}
 * writes the RFC 8601 header value and recognises forged ones that claim our authserv-id. The mail path (a mailet
 * or SMTP hook) adapts James types to these calls.
 */
package io.smtpy.auth.inbound;
