/**
 * Block and allow lists of senders at four scopes (operator, account, domain, alias): the entries, their storage
 * port, and {@link io.smtpy.rules.lists.SenderLists}, which decides from an in-memory index kept in step with storage.
 */
package io.smtpy.rules.lists;
