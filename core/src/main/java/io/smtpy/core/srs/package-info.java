/**
 * Sender Rewriting Scheme (after Shevek's libsrs2 and the SRS paper), so that forwarded mail passes SPF.
 *
 * <p>{@code jane@orig.example} forwarded by {@code fwd.example} leaves as
 * {@code SRS0=HHHHHHHH=TT=orig.example=jane@fwd.example}: {@code TT} is the day (since the epoch, modulo 1024) in
 * two base32 characters, {@code HHHHHHHH} the first 8 base32 characters of an HMAC-SHA256, keyed by the first
 * secret, over the lower-cased scheme, stamp, domain and local part. Everything after the domain is the local
 * part, which may itself hold '='. An {@code SRS0} sender of another forwarder becomes
 * {@code SRS1=HHHHHHHH=other.example==HH=TT=orig.example=jane@fwd.example}: only the first forwarder is kept, so
 * addresses do not grow along a chain, and bounces go straight back to it. Reversal checks the hash against every
 * accepted secret, case-insensitively, and the SRS0 stamp against the maximum age; SRS1 carries no stamp.
 */
package io.smtpy.core.srs;
