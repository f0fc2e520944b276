package io.smtpy.webadmin.routes;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.Account;
import io.smtpy.access.Permission;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.rules.lists.ListAction;
import io.smtpy.rules.lists.ListEntry;
import io.smtpy.rules.lists.ListEntryId;
import io.smtpy.rules.lists.ListImport;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.ListType;
import io.smtpy.rules.lists.NewListEntry;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.webadmin.dto.ListEntryDTO;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.RequestContext;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Block and allow lists ({@link SenderLists}) at three scopes, with the same verbs at each:
 * <ul>
 *   <li>{@code /smtpy/domains/{domain}/lists}: the domain's entries and its aliases' ({@code "alias"} in the body
 *   puts an entry on one alias); needs {@code rules:read} / {@code rules:write} on the domain</li>
 *   <li>{@code /smtpy/accounts/{account}/lists}: entries for every domain of the account; the same permissions in
 *   the account</li>
 *   <li>{@code /smtpy/lists}: the operator's, for every domain of the installation; the operator only (audited in
 *   the operator's own account, {@code acc_default})</li>
 * </ul>
 * At each: {@code GET} (a JSON array of the entries, {@code ?alias=&type=}), {@code POST} {@code {"type","value","action"?,
 * "alias"?,"note"?,"expiresAt"?}} → 201 the entry, {@code DELETE .../{id}}, {@code POST .../import} (a CSV body;
 * synchronous: the valid lines are added, each refused line is reported) and {@code GET .../export} (CSV).
 */
public class ListRoutes implements PublicRoutes {
    /** The import body limit: 100,000 lines of a few dozen bytes each, with room to spare. */
    public static final long IMPORT_MAX_BYTES = 32L * 1024 * 1024;
    private static final String DOMAIN_LISTS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/lists";
    private static final String ACCOUNT_LISTS = "/smtpy/accounts/:account/lists";
    private static final String OPERATOR_LISTS = "/smtpy/lists";
    private static final String ID_PARAM = ":id";
    private static final Set<String> DOMAIN_FIELDS = Set.of("type", "value", "action", "alias", "note", "expiresAt");
    private static final Set<String> WIDE_FIELDS = Set.of("type", "value", "action", "note", "expiresAt");
    private static final String IMPORT_RESULT = "io.smtpy.listImport";

    private final AliasDirectory directory;
    private final SenderLists lists;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public ListRoutes(AliasDirectory directory, SenderLists lists, SmtpyGuard guard, JsonTransformer json) {
        this.directory = directory;
        this.lists = lists;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return OPERATOR_LISTS;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        define(routes, DOMAIN_LISTS, Access.onDomain(Permission.RULES_READ), Access.onDomain(Permission.RULES_WRITE), "the domain's");
        define(routes, ACCOUNT_LISTS, Access.onAccount(Permission.RULES_READ), Access.onAccount(Permission.RULES_WRITE), "the account's");
        define(routes, OPERATOR_LISTS, Access.operator(), Access.operator(), "the operator's");
    }

    private void define(GuardedService routes, String base, Access read, Access write, String whose) {
        // Before the entry's path: Spark matches in order.
        routes.get(base + "/export", read).summary("Export " + whose + " block and allow entries as CSV").to(this::export);
        routes.post(base + "/import", write).summary("Import block and allow entries from CSV into " + whose + " lists")
            .action("lists.import").body("text/csv", IMPORT_MAX_BYTES).snapshot(ListRoutes::importSummary).to(this::importCsv, json);
        routes.get(base, read).summary(whose.substring(0, 1).toUpperCase() + whose.substring(1) + " block and allow entries, with hits")
            .to(this::list, json);
        routes.post(base, write).summary("Add a block or allow entry to " + whose + " lists").action("lists.add")
            .to(this::add, json);
        routes.delete(base + "/" + ID_PARAM, write).summary("Remove an entry of " + whose + " lists").action("lists.delete")
            .snapshot(this::entrySnapshot).to(this::delete);
    }

    /** The list the request addresses: the path's domain, account or the operator's. */
    private ListScope scope(Request request) {
        if (request.params(RequestValues.DOMAIN_PARAM) != null) {
            DomainName domain = RequestValues.domain(request);
            if (directory.domain(domain).isEmpty()) {
                throw new NotFoundException("domain " + domain + " does not exist");
            }
            return ListScope.domain(domain);
        }
        RequestContext context = RequestContext.of(request);
        if (request.params(":account") != null) {
            return ListScope.account(context.account().asString());
        }
        // The operator's lists belong to no account: their changes are kept in the operator's own account's log.
        context.auditIn(Account.DEFAULT_ID);
        return ListScope.operator();
    }

    private Instant now() {
        return directory.clock().instant();
    }

    /** The domain's own list and each of its aliases'; the others are one list each. */
    private List<ListScope> scopesOf(ListScope scope, Optional<LocalPart> alias) {
        if (scope.kind() != ListScope.Kind.DOMAIN) {
            return List.of(scope);
        }
        DomainName domain = scope.domain().orElseThrow();
        if (alias.isPresent()) {
            return List.of(ListScope.alias(domain, alias.get()));
        }
        List<ListScope> scopes = new ArrayList<>();
        scopes.add(scope);
        directory.allAliases(domain).forEach(each -> scopes.add(ListScope.alias(domain, each.address().localPart())));
        return scopes;
    }

    private Object list(Request request, Response response) {
        ListScope scope = scope(request);
        Optional<LocalPart> alias = Optional.ofNullable(request.queryParams("alias")).filter(value -> !value.isEmpty())
            .map(value -> localPart(value, "alias"));
        if (alias.isPresent() && scope.kind() != ListScope.Kind.DOMAIN) {
            throw new InvalidFieldException("alias", "'alias' filters a domain's lists only");
        }
        Optional<ListType> type = Optional.ofNullable(request.queryParams("type")).filter(value -> !value.isEmpty()).map(ListType::parse);
        Instant now = now();
        // A JSON array, as the events and DMARC report lists: the entries are not paged.
        return scopesOf(scope, alias).stream()
            .flatMap(each -> lists.list(each).stream())
            .filter(entry -> type.map(wanted -> entry.type() == wanted).orElse(true))
            .map(entry -> new ListEntryDTO(entry, now))
            .collect(Collectors.toList());
    }

    private Object add(Request request, Response response) {
        ListScope scope = scope(request);
        JsonBody body = JsonBody.parse(request.body(), scope.kind() == ListScope.Kind.DOMAIN ? DOMAIN_FIELDS : WIDE_FIELDS);
        ListType type = ListType.parse(body.requiredText("type"));
        NewListEntry entry = NewListEntry.of(type, body.requiredText("value"))
            .action(body.text("action").map(ListAction::parse))
            .expiresAt(body.nullableInstant("expiresAt").flatMap(value -> value));
        Optional<String> note = body.text("note");
        if (note.isPresent()) {
            entry = entry.note(note.get());
        }
        Optional<LocalPart> alias = body.text("alias").filter(value -> !value.isEmpty()).map(value -> localPart(value, "alias"));
        if (alias.isPresent()) {
            DomainName domain = scope.domain().orElseThrow();
            AliasAddress address = AliasAddress.of(domain, alias.get());
            if (!directory.aliasExists(address)) {
                throw new NotFoundException("alias " + address + " does not exist");
            }
            scope = ListScope.alias(domain, alias.get());
        }
        ListEntry added = lists.add(scope, entry);
        response.status(HttpStatus.CREATED_201);
        return new ListEntryDTO(added, now());
    }

    private Optional<ListEntry> find(Request request) {
        ListScope scope = scope(request);
        ListEntryId id = entryId(request);
        for (ListScope each : scopesOf(scope, Optional.empty())) {
            Optional<ListEntry> entry = lists.find(each, id);
            if (entry.isPresent()) {
                return entry;
            }
        }
        return Optional.empty();
    }

    private Optional<Object> entrySnapshot(Request request) {
        return find(request).map(entry -> new ListEntryDTO(entry, now()));
    }

    private Object delete(Request request, Response response) {
        ListEntry entry = find(request).orElseThrow(() -> new NotFoundException("list entry " + request.params(ID_PARAM)
            + " does not exist"));
        lists.delete(entry.scope(), entry.id());
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private Object importCsv(Request request, Response response) throws IOException {
        ListScope scope = scope(request);
        String csv = readUtf8Body(request);
        ListImport result = lists.importCsv(scope, new StringReader(csv));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("records", result.records());
        answer.put("added", result.added().size());
        answer.put("errors", result.errors().stream().map(error -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line", error.line());
            line.put("field", error.field());
            line.put("message", error.message());
            return line;
        }).collect(Collectors.toList()));
        Map<String, Object> summary = new LinkedHashMap<>(answer);
        summary.put("errors", result.errors().size());
        request.attribute(IMPORT_RESULT, summary);
        return answer;
    }

    /** The audit's after of an import: the counts, not every line (an import may hold 100,000). */
    private static Optional<Object> importSummary(Request request) {
        return Optional.ofNullable(request.attribute(IMPORT_RESULT));
    }

    private Object export(Request request, Response response) throws IOException {
        ListScope scope = scope(request);
        String name = scope.domain().map(DomainName::asString).or(() -> scope.account()).orElse("operator");
        response.status(HttpStatus.OK_200);
        response.type("text/csv; charset=utf-8");
        response.header("Content-Disposition", "attachment; filename=\"" + name + "-lists.csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.raw().getOutputStream(), StandardCharsets.UTF_8));
        lists.exportCsv(scope, out);
        out.flush();
        return "";
    }

    private static ListEntryId entryId(Request request) {
        try {
            return ListEntryId.of(request.params(ID_PARAM));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("id", e.getMessage());
        }
    }

    private static LocalPart localPart(String value, String field) {
        try {
            return LocalPart.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, e.getMessage());
        }
    }

    private static String readUtf8Body(Request request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.raw().getInputStream()) {
            bytes = in.readNBytes((int) IMPORT_MAX_BYTES + 1);
        }
        if (bytes.length > IMPORT_MAX_BYTES) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.PAYLOAD_TOO_LARGE_413)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid body: the CSV is larger than the limit of %d bytes", IMPORT_MAX_BYTES)
                .haltError();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidFieldException("body", "the CSV is not valid UTF-8");
        }
    }
}
