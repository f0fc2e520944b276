/**
 * ARC (RFC 8617) on raw message bytes: {@link io.smtpy.auth.arc.ArcValidator} judges the chain a message arrives
 * with, {@link io.smtpy.auth.arc.ArcSealer} adds this hop's set. Forwarding breaks SPF and sometimes DKIM; an ARC
 * set records what smtpy saw before forwarding, for receivers that trust smtpy's seal. Signing, hashing and key
 * lookups are those of {@code io.smtpy.auth.dkim}.
 */
package io.smtpy.auth.arc;
