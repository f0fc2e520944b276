package io.smtpy.webadmin.routes;

import java.util.function.Function;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.service.AccessDeniedException;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import spark.Service;

/**
 * Turns smtpy's exceptions into James's error JSON ({@code statusCode}, {@code type}, {@code message},
 * {@code details}): a bad field is a 400 naming the field, a missing resource a 404, a create over an
 * existing one a 409; no or bad credentials a 401 (with {@code WWW-Authenticate}), a missing permission a 403,
 * too many failed attempts a 429 (with {@code Retry-After}).
 */
public final class SmtpyErrors {
    private SmtpyErrors() {
    }

    public static void install(Service service) {
        respond(service, InvalidFieldException.class, HttpStatus.BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT,
            e -> "Invalid " + e.field() + ": " + e.getMessage());
        respond(service, NotFoundException.class, HttpStatus.NOT_FOUND_404, ErrorResponder.ErrorType.NOT_FOUND,
            NotFoundException::getMessage);
        respond(service, AlreadyExistsException.class, HttpStatus.CONFLICT_409, ErrorResponder.ErrorType.WRONG_STATE,
            AlreadyExistsException::getMessage);
        respond(service, io.smtpy.core.store.ConcurrentChangeException.class, HttpStatus.CONFLICT_409, ErrorResponder.ErrorType.WRONG_STATE,
            e -> e.getMessage() + ": it keeps changing, try again");
        service.exception(AccessDeniedException.class, (e, request, response) -> {
            int status;
            switch (e.reason()) {
                case UNAUTHENTICATED:
                    status = HttpStatus.UNAUTHORIZED_401;
                    response.header("WWW-Authenticate", "Bearer realm=\"smtpy\"");
                    break;
                case THROTTLED:
                    status = HttpStatus.TOO_MANY_REQUESTS_429;
                    response.header("Retry-After", Long.toString(Math.max(1, (e.retryAfter().orElseThrow().toMillis() + 999) / 1000)));
                    break;
                default:
                    status = HttpStatus.FORBIDDEN_403;
            }
            response.status(status);
            response.type("application/json");
            response.body(ErrorResponder.builder()
                .statusCode(status)
                .type(status == HttpStatus.FORBIDDEN_403 ? ErrorResponder.ErrorType.WRONG_STATE : ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message(e.getMessage())
                .asString());
        });
    }

    private static <E extends Exception> void respond(Service service, Class<E> type, int status, ErrorResponder.ErrorType errorType,
                                                      Function<E, String> message) {
        service.exception(type, (e, request, response) -> {
            response.status(status);
            response.type("application/json");
            response.body(ErrorResponder.builder()
                .statusCode(status)
                .type(errorType)
                .message(message.apply(e))
                .asString());
        });
    }
}
