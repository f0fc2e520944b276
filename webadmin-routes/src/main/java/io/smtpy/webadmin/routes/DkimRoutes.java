package io.smtpy.webadmin.routes;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.task.TaskManager;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.tasks.TaskFromRequestRegistry;
import org.apache.james.webadmin.tasks.TaskRegistrationKey;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyRotation;
import io.smtpy.core.dkim.DkimKeyState;
import io.smtpy.core.dkim.DkimRotationRun;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.tasks.DkimRotationTask;
import io.smtpy.access.Permission;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * A domain's DKIM keys. Private keys never leave the server: the API shows selectors, states, dates and the TXT
 * record to publish.
 * <ul>
 *   <li>{@code GET /smtpy/domains/{domain}/dkim/keys}: every key, oldest first, with {@code signing} true for the
 *       keys that sign now</li>
 *   <li>{@code POST /smtpy/domains/{domain}/dkim/keys?action=rotate}: starts a rotation as a James task
 *       ({@code 201 {"taskId"}}): a successor key per algorithm, pending until its record is in DNS; the current key
 *       keeps signing until then</li>
 * </ul>
 */
public class DkimRoutes implements PublicRoutes {
    private static final String KEYS = DomainRoutes.BASE + "/" + RequestValues.DOMAIN_PARAM + "/dkim/keys";
    private static final Set<DkimKeyState> PUBLISHED = Set.of(DkimKeyState.PENDING, DkimKeyState.ACTIVE, DkimKeyState.RETIRING);

    private final AliasDirectory directory;
    private final DkimKeyRotation rotation;
    private final DkimRotationRun run;
    private final TaskManager taskManager;
    private final Clock clock;
    private final JsonTransformer json;

    private final SmtpyGuard guard;

    @Inject
    public DkimRoutes(AliasDirectory directory, DkimKeyRotation rotation, DkimRotationRun run, TaskManager taskManager,
                      Clock clock, JsonTransformer json, SmtpyGuard guard) {
        this.guard = guard;
        this.directory = directory;
        this.rotation = rotation;
        this.run = run;
        this.taskManager = taskManager;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return DomainRoutes.BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        routes.get(KEYS, Access.onDomain(Permission.DOMAINS_READ)).summary("The domain's DKIM keys with their DNS records")
            .to(this::list, json);
        routes.post(KEYS, Access.onDomain(Permission.DOMAINS_WRITE)).summary("?action=rotate: start a key rotation (a task)")
            .action("dkim.rotate")
            .to(TaskFromRequestRegistry.builder()
                .register(TaskRegistrationKey.of("rotate"), request -> DkimRotationTask.rotate(run, existingDomain(request), clock))
                .buildAsRoute(taskManager), json);
    }

    private DomainName existingDomain(Request request) {
        DomainName domain = RequestValues.domain(request);
        if (directory.domain(domain).isEmpty()) {
            throw new NotFoundException("domain " + domain + " does not exist");
        }
        return domain;
    }

    private Object list(Request request, Response response) {
        DomainName domain = existingDomain(request);
        List<DkimKey> signing = rotation.signingKeys(domain);
        return rotation.keys(domain).stream()
            .map(key -> new DkimKeyDTO(key, signing.contains(key)))
            .collect(Collectors.toList());
    }

    /** One key as the API shows it. */
    public static class DkimKeyDTO {
        public final String selector;
        public final String algorithm;
        public final String state;
        public final boolean signing;
        public final String recordName;
        /** The TXT value to publish; null once retired (the record may then be removed). */
        public final String txtRecord;
        public final Instant createdAt;
        public final Instant activatedAt;
        public final Instant retiringAt;
        public final Instant retiredAt;

        DkimKeyDTO(DkimKey key, boolean signing) {
            this.selector = key.selector().asString();
            this.algorithm = key.algorithm().signatureAlgorithm();
            this.state = key.state().name().toLowerCase(Locale.ROOT);
            this.signing = signing;
            this.recordName = key.recordName();
            this.txtRecord = PUBLISHED.contains(key.state()) ? key.txtRecord() : null;
            this.createdAt = key.createdAt();
            this.activatedAt = key.activatedAt().orElse(null);
            this.retiringAt = key.retiringAt().orElse(null);
            this.retiredAt = key.retiredAt().orElse(null);
        }
    }
}
