package io.smtpy.webadmin.tasks;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.server.task.json.JsonTaskAdditionalInformationSerializer;
import org.apache.james.task.Hostname;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskId;
import org.apache.james.task.TaskManager;
import org.apache.james.task.TaskNotFoundException;
import org.apache.james.task.TaskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smtpy.access.AccessId;
import io.smtpy.core.cluster.TaskLedger;
import io.smtpy.core.cluster.TaskRecord;
import io.smtpy.core.model.DomainName;

/**
 * The tasks smtpy's routes start, as every node sees them. James's task manager here is each node's own, in memory:
 * this node's routes {@link #started tell} which tasks they submitted, and for whom; from then on the node copies each
 * one's state, as its own task manager shows it (status, dates, details, progress), into the shared
 * {@link TaskLedger}, at once and then every {@link TaskLedger#HEARTBEAT} until a final state is written (a daemon
 * thread, {@code smtpy-task-records}, started with the first task). Any node {@link #find finds} a task there, and
 * shows it in James's task JSON ({@link #executionDetails}).
 *
 * <p>Mirroring the task manager, rather than recording from inside the task, keeps James's own dates and transitions
 * (a task cancelled while waiting, or failed by an exception, included), for any type of task. A write the store
 * refuses is tried again at the next heartbeat; meanwhile this node still knows its tasks. A task whose node stops
 * is shown failed once its record goes unwritten for {@link TaskLedger#SILENCE} ({@link TaskRecord#asSeenAt}).
 */
@Singleton
public final class TaskRecords {
    private static final Logger LOGGER = LoggerFactory.getLogger(TaskRecords.class);

    private final TaskLedger ledger;
    private final TaskManager taskManager;
    private final Clock clock;
    private final boolean beating;
    private final JsonTaskAdditionalInformationSerializer detailsJson = JsonTaskAdditionalInformationSerializer.of(
        SmtpyTaskDetails.array());
    /** The tasks this node started whose final state is not written yet. */
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private ScheduledExecutorService heartbeat;

    /** One task this node follows: for whom it was started, and its record as last made. */
    private static final class Followed {
        private final TaskId id;
        private final AccessId account;
        private final Optional<DomainName> domain;
        private volatile TaskRecord last;

        private Followed(TaskId id, AccessId account, Optional<DomainName> domain) {
            this.id = id;
            this.account = account;
            this.domain = domain;
        }
    }

    @Inject
    public TaskRecords(TaskLedger ledger, TaskManager taskManager, Clock clock) {
        this(ledger, taskManager, clock, true);
    }

    /** @param beating whether to start the heartbeat thread; without it only {@link #refresh()} writes (tests) */
    TaskRecords(TaskLedger ledger, TaskManager taskManager, Clock clock, boolean beating) {
        this.ledger = ledger;
        this.taskManager = taskManager;
        this.clock = clock;
        this.beating = beating;
    }

    /**
     * A route of this node submitted the task {@code id} for {@code account} (on {@code domain}): its record is written
     * now, then at every heartbeat until it ends.
     */
    public void started(TaskId id, AccessId account, Optional<DomainName> domain) {
        Followed task = new Followed(id, account, domain);
        followed.put(id.asString(), task);
        write(task);
        startBeating();
    }

    /** Writes the current state of every task this node follows (the heartbeat); forgets those that ended. */
    public void refresh() {
        followed.values().forEach(this::write);
    }

    /**
     * The record of a task smtpy's routes started on any node, as a reader takes it now (a task whose node fell silent
     * is failed); empty for an unknown or expired task.
     */
    public Optional<TaskRecord> find(String taskId) {
        Optional<TaskRecord> record = Optional.ofNullable(followed.get(taskId)).map(task -> task.last);
        return record.or(() -> ledger.find(taskId)).map(found -> found.asSeenAt(clock.instant(), TaskLedger.SILENCE));
    }

    /** {@code record} as James's task manager would show the task: the same JSON, whichever node answers. */
    public TaskExecutionDetails executionDetails(TaskRecord record) {
        Hostname node = new Hostname(record.node());
        Optional<TaskExecutionDetails.AdditionalInformation> details = record.details().flatMap(json -> additionalInformation(record, json));
        Optional<ZonedDateTime> ended = record.finishedAt().map(TaskRecords::zoned);
        return new TaskExecutionDetails(TaskId.fromString(record.id()), TaskType.of(record.type()), status(record.status()),
            zoned(record.submittedAt()), node, () -> details, record.startedAt().map(TaskRecords::zoned),
            record.startedAt().map(started -> node),
            ended.filter(any -> record.status() == TaskRecord.Status.COMPLETED),
            ended.filter(any -> record.status() == TaskRecord.Status.CANCELLED),
            Optional.empty(),
            ended.filter(any -> record.status() == TaskRecord.Status.FAILED));
    }

    private Optional<TaskExecutionDetails.AdditionalInformation> additionalInformation(TaskRecord record, String json) {
        try {
            return Optional.of(detailsJson.deserialize(json));
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("The details of task {} ({}) cannot be read: {}", record.id(), record.type(), e.getMessage());
            return Optional.empty();
        }
    }

    private void write(Followed task) {
        synchronized (task) {
            TaskExecutionDetails current;
            try {
                current = taskManager.getExecutionDetails(task.id);
            } catch (TaskNotFoundException e) {
                followed.remove(task.id.asString());
                return;
            }
            task.last = record(task, current);
            try {
                ledger.record(task.last);
            } catch (RuntimeException e) {
                LOGGER.warn("Could not record task {}, trying again in {}: {}", task.id.asString(), TaskLedger.HEARTBEAT, e.getMessage());
                return;
            }
            if (task.last.status().finished()) {
                followed.remove(task.id.asString());
            }
        }
    }

    private TaskRecord record(Followed task, TaskExecutionDetails current) {
        TaskRecord.Status status = status(current);
        Optional<ZonedDateTime> ended;
        switch (status) {
            case COMPLETED:
                ended = current.getCompletedDate();
                break;
            case FAILED:
                ended = current.getFailedDate();
                break;
            case CANCELLED:
                ended = current.getCanceledDate();
                break;
            default:
                ended = Optional.empty();
        }
        Instant now = clock.instant();
        return TaskRecord.builder(task.id.asString(), current.getType().asString(), task.account.asString())
            .domain(task.domain)
            .status(status)
            .node(current.getRanNode().orElse(current.getSubmittedNode()).asString())
            .submittedAt(current.getSubmittedDate().toInstant())
            .startedAt(current.getStartedDate().map(ZonedDateTime::toInstant)
                .or(() -> status == TaskRecord.Status.IN_PROGRESS ? Optional.of(now) : Optional.empty()))
            .finishedAt(ended.map(ZonedDateTime::toInstant).or(() -> status.finished() ? Optional.of(now) : Optional.empty()))
            .heartbeatAt(now)
            .details(current.getAdditionalInformation().flatMap(this::json))
            .build();
    }

    private Optional<String> json(TaskExecutionDetails.AdditionalInformation details) {
        try {
            return Optional.of(detailsJson.serialize(details));
        } catch (JsonProcessingException | RuntimeException e) {
            LOGGER.warn("The details {} cannot be written as JSON: {}", details.getClass().getSimpleName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** A cancellation asked for but not done yet is the task still running, or still waiting. */
    private static TaskRecord.Status status(TaskExecutionDetails current) {
        switch (current.getStatus()) {
            case WAITING:
                return TaskRecord.Status.WAITING;
            case IN_PROGRESS:
                return TaskRecord.Status.IN_PROGRESS;
            case CANCEL_REQUESTED:
                return current.getStartedDate().isPresent() ? TaskRecord.Status.IN_PROGRESS : TaskRecord.Status.WAITING;
            case COMPLETED:
                return TaskRecord.Status.COMPLETED;
            case CANCELLED:
                return TaskRecord.Status.CANCELLED;
            default:
                return TaskRecord.Status.FAILED;
        }
    }

    private static TaskManager.Status status(TaskRecord.Status status) {
        return TaskManager.Status.fromString(status.value());
    }

    private static ZonedDateTime zoned(Instant instant) {
        return ZonedDateTime.ofInstant(instant, ZoneId.systemDefault());
    }

    private synchronized void startBeating() {
        if (!beating || heartbeat != null) {
            return;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smtpy-task-records");
            thread.setDaemon(true);
            return thread;
        });
        long millis = TaskLedger.HEARTBEAT.toMillis();
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOGGER.warn("Could not record the tasks of this node: {}", e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the heartbeat: the tasks still running are shown failed once their records fall silent. */
    @PreDestroy
    public synchronized void close() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }
}
