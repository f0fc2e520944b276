package io.smtpy.webadmin.routes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The web panel, served from memory ({@link PanelFiles}: the {@code smtpy-panel} jar's files), no credentials needed
 * to load it (the panel then signs in through {@code POST /smtpy/session?cookie=true}).
 * <ul>
 *   <li>{@code GET /smtpy/panel}: 301 to {@code /smtpy/panel/}</li>
 *   <li>{@code GET /smtpy/panel/}: {@code index.html}</li>
 *   <li>{@code GET /smtpy/panel/*}: the file of that name (subfolders allowed); a name with a {@code ..} or {@code .}
 *       segment, an empty segment, a backslash, a colon or a percent-encoded dot, slash, backslash, NUL or percent is a 400,
 *       an unknown one a 404</li>
 *   <li>{@code GET /}: 302 to {@code /smtpy/panel/}, only with {@code panel.atRoot=true}</li>
 * </ul>
 * Each also answers {@code HEAD}, with the same status and headers.
 * Every answer carries a strict Content-Security-Policy (scripts, styles and connections from the panel's own origin
 * only, no inline script or style, no framing), {@code nosniff}, {@code no-referrer}, {@code X-Frame-Options: DENY} and
 * {@code Cache-Control: no-cache} with a strong ETag, so a browser revalidates each file and gets a 304 while it is
 * unchanged. Text is gzip-compressed for a client that accepts it (Spark compresses a response whose
 * {@code Content-Encoding} is gzip). With {@code panel.enabled=false} no route is defined: every panel path is
 * WebAdmin's 404.
 */
public class PanelRoutes implements PublicRoutes {
    public static final String PANEL = "/smtpy/panel";
    public static final String INDEX = "index.html";
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'";
    private static final String SERVICE_WORKER = "sw.js";
    /** Percent-encoded dot, slash, backslash, NUL and percent: a name that needs them is an attempt to leave the folder. */
    private static final Pattern ENCODED_TRAVERSAL = Pattern.compile("%(2e|2f|5c|00|25)", Pattern.CASE_INSENSITIVE);

    private final PanelSettings settings;
    private final PanelFiles files;
    private final SmtpyGuard guard;

    @Inject
    public PanelRoutes(PanelSettings settings, PanelFiles files, SmtpyGuard guard) {
        this.settings = settings;
        this.files = files;
        this.guard = guard;
    }

    @Override
    public String getBasePath() {
        return PANEL;
    }

    @Override
    public void define(Service service) {
        if (!settings.enabled()) {
            return;
        }
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        // GET and HEAD alike (curl -I, link checkers); the page before the wildcard, which would match it too.
        for (String method : List.of("GET", "HEAD")) {
            declare(routes, method, PANEL).summary("The web panel: redirects to /smtpy/panel/").to(this::toPanel);
            declare(routes, method, PANEL + "/").summary("The web panel's page").to((request, response) -> serve(INDEX, request, response));
            declare(routes, method, PANEL + "/*").summary("A file of the web panel (scripts, styles, manifest, icons)").to(this::file);
            if (settings.atRoot()) {
                declare(routes, method, "/").summary("The web panel at the root: redirects to /smtpy/panel/ (panel.atRoot=true)")
                    .to((request, response) -> redirect(response, HttpStatus.FOUND_302));
            }
        }
    }

    private static GuardedService.RouteBuilder declare(GuardedService routes, String method, String path) {
        return method.equals("HEAD") ? routes.head(path, Access.open()) : routes.get(path, Access.open());
    }

    private Object toPanel(Request request, Response response) {
        return redirect(response, HttpStatus.MOVED_PERMANENTLY_301);
    }

    private static Object redirect(Response response, int status) {
        securityHeaders(response);
        // Not Spark's redirect(): Jetty's sendRedirect would write its own error page.
        response.status(status);
        response.header("Location", PANEL + "/");
        response.type("text/plain; charset=utf-8");
        return "";
    }

    /**
     * The name is read from the request's raw path, as Spark matched it (Jetty's decoded path has its dot segments
     * resolved already, possibly to a path outside the panel): refused unless it is plain segments once decoded.
     */
    private Object file(Request request, Response response) {
        securityHeaders(response);
        String raw = Optional.ofNullable(request.raw().getRequestURI()).orElse("");
        Optional<String> name = Optional.of(raw).filter(path -> path.startsWith(PANEL + "/"))
            .map(path -> path.substring(PANEL.length() + 1))
            .filter(encoded -> !ENCODED_TRAVERSAL.matcher(encoded).find())
            .map(encoded -> URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8))
            .filter(PanelRoutes::plainSegments);
        if (name.isEmpty()) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid file name: a panel file is named by plain segments under /smtpy/panel/ (no '..', '.', '//', '\\', ':' or encoded separators)")
                .haltError();
        }
        return serve(name.get(), request, response);
    }

    /** No {@code .} or {@code ..}, no empty segment (so no leading slash), no backslash, colon or control character. */
    private static boolean plainSegments(String name) {
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c == ':')) {
            return false;
        }
        return Arrays.stream(name.split("/", -1)).noneMatch(segment -> segment.isEmpty() || segment.equals(".") || segment.equals(".."));
    }

    private Object serve(String name, Request request, Response response) {
        securityHeaders(response);
        PanelFiles.File file = files.file(name).orElseThrow(() -> ErrorResponder.builder()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .type(ErrorResponder.ErrorType.NOT_FOUND)
            .message("The panel has no file " + name)
            .haltError());
        boolean gzip = file.compressible() && acceptsGzip(request);
        String etag = gzip ? gzipEtag(file) : file.etag();
        response.header("ETag", etag);
        response.header("Vary", "Accept-Encoding");
        if (name.equals(SERVICE_WORKER)) {
            response.header("Service-Worker-Allowed", PANEL + "/");
        }
        if (matches(request.headers("If-None-Match"), file)) {
            response.status(HttpStatus.NOT_MODIFIED_304);
            return "";
        }
        response.status(HttpStatus.OK_200);
        response.type(file.contentType());
        if (gzip) {
            // Spark wraps the output in a GZIPOutputStream when the response says gzip and the request accepts it.
            response.header("Content-Encoding", "gzip");
        }
        return file.shared();
    }

    private static String gzipEtag(PanelFiles.File file) {
        String identity = file.etag();
        return identity.substring(0, identity.length() - 1) + "-gzip\"";
    }

    /** {@code If-None-Match} names the file's current content, in either encoding (weak comparison, RFC 9110 13.1.2). */
    private static boolean matches(String ifNoneMatch, PanelFiles.File file) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals("*") || candidate.equals(file.etag()) || candidate.equals(gzipEtag(file))) {
                return true;
            }
        }
        return false;
    }

    /** gzip listed in Accept-Encoding without {@code q=0}. */
    private static boolean acceptsGzip(Request request) {
        String accepted = Optional.ofNullable(request.headers("Accept-Encoding")).orElse("");
        for (String coding : accepted.split(",")) {
            String[] parts = coding.split(";");
            // Exactly "gzip", as Spark tests it: a response marked gzip that Spark does not compress would be garbage.
            if (parts[0].strip().equals("gzip")) {
                return Arrays.stream(parts).skip(1).map(String::strip).map(parameter -> parameter.toLowerCase(Locale.ROOT))
                    .noneMatch(parameter -> parameter.matches("q=0(\\.0{0,3})?"));
            }
        }
        return false;
    }

    private static void securityHeaders(Response response) {
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("X-Frame-Options", "DENY");
        response.header("Cache-Control", "no-cache");
    }
}
