package io.smtpy.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.model.RegexAlias;

/**
 * The JSON documents kept in text columns: destination lists, a domain's catch-all and its regex aliases.
 *
 * <p>The documents are written field by field from the model, not by reflection, so that renaming a model
 * field cannot silently change the stored format; reading goes back through the model's factories, which
 * validate again.
 */
public final class JsonColumns {
    /**
     * Stored regex aliases were checked against the limits in force when they were written; reading them back
     * must not reject them because an operator has since lowered the limits.
     */
    private static final Limits UNBOUNDED = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
        Integer.MAX_VALUE, Integer.MAX_VALUE);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader STRING_LIST = MAPPER.readerForListOf(String.class);
    private static final ObjectReader STRING_LISTS = MAPPER.readerFor(new TypeReference<Map<String, List<String>>>() { });

    private JsonColumns() {
    }

    public static String stringsJson(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return write(array);
    }

    public static List<String> strings(String json) {
        try {
            return STRING_LIST.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("stored string list is not valid JSON: " + json, e);
        }
    }

    /** A map of string lists, {"key": ["value", ...]}, in the map's order. */
    public static String stringListsJson(Map<String, ? extends Collection<String>> lists) {
        ObjectNode document = MAPPER.createObjectNode();
        lists.forEach((key, values) -> values.forEach(document.putArray(key)::add));
        return write(document);
    }

    public static Map<String, List<String>> stringLists(String json) {
        try {
            return STRING_LISTS.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("stored map of string lists is not valid JSON: " + json, e);
        }
    }

    public static List<Destination> destinations(String json) {
        List<Destination> destinations = new ArrayList<>();
        for (String destination : strings(json)) {
            destinations.add(Destination.of(destination));
        }
        return destinations;
    }

    public static String destinationsJson(List<Destination> destinations) {
        ArrayNode array = MAPPER.createArrayNode();
        destinations.forEach(destination -> array.add(destination.asString()));
        return write(array);
    }

    public static Optional<String> catchAllJson(Optional<CatchAll> catchAll) {
        return catchAll.map(present -> {
            ObjectNode document = MAPPER.createObjectNode();
            ArrayNode destinations = document.putArray("destinations");
            present.destinations().forEach(destination -> destinations.add(destination.asString()));
            ArrayNode exceptions = document.putArray("exceptions");
            present.exceptions().forEach(exception -> exceptions.addObject()
                .put("pattern", exception.pattern().asString())
                .put("action", exception.action().asString()));
            return write(document);
        });
    }

    public static Optional<CatchAll> catchAll(Optional<String> json) {
        return json.map(text -> {
            JsonNode document = read(text);
            List<Destination> destinations = new ArrayList<>();
            document.path("destinations").forEach(destination -> destinations.add(Destination.of(destination.asText())));
            List<CatchAll.ExceptionRule> exceptions = new ArrayList<>();
            document.path("exceptions").forEach(exception -> exceptions.add(new CatchAll.ExceptionRule(
                LocalPartPattern.of(exception.path("pattern").asText()),
                ExceptionAction.parse(exception.path("action").asText()))));
            return new CatchAll(destinations, exceptions);
        });
    }

    public static String regexAliasesJson(List<RegexAlias> regexAliases) {
        ArrayNode array = MAPPER.createArrayNode();
        for (RegexAlias regexAlias : regexAliases) {
            ObjectNode document = array.addObject()
                .put("pattern", regexAlias.pattern())
                .put("priority", regexAlias.priority())
                .put("description", regexAlias.description());
            ArrayNode destinations = document.putArray("destinations");
            regexAlias.destinations().forEach(destinations::add);
        }
        return write(array);
    }

    public static List<RegexAlias> regexAliases(String json) {
        List<RegexAlias> regexAliases = new ArrayList<>();
        for (JsonNode document : read(json)) {
            List<String> destinations = new ArrayList<>();
            document.path("destinations").forEach(destination -> destinations.add(destination.asText()));
            regexAliases.add(RegexAlias.of(document.path("pattern").asText(), destinations,
                document.path("priority").asInt(), document.path("description").asText(), UNBOUNDED));
        }
        return regexAliases;
    }

    public static String write(JsonNode document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored JSON is not valid: " + json, e);
        }
    }
}
