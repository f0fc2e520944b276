package io.smtpy.core.dns;

/**
 * DNS gave no usable answer (server failure, refusal, timeout): whether the record exists is unknown.
 * A name without the record is not an error; see {@link DnsLookup}.
 */
public class DnsLookupException extends Exception {
    public DnsLookupException(String message) {
        super(message);
    }

    public DnsLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
