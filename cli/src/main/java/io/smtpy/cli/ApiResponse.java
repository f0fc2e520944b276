package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful answer of the server: its status and body as sent. */
final class ApiResponse {
    private final int status;
    private final String body;

    ApiResponse(int status, String body) {
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    /** The body exactly as the server sent it, for {@code --json}. */
    String body() {
        return body;
    }

    JsonNode json() throws CliException {
        return Json.parse(body);
    }
}
