package io.smtpy.webadmin.tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;

import io.smtpy.core.dkim.DkimKeyTransition;
import io.smtpy.core.dkim.DkimRotationRun;
import io.smtpy.core.model.DomainName;

/**
 * DKIM key rotation as a James task: either the scheduled step over every domain, or a rotation of one domain's
 * keys started by its owner ({@code POST /smtpy/domains/{domain}/dkim/keys?action=rotate}). Its details list the
 * transitions made; the same transitions are recorded as {@code dkim-key} events of each domain.
 */
public class DkimRotationTask implements Task {
    public static final TaskType TYPE = TaskType.of("smtpy-dkim-rotation");
    /** The {@code domain} of the details of a scheduled run over every domain. */
    public static final String EVERY_DOMAIN = "*";

    private final DkimRotationRun run;
    private final Optional<DomainName> domain;
    private final Clock clock;
    private final AtomicReference<List<String>> transitions = new AtomicReference<>(List.of());

    private DkimRotationTask(DkimRotationRun run, Optional<DomainName> domain, Clock clock) {
        this.run = Objects.requireNonNull(run, "run");
        this.domain = domain;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The scheduled step over every domain. */
    public static DkimRotationTask everyDomain(DkimRotationRun run, Clock clock) {
        return new DkimRotationTask(run, Optional.empty(), clock);
    }

    /** An owner's rotation of one domain's keys. */
    public static DkimRotationTask rotate(DkimRotationRun run, DomainName domain, Clock clock) {
        return new DkimRotationTask(run, Optional.of(domain), clock);
    }

    @Override
    public Result run() {
        List<DkimKeyTransition> made = domain.map(run::rotateNow).orElseGet(run::everyDomain);
        transitions.set(made.stream().map(DkimKeyTransition::toString).collect(Collectors.toList()));
        return Result.COMPLETED;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        return Optional.of(new Details(domain.map(DomainName::asString).orElse(EVERY_DOMAIN), transitions.get(), clock.instant()));
    }

    /** Which domain the task worked on and the transitions it made, e.g. {@code s._domainkey.d PENDING -> ACTIVE at ...}. */
    public static final class Details implements TaskExecutionDetails.AdditionalInformation {
        private final String domain;
        private final List<String> transitions;
        private final Instant timestamp;

        public Details(String domain, List<String> transitions, Instant timestamp) {
            this.domain = domain;
            this.transitions = List.copyOf(transitions);
            this.timestamp = timestamp;
        }

        public String getDomain() {
            return domain;
        }

        public List<String> getTransitions() {
            return transitions;
        }

        @Override
        public Instant timestamp() {
            return timestamp;
        }
    }
}
