package io.smtpy.webadmin.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;

import io.smtpy.access.AccessId;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.Principal;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dkim.DkimRotationRun;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventPrivacy;
import io.smtpy.core.model.EventRetention;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.ForwardedSignatures;
import io.smtpy.core.model.ScanAction;
import io.smtpy.core.model.SpamSettings;
import io.smtpy.core.model.VirusSettings;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.model.RegexAlias;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.dto.CatchAllDTO;
import io.smtpy.webadmin.dto.DomainDTO;
import io.smtpy.webadmin.dto.RegexAliasDTO;
import io.smtpy.webadmin.dto.ResolutionDTO;
import io.smtpy.webadmin.guard.RequestContext;
import io.smtpy.access.Permission;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Domains and their domain-wide settings.
 * <ul>
 *   <li>{@code GET /smtpy/domains}: every domain</li>
 *   <li>{@code PUT /smtpy/domains/{domain}} (optional body {@code {"enabled", "keepSubaddressTag", "enforceDmarcReject",
 *       "forwardedSignatures"}}, the last {@code arc+dkim} (default), {@code arc} or {@code none}):
 *       create, with its DKIM keys (pending until their records are published); 409 if it exists</li>
 *   <li>{@code GET|PATCH|DELETE /smtpy/domains/{domain}}: read, change settings, delete with all its aliases</li>
 *   <li>{@code PUT|GET|DELETE /smtpy/domains/{domain}/catch-all}: set, read (404 when off), turn off</li>
 *   <li>{@code GET|PUT /smtpy/domains/{domain}/regex-aliases}: read, replace the whole ordered list</li>
 *   <li>{@code GET /smtpy/domains/{domain}/resolve/{localPart}}: what that address resolves to now, and why</li>
 * </ul>
 */
public class DomainRoutes implements PublicRoutes {
    public static final String BASE = "/smtpy/domains";
    private static final String DOMAIN = BASE + "/" + RequestValues.DOMAIN_PARAM;
    private static final String CATCH_ALL = DOMAIN + "/catch-all";
    private static final String REGEX_ALIASES = DOMAIN + "/regex-aliases";
    private static final String RESOLVE = DOMAIN + "/resolve/" + RequestValues.LOCAL_PART_PARAM;
    private static final Set<String> DOMAIN_FIELDS = Set.of("enabled", "keepSubaddressTag", "enforceDmarcReject",
        "forwardedSignatures", "archiveAddress", "blockLinks", "quarantineDigest", "spam", "virus", "eventRetentionDays", "legalHold", "eventPrivacy");
    private static final Set<String> SPAM_FIELDS = Set.of("enabled", "tagThreshold", "threshold", "action");
    private static final Set<String> VIRUS_FIELDS = Set.of("enabled", "action");
    private static final Set<String> CATCH_ALL_FIELDS = Set.of("destinations", "exceptions");
    private static final Set<String> EXCEPTION_FIELDS = Set.of("pattern", "action");
    private static final Set<String> REGEX_ALIAS_FIELDS = Set.of("pattern", "destinations", "priority", "description");

    private final AliasDirectory directory;
    private final DkimRotationRun dkim;
    private final AliasResolver resolver;
    private final JsonTransformer json;
    private final SmtpyGuard guard;
    private final AccessService access;

    @Inject
    public DomainRoutes(AliasDirectory directory, AliasResolver resolver, DkimRotationRun dkim, JsonTransformer json,
                        SmtpyGuard guard, AccessService access) {
        this.guard = guard;
        this.access = access;
        this.directory = directory;
        this.dkim = dkim;
        this.resolver = resolver;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        routes.get(BASE, Access.inAnyAccount(Permission.DOMAINS_READ)).summary("The domains the caller reaches")
            .to(this::listDomains, json);
        routes.put(DOMAIN, Access.onNewDomain(Permission.DOMAINS_WRITE)).summary("Create a domain (in ?account=, or the caller's only account)")
            .action("domain.create").snapshot(this::domainSnapshot).to(this::createDomain, json);
        routes.get(DOMAIN, Access.onDomain(Permission.DOMAINS_READ)).summary("Read a domain")
            .to((request, response) -> dto(requireDomain(RequestValues.domain(request))), json);
        routes.patch(DOMAIN, Access.onDomain(Permission.DOMAINS_WRITE)).summary("Change a domain's settings")
            .action("domain.update").snapshot(this::domainSnapshot).to(this::updateDomain, json);
        routes.delete(DOMAIN, Access.onDomain(Permission.DOMAINS_WRITE)).summary("Delete a domain and all its aliases")
            .action("domain.delete").snapshot(this::domainSnapshot).to(this::deleteDomain);

        routes.put(CATCH_ALL, Access.onDomain(Permission.ALIASES_WRITE)).summary("Set the catch-all")
            .action("catch-all.set").snapshot(this::catchAllSnapshot).to(this::setCatchAll, json);
        routes.get(CATCH_ALL, Access.onDomain(Permission.ALIASES_READ)).summary("Read the catch-all").to(this::catchAll, json);
        routes.delete(CATCH_ALL, Access.onDomain(Permission.ALIASES_WRITE)).summary("Turn the catch-all off")
            .action("catch-all.delete").snapshot(this::catchAllSnapshot).to(this::removeCatchAll);

        routes.get(REGEX_ALIASES, Access.onDomain(Permission.ALIASES_READ)).summary("Read the regex aliases")
            .to((request, response) -> regexAliases(requireDomain(RequestValues.domain(request))), json);
        routes.put(REGEX_ALIASES, Access.onDomain(Permission.ALIASES_WRITE)).summary("Replace the regex aliases")
            .action("regex-aliases.set").snapshot(request -> directory.domain(RequestValues.domain(request))
                .map(domain -> (Object) regexAliases(domain)))
            .to(this::setRegexAliases, json);

        routes.get(RESOLVE, Access.onDomain(Permission.ALIASES_READ)).summary("What an address resolves to now, and why")
            .to(this::resolve, json);
    }

    private Optional<Object> domainSnapshot(Request request) {
        return directory.domain(RequestValues.domain(request)).map(this::dto);
    }

    private Optional<Object> catchAllSnapshot(Request request) {
        return directory.domain(RequestValues.domain(request)).flatMap(Domain::catchAll).map(CatchAllDTO::new);
    }

    /** Only the domains the caller reaches and may read; the operator sees every domain. */
    private List<DomainDTO> listDomains(Request request, Response response) {
        Principal principal = RequestContext.of(request).principal();
        return directory.domains().stream()
            .filter(domain -> {
                AccessId owner = access.ownerOf(domain.name());
                return principal.may(Permission.DOMAINS_READ, owner, Optional.of(domain.name()));
            })
            .map(this::dto)
            .collect(Collectors.toList());
    }

    private DomainDTO dto(Domain domain) {
        return new DomainDTO(domain, directory.aliasCount(domain.name()));
    }

    private Domain requireDomain(DomainName name) {
        return directory.domain(name).orElseThrow(() -> new NotFoundException("domain " + name + " does not exist"));
    }

    private Object createDomain(Request request, Response response) {
        DomainName name = RequestValues.domain(request);
        JsonBody body = JsonBody.parse(request.body(), DOMAIN_FIELDS);
        Optional<Boolean> enabled = body.bool("enabled");
        Optional<Boolean> keepTag = body.bool("keepSubaddressTag");
        Optional<Boolean> enforceDmarcReject = body.bool("enforceDmarcReject");
        Optional<ForwardedSignatures> signatures = forwardedSignatures(body);
        Optional<Optional<Destination>> archive = archiveAddress(body);
        Optional<Boolean> blockLinks = body.bool("blockLinks");
        Optional<Boolean> quarantineDigest = body.bool("quarantineDigest");
        SpamSettings spam = spamSettings(body, SpamSettings.DEFAULT);
        VirusSettings virus = virusSettings(body, VirusSettings.DEFAULT);
        EventRetention retention = eventRetention(body, EventRetention.DEFAULT);
        Optional<EventPrivacy> privacy = eventPrivacy(body);
        Domain created = directory.createDomain(name, builder -> builder
            .spam(spam)
            .virus(virus)
            .eventRetention(retention)
            .eventPrivacy(privacy.orElse(EventPrivacy.FULL))
            .enabled(enabled.orElse(true))
            .keepSubaddressTag(keepTag.orElse(false))
            .enforceDmarcReject(enforceDmarcReject.orElse(false))
            .forwardedSignatures(signatures.orElse(ForwardedSignatures.ARC_AND_DKIM))
            .archiveAddress(archive.orElse(Optional.empty()))
            .blockLinks(blockLinks.orElse(true))
            .quarantineDigest(quarantineDigest.orElse(true)));
        access.stores().ownership().assign(name, RequestContext.of(request).account());
        // The keys exist (pending) at once, so the DNS check can list their records before the first scheduled run.
        if (created.enabled()) {
            dkim.ensureKeys(name);
        }
        response.status(HttpStatus.CREATED_201);
        return dto(created);
    }

    /** Absent: unchanged; {@code null}: no archive. */
    private static Optional<Optional<Destination>> archiveAddress(JsonBody body) {
        return body.nullableText("archiveAddress").map(value -> value.map(
            address -> RequestValues.destinations(List.of(address), "archiveAddress").get(0)));
    }

    /**
     * {@code "spam":{"enabled","tagThreshold","threshold","action"}}: the fields given change {@code current}, the others
     * keep their value; the thresholds are checked together (the tag threshold may not be above the acting one).
     */
    private static SpamSettings spamSettings(JsonBody body, SpamSettings current) {
        Optional<JsonNode> node = body.object("spam");
        if (node.isEmpty()) {
            return current;
        }
        JsonBody spam = JsonBody.of(node.get(), "spam", SPAM_FIELDS);
        ScanAction action = spam.text("action").map(value -> scanAction(value, "spam.action")).orElse(current.action());
        try {
            return new SpamSettings(spam.bool("enabled").orElse(current.enabled()),
                spam.number("tagThreshold").orElse(current.tagThreshold()), spam.number("threshold").orElse(current.threshold()), action);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(e.getMessage().startsWith("tagThreshold") ? "spam.tagThreshold" : "spam.threshold", e.getMessage());
        }
    }

    /** {@code "virus":{"enabled","action"}}; {@code action} is reject, quarantine or drop (infected mail is never only tagged). */
    private static VirusSettings virusSettings(JsonBody body, VirusSettings current) {
        Optional<JsonNode> node = body.object("virus");
        if (node.isEmpty()) {
            return current;
        }
        JsonBody virus = JsonBody.of(node.get(), "virus", VIRUS_FIELDS);
        ScanAction action = virus.text("action").map(value -> scanAction(value, "virus.action")).orElse(current.action());
        try {
            return new VirusSettings(virus.bool("enabled").orElse(current.enabled()), action);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("virus.action", e.getMessage());
        }
    }

    /** {@code "eventRetentionDays"} (1 to 3650) and {@code "legalHold"}: the fields given change {@code current}. */
    private static EventRetention eventRetention(JsonBody body, EventRetention current) {
        Optional<Integer> days = body.integer("eventRetentionDays");
        Optional<Boolean> legalHold = body.bool("legalHold");
        try {
            return new EventRetention(days.orElse(current.days()), legalHold.orElse(current.legalHold()));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("eventRetentionDays", e.getMessage());
        }
    }

    private static Optional<EventPrivacy> eventPrivacy(JsonBody body) {
        return body.text("eventPrivacy").map(value -> EventPrivacy.parse(value, "eventPrivacy"));
    }

    private static ScanAction scanAction(String value, String field) {
        try {
            return ScanAction.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, e.getMessage());
        }
    }

    private static Optional<ForwardedSignatures> forwardedSignatures(JsonBody body) {
        return body.text("forwardedSignatures").map(value -> ForwardedSignatures.parse(value, "forwardedSignatures"));
    }

    private Object updateDomain(Request request, Response response) {
        DomainName name = RequestValues.domain(request);
        JsonBody body = JsonBody.parse(request.body(), DOMAIN_FIELDS);
        Optional<Boolean> enabled = body.bool("enabled");
        Optional<Boolean> keepTag = body.bool("keepSubaddressTag");
        Optional<Boolean> enforceDmarcReject = body.bool("enforceDmarcReject");
        Optional<ForwardedSignatures> signatures = forwardedSignatures(body);
        Optional<Optional<Destination>> archive = archiveAddress(body);
        Optional<Boolean> blockLinks = body.bool("blockLinks");
        Optional<Boolean> quarantineDigest = body.bool("quarantineDigest");
        Domain current = requireDomain(name);
        SpamSettings spam = spamSettings(body, current.spam());
        VirusSettings virus = virusSettings(body, current.virus());
        EventRetention retention = eventRetention(body, current.eventRetention());
        Optional<EventPrivacy> privacy = eventPrivacy(body);
        Domain updated = directory.updateDomain(name, builder -> {
            builder.spam(spam).virus(virus).eventRetention(retention);
            privacy.ifPresent(builder::eventPrivacy);
            archive.ifPresent(builder::archiveAddress);
            blockLinks.ifPresent(builder::blockLinks);
            quarantineDigest.ifPresent(builder::quarantineDigest);
            enabled.ifPresent(builder::enabled);
            keepTag.ifPresent(builder::keepSubaddressTag);
            enforceDmarcReject.ifPresent(builder::enforceDmarcReject);
            signatures.ifPresent(builder::forwardedSignatures);
            return builder;
        });
        return dto(updated);
    }

    private Object deleteDomain(Request request, Response response) {
        DomainName name = RequestValues.domain(request);
        if (!directory.deleteDomain(name)) {
            throw new NotFoundException("domain " + name + " does not exist");
        }
        access.stores().ownership().release(name);
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object setCatchAll(Request request, Response response) {
        DomainName name = RequestValues.domain(request);
        JsonBody body = JsonBody.parse(request.body(), CATCH_ALL_FIELDS);
        List<String> destinations = body.requiredStringList("destinations");
        List<CatchAll.ExceptionRule> exceptions = new ArrayList<>();
        List<JsonNode> items = body.array("exceptions").orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            String field = "exceptions[" + i + "]";
            JsonBody item = JsonBody.of(items.get(i), field, EXCEPTION_FIELDS);
            LocalPartPattern pattern;
            ExceptionAction action;
            try {
                pattern = LocalPartPattern.of(item.requiredText("pattern"));
            } catch (InvalidFieldException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field + ".pattern", e.getMessage());
            }
            try {
                action = ExceptionAction.parse(item.requiredText("action"));
            } catch (InvalidFieldException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field + ".action", e.getMessage());
            }
            exceptions.add(new CatchAll.ExceptionRule(pattern, action));
        }
        CatchAll catchAll = new CatchAll(RequestValues.destinations(destinations, "destinations"), exceptions);
        Domain updated = directory.setCatchAll(name, Optional.of(catchAll));
        return new CatchAllDTO(updated.catchAll().orElseThrow());
    }

    private Object catchAll(Request request, Response response) {
        DomainName name = RequestValues.domain(request);
        return requireDomain(name).catchAll()
            .map(CatchAllDTO::new)
            .orElseThrow(() -> new NotFoundException("domain " + name + " has no catch-all"));
    }

    private Object removeCatchAll(Request request, Response response) {
        directory.setCatchAll(RequestValues.domain(request), Optional.empty());
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private List<RegexAliasDTO> regexAliases(Domain domain) {
        return domain.regexAliases().stream().map(RegexAliasDTO::new).collect(Collectors.toList());
    }

    private Object setRegexAliases(Request request, Response response) {
        DomainName name = RequestValues.domain(request);
        List<JsonNode> items = JsonBody.parseArray(request.body());
        List<RegexAlias> regexAliases = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = "[" + i + "]";
            JsonBody item = JsonBody.of(items.get(i), field, REGEX_ALIAS_FIELDS);
            String pattern = item.requiredText("pattern");
            List<String> destinations = item.requiredStringList("destinations");
            int priority = item.integer("priority").orElse(i);
            String description = item.text("description").orElse("");
            try {
                regexAliases.add(RegexAlias.of(pattern, destinations, priority, description, directory.limits()));
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException(field + "." + e.field(), e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field + ".destinations", e.getMessage());
            }
        }
        return regexAliases(directory.setRegexAliases(name, regexAliases));
    }

    private Object resolve(Request request, Response response) {
        DomainName name = RequestValues.domain(request);
        requireDomain(name);
        String localPart = request.params(RequestValues.LOCAL_PART_PARAM);
        return new ResolutionDTO(localPart + "@" + name.asString(), resolver.resolve(name, localPart));
    }
}
