package io.smtpy.server;

import java.nio.file.Paths;
import java.util.Optional;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import io.smtpy.access.service.OperatorCredential;
import io.smtpy.guice.AccessModule;

/**
 * In the embedded server, James's own WebAdmin routes ({@code /domains}, {@code /users}, {@code /mailQueues},
 * {@code /tasks}, {@code /healthcheck}...) answer the operator only: their authentication filter (James's
 * {@link AuthenticationFilter} binding, which smtpy's {@code /smtpy} routes do not use) checks for the operator
 * key. A stock James keeps its own filter: turn on its JWT there (docs/configuration.md).
 */
public class OperatorOnlyWebAdminModule extends AbstractModule {
    @Provides
    @Singleton
    AuthenticationFilter operatorOnly(JamesDirectoriesProvider directories) {
        OperatorCredential operator = AccessModule.loadOperatorCredential(Paths.get(directories.getVarDirectory()));
        return (request, response) -> {
            if (request.requestMethod().equals("OPTIONS")) {
                return;
            }
            Optional<String> token = Optional.ofNullable(request.headers("Authorization"))
                .filter(header -> header.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(header -> header.substring(7).strip());
            if (token.map(operator::matches).orElse(false)) {
                return;
            }
            response.header("WWW-Authenticate", "Bearer realm=\"smtpy\"");
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.UNAUTHORIZED_401)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("James's own WebAdmin routes answer the operator only: send 'Authorization: Bearer <operator key>'")
                .haltError();
        };
    }
}
