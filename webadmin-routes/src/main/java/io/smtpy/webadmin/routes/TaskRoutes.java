package io.smtpy.webadmin.routes;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.json.DTOConverter;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskId;
import org.apache.james.task.TaskManager;
import org.apache.james.task.TaskNotFoundException;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.dto.ExecutionDetailsDto;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import io.smtpy.access.Permission;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.GuardedService;
import io.smtpy.webadmin.guard.SmtpyGuard;
import io.smtpy.webadmin.tasks.TaskRecords;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The tasks smtpy's routes start, shown only to those who reach the task's domain (James's own {@code /tasks}
 * would show every account's tasks, so it answers the operator only), whichever node of a cluster started them.
 * <ul>
 *   <li>{@code GET /smtpy/tasks/{taskId}}: the task's status and details, as {@code /tasks/{taskId}}</li>
 *   <li>{@code GET /smtpy/tasks/{taskId}/await?timeout=30}: the same once it has finished (timeout in seconds, at most
 *       3600; default 60); 408 when it has not finished by then</li>
 * </ul>
 * A task this node runs is answered by its own task manager; one another node runs, from its record in the shared
 * ledger ({@link TaskRecords}), in the same JSON, which {@code await} reads every {@value #REMOTE_POLL_MILLIS} ms.
 */
public class TaskRoutes implements PublicRoutes {
    public static final String BASE = "/smtpy/tasks";
    private static final String TASK = BASE + "/:taskId";
    private static final Duration DEFAULT_AWAIT = Duration.ofSeconds(60);
    static final long REMOTE_POLL_MILLIS = 500;

    private final TaskManager taskManager;
    private final TaskRecords records;
    private final SmtpyGuard guard;
    private final JsonTransformer json;
    private final DTOConverter<TaskExecutionDetails.AdditionalInformation, AdditionalInformationDTO> details =
        DTOConverter.of(io.smtpy.webadmin.tasks.SmtpyTaskDetails.array());

    @Inject
    public TaskRoutes(TaskManager taskManager, TaskRecords records, SmtpyGuard guard, JsonTransformer json) {
        this.taskManager = taskManager;
        this.records = records;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        SmtpyErrors.install(service);
        GuardedService routes = guard.on(service);
        routes.get(TASK, Access.onTask(Permission.DOMAINS_READ)).summary("A task started by an smtpy route")
            .to((request, response) -> ExecutionDetailsDto.from(details, local(taskId(request)).orElseGet(() -> remote(request))), json);
        routes.get(TASK + "/await", Access.onTask(Permission.DOMAINS_READ)).summary("Wait for a task to finish")
            .to(this::await, json);
    }

    /** 408 when the task has not finished within the timeout: the client asks again. */
    private Object await(Request request, Response response) throws InterruptedException {
        TaskId id = taskId(request);
        Duration timeout = timeout(request);
        if (local(id).isEmpty()) {
            return ExecutionDetailsDto.from(details, awaitRemote(request, timeout));
        }
        try {
            return ExecutionDetailsDto.from(details, taskManager.await(id, timeout));
        } catch (TaskManager.ReachedTimeoutException e) {
            throw notFinished();
        } catch (TaskNotFoundException e) {
            throw absent(request);
        }
    }

    /** The task as this node's task manager shows it; empty when another node runs it. */
    private Optional<TaskExecutionDetails> local(TaskId id) {
        try {
            return Optional.of(taskManager.getExecutionDetails(id));
        } catch (TaskNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A task another node runs: its record, read again until it is finished or {@code timeout} has passed. */
    private TaskExecutionDetails awaitRemote(Request request, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TaskExecutionDetails task = remote(request);
            if (task.getStatus().isFinished()) {
                return task;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw notFinished();
            }
            Thread.sleep(Math.min(REMOTE_POLL_MILLIS, Math.max(1, left / 1_000_000)));
        }
    }

    /** A task another node runs, from its record (failed when its node fell silent). */
    private TaskExecutionDetails remote(Request request) {
        return records.find(request.params(":taskId")).map(records::executionDetails).orElseThrow(() -> absent(request));
    }

    private static NotFoundException absent(Request request) {
        return new NotFoundException("task " + request.params(":taskId") + " does not exist");
    }

    private static RuntimeException notFinished() {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.REQUEST_TIMEOUT_408)
            .type(ErrorResponder.ErrorType.WRONG_STATE)
            .message("The task has not finished within the timeout: ask again")
            .haltError();
    }

    private static TaskId taskId(Request request) {
        try {
            return TaskId.fromString(request.params(":taskId"));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("taskId", "'taskId' is not a task id");
        }
    }

    private static Duration timeout(Request request) {
        return Optional.ofNullable(request.queryParams("timeout")).filter(value -> !value.isEmpty()).map(value -> {
            try {
                long seconds = Long.parseLong(value.replaceAll("s$", ""));
                if (seconds < 0 || seconds > 3600) {
                    throw new NumberFormatException();
                }
                return Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                throw new InvalidFieldException("timeout", "'timeout' must be 0 to 3600 seconds");
            }
        }).orElse(DEFAULT_AWAIT);
    }
}
