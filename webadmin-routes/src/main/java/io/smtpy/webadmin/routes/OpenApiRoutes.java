package io.smtpy.webadmin.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.RouteRegistry;
import io.smtpy.webadmin.guard.RouteSpec;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Service;

/**
 * {@code GET /smtpy/openapi.json}: an OpenAPI 3.0 document of every smtpy route, generated from the route
 * registry, so it lists exactly the routes that exist, each with the access it declares
 * ({@code x-smtpy-access}, {@code x-smtpy-permission}) and the errors the guard gives.
 */
public class OpenApiRoutes implements PublicRoutes {
    public static final String PATH = "/smtpy/openapi.json";

    private final RouteRegistry registry;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public OpenApiRoutes(RouteRegistry registry, SmtpyGuard guard, JsonTransformer json) {
        this.registry = registry;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        guard.on(service).get(PATH, Access.open()).summary("This document").to((request, response) -> document(), json);
    }

    Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.3");
        document.put("info", Map.of("title", "smtpy management API", "version", "1",
            "description", "Email forwarding for custom domains. Every call but those marked 'no credentials' needs "
                + "'Authorization: Bearer <API key, session token or operator key>'. Errors are James's error JSON."));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (RouteSpec route : registry.routes()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.openApiPath(), path -> new LinkedHashMap<>());
            item.put(route.method().toLowerCase(Locale.ROOT), operation(route));
        }
        document.put("paths", paths);
        Map<String, Object> schemes = Map.of("bearer", Map.of("type", "http", "scheme", "bearer"));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "object");
        error.put("properties", Map.of(
            "statusCode", Map.of("type", "integer"),
            "type", Map.of("type", "string"),
            "message", Map.of("type", "string"),
            "details", Map.of("type", "string", "nullable", true)));
        document.put("components", Map.of("securitySchemes", schemes, "schemas", Map.of("Error", error)));
        document.put("security", List.of(Map.of("bearer", List.of())));
        return document;
    }

    private static Map<String, Object> operation(RouteSpec route) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("summary", route.summary().isEmpty() ? route.key() : route.summary());
        operation.put("operationId", operationId(route));
        operation.put("x-smtpy-access", route.access().describe());
        route.access().permission().ifPresent(permission -> operation.put("x-smtpy-permission", permission.value()));
        if (route.access().kind() == Access.Kind.OPEN) {
            operation.put("security", List.of());
        }
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (String name : route.parameters()) {
            parameters.add(Map.of("name", name, "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (route.mutating() && !route.method().equals("DELETE")) {
            operation.put("requestBody", Map.of("required", false,
                "content", Map.of(route.bodyType(), Map.of("schema", Map.of("type", route.bodyType().equals("application/json") ? "object" : "string")))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Map.of("description", "Done (201 for a creation, 204 with no body for a deletion)"));
        responses.put("400", errorResponse("A field is invalid; the message names it"));
        if (route.access().kind() != Access.Kind.OPEN) {
            responses.put("401", errorResponse("No or bad credentials"));
            responses.put("403", errorResponse("The principal lacks the permission"));
            responses.put("429", errorResponse("Too many failed attempts; see Retry-After"));
        }
        responses.put("404", errorResponse("Absent, or outside the principal's reach"));
        if (route.mutating()) {
            responses.put("413", errorResponse("The body is over the route's size limit"));
        }
        operation.put("responses", responses);
        return operation;
    }

    private static Map<String, Object> errorResponse(String description) {
        return Map.of("description", description,
            "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
    }

    private static String operationId(RouteSpec route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        for (String part : route.path().split("[/:-]")) {
            if (!part.isEmpty() && !part.equals("smtpy")) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        if (route.path().endsWith("/")) {
            id.append("Slash");
        }
        return id.toString().replace(".", "");
    }
}
