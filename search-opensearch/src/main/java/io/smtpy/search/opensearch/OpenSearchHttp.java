package io.smtpy.search.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.http.HttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON over OpenSearch's REST API through the low-level client: a request body in, the answer's JSON out, every
 * failure (no answer, an error status) as an {@link EventSearchException} naming the call. The bodies are built as
 * Jackson trees by the callers, so that no text from a mail is ever pasted into JSON by hand.
 */
final class OpenSearchHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);

    private final RestClient client;

    OpenSearchHttp(RestClient client) {
        this.client = client;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    JsonNode call(String method, String endpoint, Map<String, String> parameters, JsonNode body) {
        try {
            return perform(method, endpoint, parameters,
                body == null ? null : new StringEntity(JSON.writeValueAsString(body), ContentType.APPLICATION_JSON));
        } catch (JsonProcessingException e) {
            throw new EventSearchException("could not write the body of " + method + " " + endpoint, e);
        }
    }

    JsonNode call(String method, String endpoint, JsonNode body) {
        return call(method, endpoint, Map.of(), body);
    }

    /** A {@code _bulk} request: lines of JSON, each action followed by its document. */
    JsonNode bulk(String ndjson, Map<String, String> parameters) {
        return perform("POST", "/_bulk", parameters, new StringEntity(ndjson, NDJSON));
    }

    static String line(JsonNode node) {
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new EventSearchException("could not write a bulk line", e);
        }
    }

    private JsonNode perform(String method, String endpoint, Map<String, String> parameters, HttpEntity entity) {
        Request request = new Request(method, endpoint);
        parameters.forEach(request::addParameter);
        if (entity != null) {
            request.setEntity(entity);
        }
        try {
            Response response = client.performRequest(request);
            return read(response);
        } catch (ResponseException e) {
            throw new EventSearchException(method + " " + endpoint + " failed: " + e.getResponse().getStatusLine()
                + " " + body(e.getResponse()), e.getResponse().getStatusLine().getStatusCode(), e);
        } catch (IOException e) {
            throw new EventSearchException(method + " " + endpoint + " failed: " + e.getMessage(), e);
        }
    }

    private static JsonNode read(Response response) throws IOException {
        if (response.getEntity() == null) {
            return object();
        }
        try (InputStream in = response.getEntity().getContent()) {
            JsonNode node = JSON.readTree(in);
            return node == null ? object() : node;
        }
    }

    private static String body(Response response) {
        try {
            return read(response).toString();
        } catch (IOException | RuntimeException e) {
            return "(no readable body)";
        }
    }
}
