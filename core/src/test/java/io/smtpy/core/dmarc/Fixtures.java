package io.smtpy.core.dmarc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The reports in {@code src/test/resources/dmarc/}, named as their senders name them. */
final class Fixtures {
    /** Google: a zip holding one XML. */
    static final String GOOGLE_ZIP = "google.com!example.com!1700006400!1700092799.zip";
    /** Yahoo: gzip. */
    static final String YAHOO_GZ = "yahoo.com!example.com!1700006400!1700092799.xml.gz";
    /** Microsoft: gzip, {@code identities} instead of {@code identifiers}, {@code spf result=unknown}, an IPv6 source. */
    static final String MICROSOFT_GZ = "enterprise.protection.outlook.com!example.com!1700006400!1700092799.xml.gz";
    /** Microsoft: a report without any record. */
    static final String MICROSOFT_NO_RECORD = "outlook-no-record!example.com!1700006400!1700092799.xml";
    /** Named {@code .xml.zip}, but gzip inside. */
    static final String GZIP_NAMED_ZIP = "amazonses.com!example.com!1700006400!1700092799.xml.zip";
    /** Plain XML, five records, two IPv6 sources that are one address written two ways. */
    static final String PLAIN_XML = "mail.provider.example!example.com!1700092800!1700179199!77a1b2.xml";
    /** The DMARCbis namespace. */
    static final String DMARC_2 = "dmarc2.example!example.com!1700092800!1700179199.xml";

    private Fixtures() {
    }

    static InputStream open(String name) {
        InputStream in = Fixtures.class.getResourceAsStream("/dmarc/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        return in;
    }

    static byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AggregateReport parse(String name) throws ReportParseException {
        try (InputStream in = open(name)) {
            return new AggregateReportParser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
