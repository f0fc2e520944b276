package io.smtpy.core.dns;

/** The records a domain publishes for smtpy, with the DNS type each one is. */
public enum RecordKind {
    /** Where mail to the domain is delivered: smtpy's hosts. */
    MX("MX"),
    /** Which servers may send for the domain: must include smtpy's. */
    SPF("TXT"),
    /** One DKIM public key smtpy signs with. */
    DKIM("TXT"),
    /** The domain's DMARC policy, reporting to smtpy. */
    DMARC("TXT"),
    /** The token proving the owner controls the domain's DNS. */
    OWNERSHIP("TXT");

    private final String recordType;

    RecordKind(String recordType) {
        this.recordType = recordType;
    }

    /** The DNS record type to create: {@code MX} or {@code TXT}. */
    public String recordType() {
        return recordType;
    }
}
