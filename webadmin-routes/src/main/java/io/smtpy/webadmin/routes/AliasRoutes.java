package io.smtpy.webadmin.routes;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.task.TaskManager;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.tasks.TaskFromRequest;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.importing.AliasCsv;
import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.AliasPage;
import io.smtpy.core.store.AliasQuery;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.dto.AliasDTO;
import io.smtpy.webadmin.dto.AliasPageDTO;
import io.smtpy.webadmin.tasks.AliasImportTask;
import io.smtpy.access.Permission;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Aliases of a domain.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/aliases?tag=&q=&expired=&limit=&offset=}: a page, with the total</li>
 *   <li>{@code PUT /smtpy/domains/{domain}/aliases/{localPart}}: create; 409 if it exists</li>
 *   <li>{@code GET|PATCH|DELETE /smtpy/domains/{domain}/aliases/{localPart}}</li>
 *   <li>{@code POST /smtpy/domains/{domain}/aliases/import?dryRun=&partial=} (CSV body): a James task</li>
 *   <li>{@code GET /smtpy/domains/{domain}/aliases/export?format=csv|json}: every alias, streamed</li>
 * </ul>
 */
public class AliasRoutes implements PublicRoutes {
    /** The import body limit, in bytes; from {@code import.maxBytes} in smtpy.properties. */
    public static final String IMPORT_MAX_BYTES = "smtpy.import.maxBytes";

    private static final String ALIASES = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/aliases";
    private static final String ALIAS = ALIASES + "/" + RequestValues.LOCAL_PART_PARAM;
    private static final String IMPORT = ALIASES + "/import";
    private static final String EXPORT = ALIASES + "/export";
    private static final Set<String> ALIAS_FIELDS = Set.of("destinations", "fallbacks", "enabled", "description", "tags", "expiresAt");
    private static final ObjectMapper EXPORT_MAPPER = new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final AliasDirectory directory;
    private final TaskManager taskManager;
    private final JsonTransformer json;
    private final long importMaxBytes;
    private final SmtpyGuard guard;

    @Inject
    public AliasRoutes(AliasDirectory directory, TaskManager taskManager, JsonTransformer json,
                       @Named(IMPORT_MAX_BYTES) long importMaxBytes, SmtpyGuard guard) {
        this.guard = guard;
        this.directory = directory;
        this.taskManager = taskManager;
        this.json = json;
        this.importMaxBytes = importMaxBytes;
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
        routes.get(ALIASES, read).summary("A page of the domain's aliases, filtered").to(this::list, json);
        // Before ALIAS: Spark matches in order, and "export" would otherwise be read as a local part.
        routes.get(EXPORT, read).summary("Every alias, streamed as CSV or JSON").to(this::export);
        routes.post(IMPORT, write).summary("Import aliases from CSV (a task)").action("aliases.import")
            .body("text/csv", importMaxBytes).to(importTask().asRoute(taskManager), json);
        for (String withoutLocalPart : List.of(ALIASES, ALIASES + "/")) {
            routes.put(withoutLocalPart, write).summary("Refused: the local part is missing").to(this::missingLocalPart, json);
            routes.patch(withoutLocalPart, write).summary("Refused: the local part is missing").to(this::missingLocalPart, json);
            routes.delete(withoutLocalPart, write).summary("Refused: the local part is missing").to(this::missingLocalPart, json);
        }
        routes.put(ALIAS, write).summary("Create an alias").action("alias.create").snapshot(this::snapshot).to(this::create, json);
        routes.get(ALIAS, read).summary("Read an alias").to(this::read, json);
        routes.patch(ALIAS, write).summary("Change an alias").action("alias.update").snapshot(this::snapshot).to(this::update, json);
        routes.delete(ALIAS, write).summary("Delete an alias").action("alias.delete").snapshot(this::snapshot).to(this::delete);
    }

    private Optional<Object> snapshot(Request request) {
        return directory.alias(RequestValues.aliasAddress(request)).map(alias -> new AliasDTO(alias, now()));
    }

    private Instant now() {
        return directory.clock().instant();
    }

    private Object list(Request request, Response response) {
        DomainName domain = RequestValues.domain(request);
        int offset = RequestValues.intParam(request, "offset", 0, Integer.MAX_VALUE).orElse(0);
        int limit = RequestValues.intParam(request, "limit", 1, AliasQuery.MAX_LIMIT).orElse(AliasQuery.DEFAULT_LIMIT);
        Instant now = now();
        AliasQuery query = AliasQuery.of(domain, now)
            .withTag(Optional.ofNullable(request.queryParams("tag")).filter(tag -> !tag.isEmpty()))
            .withText(Optional.ofNullable(request.queryParams("q")))
            .withExpired(RequestValues.booleanParam(request, "expired"))
            .withPage(offset, limit);
        AliasPage page = directory.aliases(query);
        return new AliasPageDTO(page.total(), offset, limit,
            page.aliases().stream().map(alias -> new AliasDTO(alias, now)).collect(Collectors.toList()));
    }

    private Object missingLocalPart(Request request, Response response) {
        throw new InvalidFieldException("localPart", "local part must not be empty");
    }

    private Object create(Request request, Response response) {
        AliasAddress address = RequestValues.aliasAddress(request);
        JsonBody body = JsonBody.parse(request.body(), ALIAS_FIELDS);
        AliasFields fields = AliasFields.read(body);
        if (fields.destinations.isEmpty()) {
            throw new InvalidFieldException("destinations", "'destinations' is required");
        }
        Alias created = directory.createAlias(address, fields::applyTo);
        response.status(HttpStatus.CREATED_201);
        return new AliasDTO(created, now());
    }

    private Object read(Request request, Response response) {
        AliasAddress address = RequestValues.aliasAddress(request);
        return directory.alias(address)
            .map(alias -> new AliasDTO(alias, now()))
            .orElseThrow(() -> new NotFoundException("alias " + address + " does not exist"));
    }

    private Object update(Request request, Response response) {
        AliasAddress address = RequestValues.aliasAddress(request);
        AliasFields fields = AliasFields.read(JsonBody.parse(request.body(), ALIAS_FIELDS));
        return new AliasDTO(directory.updateAlias(address, fields::applyTo), now());
    }

    private Object delete(Request request, Response response) {
        AliasAddress address = RequestValues.aliasAddress(request);
        if (!directory.deleteAlias(address)) {
            throw new NotFoundException("alias " + address + " does not exist");
        }
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private TaskFromRequest importTask() {
        return request -> {
            String csv = readUtf8Body(request);
            DomainName domain = RequestValues.domain(request);
            boolean dryRun = RequestValues.booleanParam(request, "dryRun").orElse(false);
            boolean partial = RequestValues.booleanParam(request, "partial").orElse(false);
            if (directory.domain(domain).isEmpty()) {
                throw new NotFoundException("domain " + domain + " does not exist");
            }
            return new AliasImportTask(directory, domain, csv, dryRun, partial);
        };
    }

    /** Reads at most {@link #importMaxBytes}; refuses bodies that are larger or not UTF-8. */
    private String readUtf8Body(Request request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.raw().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, importMaxBytes + 1));
        }
        if (bytes.length > importMaxBytes) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.PAYLOAD_TOO_LARGE_413)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid body: the CSV is larger than the limit of %d bytes (import.maxBytes)", importMaxBytes)
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

    private Object export(Request request, Response response) throws IOException {
        DomainName domain = RequestValues.domain(request);
        String format = Optional.ofNullable(request.queryParams("format")).orElse("csv");
        if (!format.equals("csv") && !format.equals("json")) {
            throw new InvalidFieldException("format", "'format' must be csv or json, got '" + format + "'");
        }
        List<Alias> aliases = directory.allAliases(domain);
        Instant now = now();
        response.status(HttpStatus.OK_200);
        response.header("Content-Disposition", "attachment; filename=\"" + domain.asString() + "-aliases." + format + "\"");
        response.type(format.equals("csv") ? "text/csv; charset=utf-8" : "application/json");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.raw().getOutputStream(), StandardCharsets.UTF_8));
        if (format.equals("csv")) {
            AliasCsv.writeHeader(out);
            for (Alias alias : aliases) {
                AliasCsv.write(alias, out);
            }
        } else {
            try (JsonGenerator generator = EXPORT_MAPPER.getFactory().createGenerator(out)) {
                generator.writeStartArray();
                for (Alias alias : aliases) {
                    EXPORT_MAPPER.writeValue(generator, new AliasDTO(alias, now));
                }
                generator.writeEndArray();
            }
        }
        out.flush();
        return "";
    }
}
