package io.smtpy.webadmin.routes;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.AccessId;
import io.smtpy.access.Permission;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.sending.reverse.ReplySettings;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliases;
import io.smtpy.webadmin.dto.ReverseAliasDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Replies through an alias ({@link ReverseAliases}): the settings that make forwarded copies carry a reverse alias in
 * {@code Reply-To}, and the reverse aliases made so far.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/reply-through-alias} → {@code {"domain", "replyThroughAlias", "aliases":
 *   [{"alias", "replyThroughAlias"}]}}; {@code PUT} the same path {@code {"replyThroughAlias": true|false}} (off by
 *   default: it changes the forwarded message)</li>
 *   <li>{@code PUT /smtpy/domains/{domain}/aliases/{localPart}/reply-through-alias} {@code {"replyThroughAlias": true|false}}:
 *   the alias's own setting; {@code DELETE}: it follows the domain's again</li>
 *   <li>{@code GET /smtpy/domains/{domain}/reverse-aliases?alias=&limit=&offset=} → {@code {"items": [...], "limit",
 *   "offset"}}, oldest first; {@code GET .../reverse-aliases/{id}}</li>
 *   <li>{@code PATCH .../reverse-aliases/{id}} {@code {"enabled": false}}: mail to it is refused ({@code 550 5.1.1}) and
 *   copies no longer carry it; {@code DELETE .../reverse-aliases/{id}}: gone (the next mail from that sender gets a new one)</li>
 * </ul>
 * Reading needs {@code aliases:read}, changes {@code aliases:write} on the domain; changes are audited.
 */
public class ReverseAliasRoutes implements PublicRoutes {
    private static final String SETTINGS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/reply-through-alias";
    private static final String ALIAS_SETTING = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/aliases/"
        + RequestValues.LOCAL_PART_PARAM + "/reply-through-alias";
    private static final String REVERSE_ALIASES = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/reverse-aliases";
    private static final String ID_PARAM = ":id";
    private static final String ITEM = REVERSE_ALIASES + "/" + ID_PARAM;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final String FIELD = "replyThroughAlias";

    private final AliasDirectory directory;
    private final ReverseAliases reverseAliases;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public ReverseAliasRoutes(AliasDirectory directory, ReverseAliases reverseAliases, SmtpyGuard guard, JsonTransformer json) {
        this.directory = directory;
        this.reverseAliases = reverseAliases;
        this.guard = guard;
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
        Access read = Access.onDomain(Permission.ALIASES_READ);
        Access write = Access.onDomain(Permission.ALIASES_WRITE);
        routes.get(SETTINGS, read).summary("Whether the domain's forwarded mail, and each alias's, carries a reverse alias in Reply-To")
            .to(this::settings, json);
        routes.put(SETTINGS, write).summary("Turn replies through the alias on or off for the domain (off by default)")
            .action("reply-through-alias.set").snapshot(request -> Optional.of(settings(request, null))).to(this::setDomain, json);
        routes.put(ALIAS_SETTING, write).summary("Turn replies through the alias on or off for one alias, whatever the domain says")
            .action("reply-through-alias.alias.set").snapshot(this::aliasSnapshot).to(this::setAlias, json);
        routes.delete(ALIAS_SETTING, write).summary("An alias's replies through the alias follow the domain's setting again")
            .action("reply-through-alias.alias.delete").snapshot(this::aliasSnapshot).to(this::clearAlias);
        routes.get(REVERSE_ALIASES, read).summary("The domain's reverse aliases (reply addresses), oldest first")
            .to(this::list, json);
        routes.get(ITEM, read).summary("A reverse alias").to(this::read, json);
        routes.patch(ITEM, write).summary("Disable or enable a reverse alias")
            .action("reverse-alias.update").snapshot(this::snapshot).to(this::update, json);
        routes.delete(ITEM, write).summary("Delete a reverse alias")
            .action("reverse-alias.delete").snapshot(this::snapshot).to(this::delete);
    }

    private DomainName domain(Request request) {
        return RequestValues.existingDomain(request, directory);
    }

    /** The path's alias, which must exist (404 otherwise). */
    private LocalPart alias(Request request) {
        return RequestValues.existingAlias(request, directory).localPart();
    }

    private static AccessId id(Request request) {
        return RequestValues.pathId(request, ID_PARAM, () -> notFound(request));
    }

    private static NotFoundException notFound(Request request) {
        return new NotFoundException("reverse alias " + request.params(ID_PARAM) + " does not exist");
    }

    private ReverseAlias reverseAlias(Request request) {
        return reverseAliases.find(domain(request), id(request)).orElseThrow(() -> notFound(request));
    }

    private Optional<Object> snapshot(Request request) {
        return Optional.of(new ReverseAliasDTO(reverseAlias(request)));
    }

    private Optional<Object> aliasSnapshot(Request request) {
        LocalPart alias = alias(request);
        return Optional.of(ReverseAliasDTO.AliasSettingDTO.of(alias.asString(), reverseAliases.settings(domain(request)), alias));
    }

    private Object settings(Request request, Response response) {
        DomainName domain = domain(request);
        return new ReverseAliasDTO.SettingsDTO(domain, reverseAliases.settings(domain));
    }

    private static boolean requiredSetting(Request request) {
        return JsonBody.parse(request.body(), Set.of(FIELD)).bool(FIELD)
            .orElseThrow(() -> new InvalidFieldException(FIELD, "'" + FIELD + "' is required (true or false)"));
    }

    private Object setDomain(Request request, Response response) {
        DomainName domain = domain(request);
        boolean value = requiredSetting(request);
        return new ReverseAliasDTO.SettingsDTO(domain, reverseAliases.changeSetting(domain, Optional.empty(), Optional.of(value)));
    }

    private Object setAlias(Request request, Response response) {
        LocalPart alias = alias(request);
        boolean value = requiredSetting(request);
        ReplySettings settings = reverseAliases.changeSetting(domain(request), Optional.of(alias), Optional.of(value));
        return ReverseAliasDTO.AliasSettingDTO.of(alias.asString(), settings, alias);
    }

    private Object clearAlias(Request request, Response response) {
        LocalPart alias = alias(request);
        reverseAliases.changeSetting(domain(request), Optional.of(alias), Optional.empty());
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object list(Request request, Response response) {
        DomainName domain = domain(request);
        Optional<LocalPart> alias = RequestValues.localPartParam(request, "alias");
        int limit = RequestValues.intParam(request, "limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
        int offset = RequestValues.intParam(request, "offset", 0, Integer.MAX_VALUE).orElse(0);
        return Map.of("items", reverseAliases.list(domain, alias, limit, offset).stream().map(ReverseAliasDTO::new)
            .collect(Collectors.toList()), "limit", limit, "offset", offset);
    }

    private Object read(Request request, Response response) {
        return new ReverseAliasDTO(reverseAlias(request));
    }

    private Object update(Request request, Response response) {
        DomainName domain = domain(request);
        AccessId id = id(request);
        boolean enabled = JsonBody.parse(request.body(), Set.of("enabled")).bool("enabled")
            .orElseThrow(() -> new InvalidFieldException("enabled", "'enabled' is required (true or false)"));
        return reverseAliases.setEnabled(domain, id, enabled).map(ReverseAliasDTO::new).orElseThrow(() -> notFound(request));
    }

    private Object delete(Request request, Response response) {
        if (!reverseAliases.remove(domain(request), id(request))) {
            throw notFound(request);
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }
}
