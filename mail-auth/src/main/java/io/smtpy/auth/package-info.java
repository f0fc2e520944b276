/**
 * Message authentication on raw RFC 5322 bytes, independent of James: DKIM signing and verification, ARC, SPF,
 * DMARC and the Authentication-Results header. The mailets and SMTP hooks are thin adapters over these classes.
 */
package io.smtpy.auth;
