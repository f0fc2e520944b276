package io.smtpy.webadmin.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Singleton;

import spark.Service;
import spark.route.HttpMethod;
import spark.routematch.RouteMatch;

/**
 * Every smtpy route with the access it declares, filled as the routes define themselves through
 * {@link GuardedService}. The OpenAPI document is generated from it, the route matrix test walks it, and
 * {@link #undeclaredRoutes()} finds any {@code /smtpy} route added to Spark without going through the guard.
 */
@Singleton
public final class RouteRegistry {
    private final Map<String, RouteSpec> routes = new LinkedHashMap<>();
    private final Set<Service> services = new java.util.HashSet<>();

    synchronized void register(Service service, RouteSpec spec) {
        services.add(service);
        RouteSpec earlier = routes.putIfAbsent(spec.key(), spec);
        if (earlier != null) {
            throw new IllegalStateException("route declared twice: " + spec.key());
        }
    }

    public synchronized List<RouteSpec> routes() {
        List<RouteSpec> all = new ArrayList<>(routes.values());
        all.sort(Comparator.comparing(RouteSpec::path).thenComparing(RouteSpec::method));
        return all;
    }

    /** Spark routes under {@code /smtpy} that no {@link RouteSpec} declares: each is a route without a guard. */
    public synchronized List<String> undeclaredRoutes() {
        List<String> undeclared = new ArrayList<>();
        for (Service service : services) {
            for (RouteMatch match : service.routes()) {
                HttpMethod method = match.getHttpMethod();
                if (method == HttpMethod.before || method == HttpMethod.after || method == HttpMethod.afterafter
                    || method == HttpMethod.options || !match.getMatchUri().startsWith("/smtpy")) {
                    continue;
                }
                String key = method.name().toUpperCase(Locale.ROOT) + " " + match.getMatchUri();
                if (!routes.containsKey(key)) {
                    undeclared.add(key);
                }
            }
        }
        return undeclared.stream().distinct().sorted().collect(Collectors.toList());
    }
}
