package io.smtpy.bench.guard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.dto.AliasDTO;
import io.smtpy.webadmin.routes.SmtpyErrors;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The reference without the guard: {@code GET} and {@code PUT /bench/domains/{domain}/aliases/{localPart}} do what
 * {@code AliasRoutes}' read and create do (the same path parsing, the same strict JSON reading of the body, the same
 * {@link AliasDirectory} calls, {@link AliasDTO} through James's {@link JsonTransformer}, smtpy's error JSON), with no
 * credentials, no ownership or permission check, no snapshots and no audit entry. Bench only: never ship a route like this.
 *
 * <p>{@code AliasRoutes}' helpers (its JSON body reader, its path values) are package-private to the product's
 * routes, so the few lines they run for a create of {@code {"destinations": [...]}} are repeated here.
 */
final class UnguardedAliasRoutes implements Routes {
    static final String BASE = "/bench/domains";
    private static final String ALIAS = BASE + "/:domain/aliases/:localPart";
    private static final Set<String> ALIAS_FIELDS = Set.of("destinations", "enabled", "description", "tags", "expiresAt");
    /** As the product's JSON body reader configures it. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final AliasDirectory directory;
    private final JsonTransformer json;

    UnguardedAliasRoutes(AliasDirectory directory, JsonTransformer json) {
        this.directory = directory;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        service.put(ALIAS, this::create, json);
        service.get(ALIAS, this::read, json);
    }

    private Object create(Request request, Response response) {
        AliasAddress address = aliasAddress(request);
        List<Destination> destinations = destinations(request.body());
        if (destinations.isEmpty()) {
            throw new InvalidFieldException("destinations", "'destinations' is required");
        }
        Alias created = directory.createAlias(address, builder -> builder.destinations(destinations));
        response.status(HttpStatus.CREATED_201);
        return new AliasDTO(created, now());
    }

    private Object read(Request request, Response response) {
        AliasAddress address = aliasAddress(request);
        return directory.alias(address)
            .map(alias -> new AliasDTO(alias, now()))
            .orElseThrow(() -> new NotFoundException("alias " + address + " does not exist"));
    }

    private Instant now() {
        return directory.clock().instant();
    }

    private static AliasAddress aliasAddress(Request request) {
        DomainName domain;
        try {
            domain = DomainName.of(request.params(":domain"));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("domain", e.getMessage());
        }
        try {
            return AliasAddress.of(domain, LocalPart.of(request.params(":localPart")));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("localPart", e.getMessage());
        }
    }

    /** The body's {@code destinations}, read as the product reads it; the other alias fields are accepted and not used here. */
    private static List<Destination> destinations(String body) {
        if (body == null || body.isBlank()) {
            return List.of();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("body", "malformed JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode)) {
            throw new InvalidFieldException("body", "expected a JSON object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!ALIAS_FIELDS.contains(name)) {
                throw new InvalidFieldException(name, "unknown field '" + name + "' (allowed: " + String.join(", ", new TreeSet<>(ALIAS_FIELDS)) + ")");
            }
        }
        JsonNode values = node.get("destinations");
        if (values == null) {
            return List.of();
        }
        if (!values.isArray()) {
            throw new InvalidFieldException("destinations", "'destinations' must be a list of strings");
        }
        List<Destination> destinations = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode value = values.get(i);
            if (!value.isTextual()) {
                throw new InvalidFieldException("destinations[" + i + "]", "'destinations[" + i + "]' must be a string");
            }
            try {
                destinations.add(Destination.of(value.textValue()));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("destinations[" + i + "]", e.getMessage());
            }
        }
        return destinations;
    }
}
