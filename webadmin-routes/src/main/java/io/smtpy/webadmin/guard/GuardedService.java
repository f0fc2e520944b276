package io.smtpy.webadmin.guard;

import java.util.Optional;
import java.util.function.Function;

import org.apache.james.task.TaskId;
import org.apache.james.webadmin.tasks.TaskIdDto;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.service.AccessDeniedException;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import spark.HaltException;
import spark.Request;
import spark.ResponseTransformer;
import spark.Route;
import spark.Service;

/**
 * The only way smtpy routes are defined: {@code guarded.put(PATH, Access.onDomain(DOMAINS_WRITE)).summary("...")
 * .to(handler, json)}. Each route is registered with its declared access and runs behind {@link SmtpyGuard}; a
 * route cannot be defined here without an {@link Access}.
 */
public final class GuardedService {
    private final Service service;
    private final SmtpyGuard guard;

    GuardedService(Service service, SmtpyGuard guard) {
        this.service = service;
        this.guard = guard;
    }

    public RouteBuilder get(String path, Access access) {
        return new RouteBuilder("GET", path, access);
    }

    /** Spark does not answer HEAD from a GET route: a route that serves HEAD declares it. */
    public RouteBuilder head(String path, Access access) {
        return new RouteBuilder("HEAD", path, access);
    }

    public RouteBuilder put(String path, Access access) {
        return new RouteBuilder("PUT", path, access);
    }

    public RouteBuilder post(String path, Access access) {
        return new RouteBuilder("POST", path, access);
    }

    public RouteBuilder patch(String path, Access access) {
        return new RouteBuilder("PATCH", path, access);
    }

    public RouteBuilder delete(String path, Access access) {
        return new RouteBuilder("DELETE", path, access);
    }

    /** One route being declared. */
    public final class RouteBuilder {
        private final String method;
        private final String path;
        private final Access access;
        private String summary = "";
        private Optional<String> action = Optional.empty();
        private String bodyType = "application/json";
        private long maxBodyBytes = SmtpyGuard.DEFAULT_MAX_BODY_BYTES;
        private Optional<Function<Request, Optional<Object>>> snapshot = Optional.empty();

        private RouteBuilder(String method, String path, Access access) {
            this.method = method;
            this.path = path;
            this.access = access;
        }

        public RouteBuilder summary(String text) {
            this.summary = text;
            return this;
        }

        /** The audit log's name for this mutation, such as {@code alias.create}. */
        public RouteBuilder action(String name) {
            this.action = Optional.of(name);
            return this;
        }

        public RouteBuilder body(String contentType, long maxBytes) {
            this.bodyType = contentType;
            this.maxBodyBytes = maxBytes;
            return this;
        }

        /** How to read the resource the route changes, for the audit entry's before and after. */
        public RouteBuilder snapshot(Function<Request, Optional<Object>> reader) {
            this.snapshot = Optional.of(reader);
            return this;
        }

        public void to(Route handler) {
            define(handler, Optional.empty());
        }

        public void to(Route handler, ResponseTransformer transformer) {
            define(handler, Optional.of(transformer));
        }

        private void define(Route handler, Optional<ResponseTransformer> transformer) {
            String actionName = action.orElseGet(() -> method + " " + path);
            RouteSpec spec = new RouteSpec(method, path, access, summary, actionName, bodyType, snapshot, maxBodyBytes);
            guard.registry().register(service, spec);
            Route guarded = (request, response) -> run(spec, handler, request, response);
            switch (method) {
                case "GET":
                    transformer.ifPresentOrElse(json -> service.get(path, guarded, json), () -> service.get(path, guarded));
                    break;
                case "HEAD":
                    transformer.ifPresentOrElse(json -> service.head(path, guarded, json), () -> service.head(path, guarded));
                    break;
                case "PUT":
                    transformer.ifPresentOrElse(json -> service.put(path, guarded, json), () -> service.put(path, guarded));
                    break;
                case "POST":
                    transformer.ifPresentOrElse(json -> service.post(path, guarded, json), () -> service.post(path, guarded));
                    break;
                case "PATCH":
                    transformer.ifPresentOrElse(json -> service.patch(path, guarded, json), () -> service.patch(path, guarded));
                    break;
                case "DELETE":
                    transformer.ifPresentOrElse(json -> service.delete(path, guarded, json), () -> service.delete(path, guarded));
                    break;
                default:
                    throw new IllegalArgumentException(method);
            }
        }
    }

    private Object run(RouteSpec spec, Route handler, Request request, spark.Response response) throws Exception {
        RequestContext context = guard.admit(spec, request);
        request.attribute(RequestContext.ATTRIBUTE, context);
        response.header("X-Request-Id", context.requestId());
        if (!spec.mutating()) {
            return handler.handle(request, response);
        }
        Optional<String> before = spec.snapshot().flatMap(reader -> safeSnapshot(reader, request));
        Object result;
        try {
            result = handler.handle(request, response);
        } catch (Exception e) {
            guard.record(spec, request, context, before, Optional.empty(), "failure (" + statusOf(e) + ")");
            throw e;
        }
        if (result instanceof TaskIdDto) {
            guard.tasks().started(TaskId.fromUUID(((TaskIdDto) result).getTaskId()), context.account(),
                Optional.ofNullable(request.params(":domain")).map(io.smtpy.core.model.DomainName::of));
        }
        Optional<String> after = spec.snapshot().isPresent()
            ? spec.snapshot().flatMap(reader -> safeSnapshot(reader, request))
            : AuditJson.redacted(result);
        guard.record(spec, request, context, before, after, "success (" + response.status() + ")");
        return result;
    }

    private static Optional<String> safeSnapshot(Function<Request, Optional<Object>> reader, Request request) {
        try {
            return reader.apply(request).flatMap(AuditJson::redacted);
        } catch (NotFoundException | InvalidFieldException e) {
            return Optional.empty();
        }
    }

    private static int statusOf(Exception e) {
        if (e instanceof HaltException) {
            return ((HaltException) e).statusCode();
        }
        if (e instanceof InvalidFieldException) {
            return HttpStatus.BAD_REQUEST_400;
        }
        if (e instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND_404;
        }
        if (e instanceof AlreadyExistsException) {
            return HttpStatus.CONFLICT_409;
        }
        if (e instanceof AccessDeniedException) {
            return ((AccessDeniedException) e).reason() == AccessDeniedException.Reason.FORBIDDEN ? 403 : 401;
        }
        if (e instanceof IllegalArgumentException) {
            return HttpStatus.BAD_REQUEST_400;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR_500;
    }
}
