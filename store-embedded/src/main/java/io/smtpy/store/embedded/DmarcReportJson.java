package io.smtpy.store.embedded;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.net.InetAddresses;

import io.smtpy.core.dmarc.AggregateReport;
import io.smtpy.core.dmarc.Alignment;
import io.smtpy.core.dmarc.AuthResult;
import io.smtpy.core.dmarc.DkimAuthResult;
import io.smtpy.core.dmarc.Disposition;
import io.smtpy.core.dmarc.DmarcResult;
import io.smtpy.core.dmarc.Policy;
import io.smtpy.core.dmarc.PolicyPublished;
import io.smtpy.core.dmarc.ReportId;
import io.smtpy.core.dmarc.ReportRecord;
import io.smtpy.core.dmarc.ReportSchema;
import io.smtpy.core.dmarc.SpfAuthResult;
import io.smtpy.core.model.DomainName;

/**
 * A DMARC aggregate report as the JSON document of its {@code dmarc_reports} row. Written field by field (as
 * {@link JsonColumns} does), so renaming a model field cannot change the stored format; enum values are stored by
 * their constant names, instants as ISO-8601 text (nanoseconds kept), addresses in canonical text. An absent
 * optional value is an absent field.
 */
public final class DmarcReportJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DmarcReportJson() {
    }

    public static String write(AggregateReport report) {
        ObjectNode document = NODES.objectNode();
        document.put("schema", report.schema().name());
        document.put("orgName", report.orgName());
        report.email().ifPresent(email -> document.put("email", email));
        document.put("reportId", report.reportId().asString());
        document.put("begin", report.begin().toString());
        document.put("end", report.end().toString());
        report.generator().ifPresent(generator -> document.put("generator", generator));
        document.set("policyPublished", policy(report.policyPublished()));
        ArrayNode records = document.putArray("records");
        report.records().forEach(record -> records.add(record(record)));
        return JsonColumns.write(document);
    }

    private static ObjectNode policy(PolicyPublished policy) {
        ObjectNode node = NODES.objectNode();
        node.put("domain", policy.domain().asString());
        node.put("adkim", policy.adkim().name());
        node.put("aspf", policy.aspf().name());
        node.put("p", policy.p().name());
        policy.sp().ifPresent(sp -> node.put("sp", sp.name()));
        policy.pct().ifPresent(pct -> node.put("pct", pct));
        policy.np().ifPresent(np -> node.put("np", np.name()));
        node.put("testing", policy.testing());
        policy.discoveryMethod().ifPresent(method -> node.put("discoveryMethod", method));
        return node;
    }

    private static ObjectNode record(ReportRecord record) {
        ObjectNode node = NODES.objectNode();
        node.put("sourceIp", record.sourceIpText());
        node.put("count", record.count());
        node.put("disposition", record.disposition().name());
        node.put("dkim", record.dkim().name());
        node.put("spf", record.spf().name());
        node.put("headerFrom", record.headerFrom());
        record.envelopeFrom().ifPresent(from -> node.put("envelopeFrom", from));
        ArrayNode dkim = node.putArray("dkimResults");
        record.dkimResults().forEach(result -> {
            ObjectNode entry = dkim.addObject().put("domain", result.domain()).put("result", result.result().name());
            result.selector().ifPresent(selector -> entry.put("selector", selector));
        });
        ArrayNode spf = node.putArray("spfResults");
        record.spfResults().forEach(result -> spf.addObject().put("domain", result.domain()).put("result", result.result().name()));
        return node;
    }

    public static AggregateReport read(String json) {
        JsonNode document = JsonColumns.read(json);
        AggregateReport.Builder builder = AggregateReport.builder(document.path("orgName").asText(),
                ReportId.of(document.path("reportId").asText()),
                Instant.parse(document.path("begin").asText()),
                Instant.parse(document.path("end").asText()),
                policy(document.path("policyPublished")))
            .schema(ReportSchema.valueOf(document.path("schema").asText()));
        text(document, "email").ifPresent(builder::email);
        text(document, "generator").ifPresent(builder::generator);
        document.path("records").forEach(record -> builder.record(record(record)));
        return builder.build();
    }

    private static PolicyPublished policy(JsonNode node) {
        PolicyPublished.Builder builder = PolicyPublished.builder(DomainName.of(node.path("domain").asText()),
                Policy.valueOf(node.path("p").asText()))
            .adkim(Alignment.valueOf(node.path("adkim").asText()))
            .aspf(Alignment.valueOf(node.path("aspf").asText()))
            .testing(node.path("testing").asBoolean());
        text(node, "sp").map(Policy::valueOf).ifPresent(builder::sp);
        if (node.has("pct")) {
            builder.pct(node.path("pct").asInt());
        }
        text(node, "np").map(Policy::valueOf).ifPresent(builder::np);
        text(node, "discoveryMethod").ifPresent(builder::discoveryMethod);
        return builder.build();
    }

    private static ReportRecord record(JsonNode node) {
        ReportRecord.Builder builder = ReportRecord.builder(InetAddresses.forString(node.path("sourceIp").asText()), node.path("count").asLong())
            .evaluated(Disposition.valueOf(node.path("disposition").asText()), DmarcResult.valueOf(node.path("dkim").asText()),
                DmarcResult.valueOf(node.path("spf").asText()))
            .headerFrom(node.path("headerFrom").asText());
        text(node, "envelopeFrom").ifPresent(builder::envelopeFrom);
        node.path("dkimResults").forEach(result -> builder.dkim(new DkimAuthResult(result.path("domain").asText(),
            AuthResult.valueOf(result.path("result").asText()), text(result, "selector"))));
        node.path("spfResults").forEach(result -> builder.spf(new SpfAuthResult(result.path("domain").asText(),
            AuthResult.valueOf(result.path("result").asText()))));
        return builder.build();
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.has(field) && !node.get(field).isNull() ? Optional.of(node.get(field).asText()) : Optional.empty();
    }
}
