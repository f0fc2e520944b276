package io.smtpy.webadmin.routes;

import java.util.function.Function;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import spark.Service;

/**
 * Turns smtpy's exceptions into James's error JSON ({@code statusCode}, {@code type}, {@code message},
 * {@code details}): a bad field is a 400 naming the field, a missing resource a 404, a create over an
 * existing one a 409.
 */
final class SmtpyErrors {
    private SmtpyErrors() {
    }

    static void install(Service service) {
        respond(service, InvalidFieldException.class, HttpStatus.BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT,
            e -> "Invalid " + e.field() + ": " + e.getMessage());
        respond(service, NotFoundException.class, HttpStatus.NOT_FOUND_404, ErrorResponder.ErrorType.NOT_FOUND,
            NotFoundException::getMessage);
        respond(service, AlreadyExistsException.class, HttpStatus.CONFLICT_409, ErrorResponder.ErrorType.WRONG_STATE,
            AlreadyExistsException::getMessage);
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
