package io.smtpy.webadmin.routes;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.dkim.DkimKeyRotation;
import io.smtpy.core.dns.DkimRecord;
import io.smtpy.core.dns.DnsCheckReport;
import io.smtpy.core.dns.DomainOnboarding;
import io.smtpy.core.dns.RecordCheck;
import io.smtpy.core.model.DnsVerification;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.dto.DomainDTO;
import io.smtpy.access.Permission;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The DNS records a domain's owner must publish.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/dns}: every record (MX, SPF include, one DKIM TXT per key that must be
 *       published now — pending, active and retiring —, DMARC with our report address, ownership token), what DNS
 *       answers now for each, and whether it is right</li>
 *   <li>{@code POST /smtpy/domains/{domain}/dns/verify}: the same check, whose outcome is then kept on the domain
 *       ({@code dnsVerification} of {@code GET /smtpy/domains/{domain}}) and returned with the report</li>
 * </ul>
 * Both answer {@code 503} while the operator has not said which MX hosts and SPF include the installation uses
 * ({@code dns.mx}, {@code dns.spfInclude} in smtpy.properties).
 */
public class DnsRoutes implements PublicRoutes {
    private static final String DNS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/dns";
    private static final String VERIFY = DNS + "/verify";

    private final AliasDirectory directory;
    private final Optional<DomainOnboarding> onboarding;
    private final DkimKeyRotation dkim;
    private final JsonTransformer json;

    private final SmtpyGuard guard;

    @Inject
    public DnsRoutes(AliasDirectory directory, Optional<DomainOnboarding> onboarding, DkimKeyRotation dkim,
                     JsonTransformer json, SmtpyGuard guard) {
        this.guard = guard;
        this.directory = directory;
        this.onboarding = onboarding;
        this.dkim = dkim;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return DomainRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        routes.get(DNS, Access.onDomain(Permission.DOMAINS_READ)).summary("The DNS records to publish, checked now")
            .to((request, response) -> new DnsCheckDTO(check(RequestValues.domain(request)), Optional.empty()), json);
        routes.post(VERIFY, Access.onDomain(Permission.DOMAINS_WRITE)).summary("Check the records and keep the outcome on the domain")
            .action("dns.verify").to(this::verify, json);
    }

    private DnsCheckReport check(DomainName domain) {
        if (directory.domain(domain).isEmpty()) {
            throw new NotFoundException("domain " + domain + " does not exist");
        }
        DomainOnboarding check = onboarding.orElseThrow(() -> ErrorResponder.builder()
            .statusCode(HttpStatus.SERVICE_UNAVAILABLE_503)
            .type(ErrorResponder.ErrorType.SERVER_ERROR)
            .message("The DNS check is not configured: set dns.mx and dns.spfInclude in smtpy.properties")
            .haltError());
        List<DkimRecord> dkimRecords = dkim.publishedKeys(domain).stream()
            .map(key -> DkimRecord.of(key.recordName(), key.txtRecord()))
            .collect(Collectors.toList());
        return check.check(domain, dkimRecords);
    }

    private Object verify(Request request, Response response) {
        DomainName name = RequestValues.domain(request);
        DnsCheckReport report = check(name);
        DnsVerification verification = report.asVerification(directory.clock().instant());
        Domain updated = directory.updateDomain(name, builder -> builder.dnsVerification(Optional.of(verification)));
        return new DnsCheckDTO(report, updated.dnsVerification().map(DomainDTO.DnsVerificationDTO::new));
    }

    /** The report as the API shows it; {@code verification} only in the answer of {@code POST .../verify}. */
    public static class DnsCheckDTO {
        public final String domain;
        public final boolean ok;
        public final List<RecordDTO> records;
        public final DomainDTO.DnsVerificationDTO verification;

        DnsCheckDTO(DnsCheckReport report, Optional<DomainDTO.DnsVerificationDTO> verification) {
            this.domain = report.domain().asString();
            this.ok = report.overallOk();
            this.records = report.checks().stream().map(RecordDTO::new).collect(Collectors.toList());
            this.verification = verification.orElse(null);
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
            this.kind = check.kind().name().toLowerCase(Locale.ROOT);
            this.type = check.kind().recordType();
            this.name = check.name();
            this.expected = check.expected();
            this.found = check.found();
            this.status = check.status().name().toLowerCase(Locale.ROOT);
            this.hint = check.hint();
        }
    }
}
