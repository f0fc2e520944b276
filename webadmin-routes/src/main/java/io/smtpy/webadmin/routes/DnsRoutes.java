package io.smtpy.webadmin.routes;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.dns.DnsCheckReport;
import io.smtpy.core.dns.DomainOnboarding;
import io.smtpy.core.dns.RecordCheck;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.NotFoundException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /smtpy/domains/{domain}/dns}: every DNS record the owner must publish for the domain, what DNS
 * answers now for each, and whether it is right. Answers {@code 503} while the operator has not said which MX
 * hosts and SPF include the installation uses ({@code dns.mx}, {@code dns.spfInclude} in smtpy.properties).
 */
public class DnsRoutes implements Routes {
    private static final String DNS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/dns";

    private final AliasDirectory directory;
    private final Optional<DomainOnboarding> onboarding;
    private final JsonTransformer json;

    @Inject
    public DnsRoutes(AliasDirectory directory, Optional<DomainOnboarding> onboarding, JsonTransformer json) {
        this.directory = directory;
        this.onboarding = onboarding;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return DomainRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        service.get(DNS, this::check, json);
    }

    private Object check(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        if (directory.domain(domain).isEmpty()) {
            throw new NotFoundException("domain " + domain + " does not exist");
        }
        DomainOnboarding check = onboarding.orElseThrow(() -> ErrorResponder.builder()
            .statusCode(HttpStatus.SERVICE_UNAVAILABLE_503)
            .type(ErrorResponder.ErrorType.SERVER_ERROR)
            .message("The DNS check is not configured: set dns.mx and dns.spfInclude in smtpy.properties")
            .haltError());
        return new DnsCheckDTO(check.check(domain));
    }

    /** The report as the API shows it. */
    public static class DnsCheckDTO {
        public final String domain;
        public final boolean ok;
        public final List<RecordDTO> records;

        DnsCheckDTO(DnsCheckReport report) {
            this.domain = report.domain().asString();
            this.ok = report.overallOk();
            this.records = report.checks().stream().map(RecordDTO::new).collect(Collectors.toList());
        }
    }

    /** One record to publish. */
    public static class RecordDTO {
        public final String kind;
        public final String type;
        public final String name;
        public final String expected;
        public final List<String> found;
        public final String status;
        public final String hint;

        RecordDTO(RecordCheck check) {
            this.kind = check.kind().name().toLowerCase(java.util.Locale.ROOT);
            this.type = check.kind().recordType();
            this.name = check.name();
            this.expected = check.expected();
            this.found = check.found();
            this.status = check.status().name().toLowerCase(java.util.Locale.ROOT);
            this.hint = check.hint();
        }
    }
}
