package io.smtpy.core.dns;

/** How a required record compares with what DNS returns now. */
public enum CheckStatus {
    /** Published as required. */
    OK,
    /** DNS has no such record. */
    MISSING,
    /** DNS has a record, but not the required one; the hint says what is wrong. */
    WRONG,
    /** The lookup failed (server failure, timeout): the state is unknown, try again. */
    ERROR
}
