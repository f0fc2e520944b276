package io.smtpy.webadmin.routes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.pools.SourceAddress;
import io.smtpy.sending.pools.SourcePool;
import io.smtpy.sending.pools.SourcePools;
import io.smtpy.sending.queue.PriorityClass;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Service;

/**
 * {@code GET /smtpy/source-pools} (operator): the outbound source-address pools as read from smtpy.properties at start
 * ({@code pools.*}): each pool's addresses with their delivery queues, its domains and classes, and the default pool.
 * Pools are the operator's configuration; there is nothing to change over REST (edit the file, restart).
 */
public class SourcePoolRoutes implements PublicRoutes {
    public static final String BASE = "/smtpy/source-pools";

    private final SourcePools pools;
    private final JsonTransformer json;
    private final SmtpyGuard guard;

    @Inject
    public SourcePoolRoutes(SourcePools pools, JsonTransformer json, SmtpyGuard guard) {
        this.pools = pools;
        this.json = json;
        this.guard = guard;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        guard.on(service).get(BASE, Access.operator()).summary("The outbound source-address pools (operator configuration)")
            .to((request, response) -> body(), json);
    }

    private Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pools", pools.pools().stream().map(SourcePoolRoutes::pool).collect(Collectors.toList()));
        body.put("default", pools.defaultPool().map(SourcePool::name).orElse(null));
        return body;
    }

    private static Map<String, Object> pool(SourcePool pool) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", pool.name());
        body.put("addresses", pool.addresses().stream().map(SourcePoolRoutes::address).collect(Collectors.toList()));
        body.put("domains", pool.domains().stream().map(DomainName::asString).sorted().collect(Collectors.toList()));
        body.put("classes", pool.classes().stream().map(PriorityClass::asString).collect(Collectors.toList()));
        return body;
    }

    private static Map<String, Object> address(SourceAddress address) {
        return Map.of("address", address.literal(), "queue", address.queueName());
    }
}
