package io.smtpy.core.dmarc;

/** Which format a report was written in, told by the namespace of its root element. */
public enum ReportSchema {
    /** RFC 7489 appendix C: no namespace, or {@code http://dmarc.org/dmarc-xml/0.1}. */
    RFC_7489,
    /** The DMARCbis aggregate format, namespace {@value #DMARC_2_NAMESPACE}. */
    DMARC_2;

    public static final String DMARC_2_NAMESPACE = "urn:ietf:params:xml:ns:dmarc-2.0";
}
