package io.smtpy.webadmin.routes;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.access.Permission;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;
import io.smtpy.sending.tracking.InvalidTrackingTokenException;
import io.smtpy.sending.tracking.Tracking;
import io.smtpy.sending.tracking.TrackingClaim;
import io.smtpy.sending.tracking.TrackingEvents;
import io.smtpy.sending.tracking.TrackingKind;
import io.smtpy.sending.tracking.TrackingSettings;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Open and click tracking of the mail owners submit ({@link Tracking}).
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/tracking} ({@code domains:read}) → {@code {"domain", "opens", "clicks",
 *   "available", "active", "note"?}}: what the owner asked, whether the installation can track at all (a
 *   {@code tracking.baseUrl}), and whether mail is being tracked now.</li>
 *   <li>{@code PUT /smtpy/domains/{domain}/tracking} {@code {"opens"?, "clicks"?}} ({@code sending:manage}): the
 *   fields given change, the others stay; audited ({@code tracking.set}, before and after).</li>
 *   <li>{@code GET /smtpy/t/o/{token}} (no sign-in: the pixel in a tracked mail) → 200, a 43-byte transparent 1x1
 *   GIF, {@code Cache-Control: no-store}; an {@code opened} event.</li>
 *   <li>{@code GET /smtpy/t/c/{token}} (no sign-in: a tracked link) → 302 to the URL the mail had; a {@code clicked}
 *   event naming the URL's host.</li>
 * </ul>
 * A token that is forged, malformed or of the other kind is 404, with no event; one of a domain deleted since still
 * works (the pixel, the redirect), without an event.
 */
public class TrackingRoutes implements PublicRoutes {
    static final String SETTINGS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/tracking";
    static final String OPEN = Tracking.OPEN_PATH + ":token";
    static final String CLICK = Tracking.CLICK_PATH + ":token";
    /** The smallest transparent GIF: 1x1, one colour, transparent. */
    static final byte[] PIXEL = java.util.Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
    private static final Logger LOGGER = LoggerFactory.getLogger(TrackingRoutes.class);

    private final AliasDirectory directory;
    private final Tracking tracking;
    private final TrackingEvents events;
    private final SmtpyGuard guard;
    private final JsonTransformer json;

    @Inject
    public TrackingRoutes(AliasDirectory directory, Tracking tracking, TrackingEvents events, SmtpyGuard guard, JsonTransformer json) {
        this.directory = directory;
        this.tracking = tracking;
        this.events = events;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return "/smtpy/t";
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        routes.get(SETTINGS, Access.onDomain(Permission.DOMAINS_READ))
            .summary("The domain's open and click tracking of submitted mail, and whether it is in force").to(this::show, json);
        routes.put(SETTINGS, Access.onDomain(Permission.SENDING_MANAGE))
            .summary("Turn open and click tracking of the domain's submitted mail on or off")
            .action("tracking.set").snapshot(request -> Optional.of(show(request, null))).to(this::set, json);
        routes.get(OPEN, Access.open()).summary("A tracking pixel: a 1x1 GIF, and an opened event").to(this::open);
        routes.get(CLICK, Access.open()).summary("A tracked link: a redirect to the mail's URL, and a clicked event").to(this::click);
    }

    private Object show(Request request, Response response) {
        DomainName domain = RequestValues.existingDomain(request, directory);
        TrackingSettings settings = tracking.settings(domain);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("domain", domain.asString());
        shown.put("opens", settings.opens());
        shown.put("clicks", settings.clicks());
        shown.put("available", tracking.available());
        shown.put("active", tracking.available() && settings.any());
        if (!tracking.available()) {
            shown.put("note", "this installation has no tracking.baseUrl: nothing is tracked until the operator sets one");
        }
        return shown;
    }

    private Object set(Request request, Response response) {
        DomainName domain = RequestValues.existingDomain(request, directory);
        JsonBody body = JsonBody.parse(request.body(), Set.of("opens", "clicks"));
        TrackingSettings current = tracking.settings(domain);
        tracking.change(domain, TrackingSettings.of(body.bool("opens").orElse(current.opens()),
            body.bool("clicks").orElse(current.clicks())));
        return show(request, response);
    }

    private Object open(Request request, Response response) {
        claim(request, TrackingKind.OPEN).ifPresent(this::record);
        response.status(HttpStatus.OK_200);
        response.type("image/gif");
        noStore(response);
        return PIXEL;
    }

    private Object click(Request request, Response response) {
        TrackingClaim claim = claim(request, TrackingKind.CLICK).orElseThrow(() -> notFound());
        String url = claim.url().orElseThrow(() -> notFound());
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw notFound();
        }
        record(claim);
        noStore(response);
        // Not Spark's redirect(): Jetty's sendRedirect would resolve the URL and set its own cache header.
        response.status(HttpStatus.FOUND_302);
        response.header("Location", url);
        return "";
    }

    /** The verified claim; a refused token is 404 (the pixel's too: it must not tell a forger anything). */
    private Optional<TrackingClaim> claim(Request request, TrackingKind kind) {
        try {
            return Optional.of(tracking.verify(kind, request.params(":token")));
        } catch (InvalidTrackingTokenException e) {
            LOGGER.debug("Tracking link refused: {}", e.getMessage());
            throw notFound();
        }
    }

    /** An event for a domain that still exists; recording never keeps the reader from the pixel or the page. */
    private void record(TrackingClaim claim) {
        if (directory.domain(claim.domain()).isEmpty()) {
            return;
        }
        try {
            events.record(claim);
        } catch (RuntimeException e) {
            LOGGER.warn("Tracking event of {} not recorded: {}", claim, e.toString());
        }
    }

    private static void noStore(Response response) {
        response.header("Cache-Control", "no-store");
        response.header("Referrer-Policy", "no-referrer");
        response.header("X-Content-Type-Options", "nosniff");
    }

    private static RuntimeException notFound() {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .type(ErrorResponder.ErrorType.NOT_FOUND)
            .message("No such link")
            .haltError();
    }
}
