package io.smtpy.webadmin.routes;

import java.util.Locale;
import java.util.Optional;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;

import spark.Filter;
import spark.Service;

/**
 * Refuses form-encoded and multipart bodies on smtpy's write routes with {@code 415}.
 *
 * <p>WebAdmin's request filters read query parameters before any route runs, which makes Jetty parse a
 * form-encoded body (what curl sends with {@code -d} unless told otherwise) as parameters and consume it: the
 * route would then see an empty body and, say, create a domain with default settings instead of the ones sent.
 */
final class FormBodyRefusal {
    private FormBodyRefusal() {
    }

    static void install(Service service, String expectedType, String... paths) {
        Filter refuse = (request, response) -> {
            String method = request.requestMethod();
            if (!method.equals("PUT") && !method.equals("PATCH") && !method.equals("POST")) {
                return;
            }
            String contentType = Optional.ofNullable(request.contentType()).orElse("").toLowerCase(Locale.ROOT);
            if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/form-data")) {
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415)
                    .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                    .message("Invalid Content-Type: send the body as " + expectedType + " (curl: -H 'Content-Type: " + expectedType + "')")
                    .haltError();
            }
        };
        for (String path : paths) {
            service.before(path, refuse);
        }
    }
}
