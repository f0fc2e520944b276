package io.smtpy.webadmin.routes;

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
        service.exception(InvalidFieldException.class, (e, request, response) -> {
            response.status(HttpStatus.BAD_REQUEST_400);
            response.type("application/json");
            response.body(ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid " + e.field() + ": " + e.getMessage())
                .asString());
        });
        service.exception(NotFoundException.class, (e, request, response) -> {
            response.status(HttpStatus.NOT_FOUND_404);
            response.type("application/json");
            response.body(ErrorResponder.builder()
                .statusCode(HttpStatus.NOT_FOUND_404)
                .type(ErrorResponder.ErrorType.NOT_FOUND)
                .message(e.getMessage())
                .asString());
        });
        service.exception(AlreadyExistsException.class, (e, request, response) -> {
            response.status(HttpStatus.CONFLICT_409);
            response.type("application/json");
            response.body(ErrorResponder.builder()
                .statusCode(HttpStatus.CONFLICT_409)
                .type(ErrorResponder.ErrorType.WRONG_STATE)
                .message(e.getMessage())
                .asString());
        });
    }
}
