/**
 * The quarantine: mail held by a rule or list entry (or dropped and kept for the restore window), its storage port,
 * and {@link io.smtpy.rules.quarantine.Quarantine}, through which owners look at, release and delete it.
 */
package io.smtpy.rules.quarantine;
