/**
 * Rules, block and allow lists, and the quarantine: owners' decisions about their mail, evaluated from in-memory
 * compiled forms kept in step with storage, never from the database per mail.
 */
package io.smtpy.rules;
