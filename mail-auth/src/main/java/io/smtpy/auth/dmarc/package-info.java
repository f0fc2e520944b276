/**
 * DMARC (RFC 7489) evaluation written here rather than taken from a library: the Author Domain of the From field
 * ({@link io.smtpy.auth.dmarc.AuthorDomain}), policy record discovery and parsing
 * ({@link io.smtpy.auth.dmarc.DmarcRecord}) through the core {@code DnsLookup} port, the Organizational Domain from
 * Guava's public suffix list, SPF and DKIM alignment, and {@code pct} sampling with an injected number source
 * ({@link io.smtpy.auth.dmarc.DmarcEvaluation}). Tested against a real dnsmasq ({@code DmarcEvaluationTest}).
 */
package io.smtpy.auth.dmarc;
