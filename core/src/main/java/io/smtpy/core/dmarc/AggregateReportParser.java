package io.smtpy.core.dmarc;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.google.common.net.InetAddresses;

import io.smtpy.core.dmarc.ReportParseException.Reason;
import io.smtpy.core.model.DomainName;

/**
 * Reads a DMARC aggregate report from an attachment as received (zip, gzip or XML, see {@link ReportAttachment}),
 * streaming, within {@link ReportLimits}. Thread-safe.
 *
 * <p>XML is read with the JDK's StAX reader, DTDs and external entities off; a document with a DOCTYPE is refused
 * ({@link Reason#DOCTYPE}) rather than read without it, so an XXE attempt shows as one. Elements are matched by
 * local name, whatever their namespace, so RFC 7489 reports (no namespace or {@code dmarc.org}'s) and DMARCbis
 * reports ({@value ReportSchema#DMARC_2_NAMESPACE}) are read by the same code; unknown elements are skipped.
 *
 * <p>Tolerated defects seen in the wild: no {@code record} at all (Microsoft), {@code identities} for
 * {@code identifiers} (Microsoft), results outside the schema in {@code auth_results} (they become
 * {@link AuthResult#UNKNOWN}), no {@code auth_results}, no {@code email}, empty optional elements. Refused: a
 * missing or unreadable required field (org_name, report_id, date_range, policy domain and p, and per record
 * source_ip, count, disposition, dkim, spf, header_from), since a report without them cannot be counted or shown.
 */
public final class AggregateReportParser {
    private final ReportLimits limits;

    public AggregateReportParser() {
        this(ReportLimits.DEFAULT);
    }

    public AggregateReportParser(ReportLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads one report. Does not close {@code attachment}.
     *
     * @throws ReportParseException when the attachment is not accepted, with the reason
     */
    public AggregateReport parse(InputStream attachment) throws ReportParseException {
        return ReportAttachment.read(attachment, limits, this::parseXml);
    }

    private AggregateReport parseXml(InputStream xml) throws ReportParseException, IOException {
        try {
            XMLStreamReader reader = factory().createXMLStreamReader(xml);
            try {
                return readFeedback(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            Optional<ReportParseException> refusal = ReportAttachment.refusal(e);
            if (refusal.isPresent()) {
                throw refusal.get();
            }
            throw new ReportParseException(Reason.MALFORMED_XML, String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        }
    }

    private static XMLInputFactory factory() {
        // The JDK's own implementation, whatever else is on the class path, so the settings below are known to hold.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    private AggregateReport readFeedback(XMLStreamReader reader) throws XMLStreamException, ReportParseException {
        int event = next(reader);
        while (event != XMLStreamConstants.START_ELEMENT) {
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new ReportParseException(Reason.NOT_A_REPORT, "the document has no element");
            }
            event = next(reader);
        }
        if (!reader.getLocalName().equals("feedback")) {
            throw new ReportParseException(Reason.NOT_A_REPORT, "the root element is <" + ReportParseException.quote(reader.getLocalName())
                + ">, not <feedback>");
        }
        checkAttributes(reader);
        ReportSchema schema = ReportSchema.DMARC_2_NAMESPACE.equals(reader.getNamespaceURI()) ? ReportSchema.DMARC_2 : ReportSchema.RFC_7489;

        Optional<Element> metadata = Optional.empty();
        Optional<Element> policy = Optional.empty();
        List<ReportRecord> records = new ArrayList<>();
        while ((event = next(reader)) != XMLStreamConstants.END_ELEMENT) {
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            Element section = readSection(reader);
            if (section.name.equals("report_metadata") && metadata.isEmpty()) {
                metadata = Optional.of(section);
            } else if (section.name.equals("policy_published") && policy.isEmpty()) {
                policy = Optional.of(section);
            } else if (section.name.equals("record")) {
                if (records.size() == limits.maxRecords()) {
                    throw new ReportParseException(Reason.TOO_MANY_RECORDS, "more than " + limits.maxRecords() + " records");
                }
                records.add(toRecord(section, records.size() + 1));
            }
        }
        while (reader.hasNext()) {
            next(reader);
        }

        Element meta = metadata.orElseThrow(() -> notAReport("no report_metadata"));
        Element dateRange = meta.required("date_range", "report_metadata");
        ReportId reportId;
        try {
            reportId = ReportId.of(meta.requiredText("report_id", "report_metadata"));
        } catch (IllegalArgumentException e) {
            throw notAReport("report_metadata/report_id: " + e.getMessage());
        }
        AggregateReport.Builder report = AggregateReport.builder(meta.requiredText("org_name", "report_metadata"), reportId,
                epochSeconds(dateRange, "begin"), epochSeconds(dateRange, "end"),
                toPolicy(policy.orElseThrow(() -> notAReport("no policy_published"))))
            .schema(schema)
            .records(records);
        meta.text("email").ifPresent(report::email);
        meta.text("generator").ifPresent(report::generator);
        return report.build();
    }

    /** The next event, refusing a DTD or an entity reference wherever it comes. */
    private static int next(XMLStreamReader reader) throws XMLStreamException, ReportParseException {
        int event = reader.next();
        if (event == XMLStreamConstants.DTD) {
            throw new ReportParseException(Reason.DOCTYPE, "a DOCTYPE is not accepted (no DTD, no external entity)");
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new ReportParseException(Reason.DOCTYPE, "entity reference &" + ReportParseException.quote(reader.getLocalName())
                + "; is not accepted");
        }
        return event;
    }

    private void checkAttributes(XMLStreamReader reader) throws ReportParseException {
        if (reader.getAttributeCount() > limits.maxAttributes()) {
            throw new ReportParseException(Reason.TOO_COMPLEX, "more than " + limits.maxAttributes() + " attributes on <"
                + ReportParseException.quote(reader.getLocalName()) + ">");
        }
    }

    /**
     * Reads the element the reader is on, a child of {@code feedback}, into a small tree. One section at a time is
     * in memory; its size is bounded by the element, depth and text limits.
     */
    private Element readSection(XMLStreamReader reader) throws XMLStreamException, ReportParseException {
        checkAttributes(reader);
        Element section = new Element(reader.getLocalName());
        Deque<Element> open = new ArrayDeque<>();
        open.push(section);
        int elements = 1;
        while (!open.isEmpty()) {
            int event = next(reader);
            switch (event) {
                case XMLStreamConstants.START_ELEMENT:
                    elements++;
                    if (elements > limits.maxElementsPerSection()) {
                        throw new ReportParseException(Reason.TOO_COMPLEX, "more than " + limits.maxElementsPerSection()
                            + " elements in one <" + section.name + ">");
                    }
                    // feedback is at depth 1, the section at 2: the new element is at 1 + open elements.
                    if (open.size() + 2 > limits.maxDepth()) {
                        throw new ReportParseException(Reason.TOO_COMPLEX, "elements nested deeper than " + limits.maxDepth());
                    }
                    checkAttributes(reader);
                    Element child = new Element(reader.getLocalName());
                    open.peek().children.add(child);
                    open.push(child);
                    break;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    Element current = open.peek();
                    if (current.text.length() + reader.getTextLength() > limits.maxTextLength()) {
                        throw new ReportParseException(Reason.TOO_COMPLEX, "more than " + limits.maxTextLength()
                            + " characters of text in <" + current.name + ">");
                    }
                    current.text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    break;
                case XMLStreamConstants.END_ELEMENT:
                    open.pop();
                    break;
                default:
                    break;
            }
        }
        return section;
    }

    private static PolicyPublished toPolicy(Element policy) throws ReportParseException {
        String where = "policy_published";
        DomainName domain;
        try {
            domain = DomainName.of(policy.requiredText("domain", where));
        } catch (IllegalArgumentException e) {
            throw notAReport(where + "/domain: " + e.getMessage());
        }
        PolicyPublished.Builder published = PolicyPublished.builder(domain,
            enumValue(policy.requiredText("p", where), Policy::parse, where + "/p"));
        Optional<String> adkim = policy.text("adkim");
        if (adkim.isPresent()) {
            published.adkim(enumValue(adkim.get(), Alignment::parse, where + "/adkim"));
        }
        Optional<String> aspf = policy.text("aspf");
        if (aspf.isPresent()) {
            published.aspf(enumValue(aspf.get(), Alignment::parse, where + "/aspf"));
        }
        Optional<String> sp = policy.text("sp");
        if (sp.isPresent()) {
            published.sp(enumValue(sp.get(), Policy::parse, where + "/sp"));
        }
        Optional<String> np = policy.text("np");
        if (np.isPresent()) {
            published.np(enumValue(np.get(), Policy::parse, where + "/np"));
        }
        Optional<String> pct = policy.text("pct");
        if (pct.isPresent()) {
            try {
                published.pct(Integer.parseInt(pct.get()));
            } catch (IllegalArgumentException e) {
                throw notAReport(where + "/pct is not a percentage: " + ReportParseException.quote(pct.get()));
            }
        }
        policy.text("testing").ifPresent(testing -> published.testing(testing.equalsIgnoreCase("y")));
        Optional<String> discovery = policy.text("discovery_method");
        if (discovery.isPresent()) {
            if (discovery.get().length() > 32) {
                throw notAReport(where + "/discovery_method is too long");
            }
            published.discoveryMethod(discovery.get());
        }
        return published.build();
    }

    private static ReportRecord toRecord(Element record, int number) throws ReportParseException {
        String where = "record " + number;
        Element row = record.required("row", where);
        String ipText = row.requiredText("source_ip", where + ": row");
        InetAddress ip;
        try {
            // A literal only: InetAddress.getByName would ask the DNS for a name.
            ip = InetAddresses.forString(ipText);
        } catch (IllegalArgumentException e) {
            throw notAReport(where + ": row/source_ip is not an IP address: " + ReportParseException.quote(ipText));
        }
        String countText = row.requiredText("count", where + ": row");
        long count;
        try {
            count = Long.parseLong(countText);
        } catch (NumberFormatException e) {
            throw notAReport(where + ": row/count is not a number: " + ReportParseException.quote(countText));
        }
        if (count < 0) {
            throw notAReport(where + ": row/count is negative");
        }
        Element evaluated = row.required("policy_evaluated", where + ": row");
        String evaluatedWhere = where + ": row/policy_evaluated";
        ReportRecord.Builder built = ReportRecord.builder(ip, count).evaluated(
            enumValue(evaluated.requiredText("disposition", evaluatedWhere), Disposition::parse, evaluatedWhere + "/disposition"),
            enumValue(evaluated.requiredText("dkim", evaluatedWhere), DmarcResult::parse, evaluatedWhere + "/dkim"),
            enumValue(evaluated.requiredText("spf", evaluatedWhere), DmarcResult::parse, evaluatedWhere + "/spf"));

        Element identifiers = record.child("identifiers")
            .or(() -> record.child("identities"))
            .orElseThrow(() -> notAReport(where + ": no identifiers"));
        built.headerFrom(identifiers.requiredText("header_from", where + ": identifiers"));
        identifiers.text("envelope_from").ifPresent(built::envelopeFrom);

        Optional<Element> auth = record.child("auth_results");
        if (auth.isPresent()) {
            for (Element dkim : auth.get().children("dkim")) {
                built.dkim(new DkimAuthResult(dkim.text("domain").orElse(""), AuthResult.parse(dkim.text("result").orElse("")),
                    dkim.text("selector")));
            }
            for (Element spf : auth.get().children("spf")) {
                built.spf(new SpfAuthResult(spf.text("domain").orElse(""), AuthResult.parse(spf.text("result").orElse(""))));
            }
        }
        return built.build();
    }

    private static Instant epochSeconds(Element dateRange, String name) throws ReportParseException {
        String text = dateRange.requiredText(name, "report_metadata/date_range");
        try {
            return Instant.ofEpochSecond(Long.parseLong(text));
        } catch (NumberFormatException | DateTimeException e) {
            throw notAReport("report_metadata/date_range/" + name + " is not seconds since the epoch: " + ReportParseException.quote(text));
        }
    }

    private static <E> E enumValue(String text, Function<String, Optional<E>> parse, String where) throws ReportParseException {
        Optional<E> value = parse.apply(text);
        if (value.isEmpty()) {
            throw notAReport(where + " has an unknown value " + ReportParseException.quote(text));
        }
        return value.get();
    }

    private static ReportParseException notAReport(String message) {
        return new ReportParseException(Reason.NOT_A_REPORT, message);
    }

    /** An element of a section: local name, text, children. */
    private static final class Element {
        private final String name;
        private final StringBuilder text = new StringBuilder();
        private final List<Element> children = new ArrayList<>();

        Element(String name) {
            this.name = name;
        }

        Optional<Element> child(String wanted) {
            return children.stream().filter(child -> child.name.equals(wanted)).findFirst();
        }

        List<Element> children(String wanted) {
            List<Element> found = new ArrayList<>();
            for (Element child : children) {
                if (child.name.equals(wanted)) {
                    found.add(child);
                }
            }
            return found;
        }

        Element required(String wanted, String where) throws ReportParseException {
            return child(wanted).orElseThrow(() -> notAReport(where + ": no " + wanted));
        }

        /** The trimmed text of a child; empty when there is no such child or it holds only white space. */
        Optional<String> text(String wanted) {
            return child(wanted).map(child -> child.text.toString().trim()).filter(value -> !value.isEmpty());
        }

        String requiredText(String wanted, String where) throws ReportParseException {
            return text(wanted).orElseThrow(() -> notAReport(where + ": no " + wanted));
        }
    }
}
