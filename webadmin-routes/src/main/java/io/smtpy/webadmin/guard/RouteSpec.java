package io.smtpy.webadmin.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import spark.Request;

/**
 * One smtpy route as the registry knows it: method, Spark path ({@code /smtpy/domains/:domain}), the access it
 * declares, what it does (for the OpenAPI document), the audit action of a mutation, the body type it accepts,
 * and optionally how to read the resource's state before and after a mutation (for the audit diff).
 */
public final class RouteSpec {
    private static final Pattern PARAM = Pattern.compile(":([A-Za-z]+)");

    private final String method;
    private final String path;
    private final Access access;
    private final String summary;
    private final String action;
    private final String bodyType;
    private final Optional<Function<Request, Optional<Object>>> snapshot;
    private final long maxBodyBytes;

    RouteSpec(String method, String path, Access access, String summary, String action, String bodyType,
              Optional<Function<Request, Optional<Object>>> snapshot, long maxBodyBytes) {
        this.method = method;
        this.path = path;
        this.access = access;
        this.summary = summary;
        this.action = action;
        this.bodyType = bodyType;
        this.snapshot = snapshot;
        this.maxBodyBytes = maxBodyBytes;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Access access() {
        return access;
    }

    public String summary() {
        return summary;
    }

    public String action() {
        return action;
    }

    public String bodyType() {
        return bodyType;
    }

    public Optional<Function<Request, Optional<Object>>> snapshot() {
        return snapshot;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public boolean mutating() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    /** The path's parameters, in order, without the colon. */
    public List<String> parameters() {
        List<String> names = new ArrayList<>();
        Matcher matcher = PARAM.matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The path in OpenAPI form: {@code /smtpy/domains/{domain}}. */
    public String openApiPath() {
        return PARAM.matcher(path).replaceAll("{$1}");
    }

    public String key() {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    @Override
    public String toString() {
        return key() + " (" + access.describe() + ")";
    }
}
