package io.smtpy.core.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

/**
 * What any node may know of a task that a node runs (an alias import, a DKIM rotation): its id and type, the account
 * and domain it was started for (who may follow it), its status and times, the node running it, when that node last
 * wrote the record ({@link #heartbeatAt}), and its details as the JSON the task's details module writes. The node
 * running the task writes it ({@link TaskLedger}); every other node only reads it.
 */
public final class TaskRecord {
    /** Where a task is; the values are those of James's task JSON ({@code canceled} with one l, as James spells it). */
    public enum Status {
        WAITING("waiting", false),
        IN_PROGRESS("inProgress", false),
        COMPLETED("completed", true),
        FAILED("failed", true),
        CANCELLED("canceled", true);

        private final String value;
        private final boolean finished;

        Status(String value, boolean finished) {
            this.value = value;
            this.finished = finished;
        }

        public String value() {
            return value;
        }

        /** Whether the task has ended: nothing will change its record any more. */
        public boolean finished() {
            return finished;
        }

        /** @throws IllegalArgumentException for a value no status has */
        public static Status of(String value) {
            return Arrays.stream(values()).filter(status -> status.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is no task status"));
        }
    }

    private final String id;
    private final String type;
    private final String account;
    private final Optional<DomainName> domain;
    private final Status status;
    private final String node;
    private final Instant submittedAt;
    private final Optional<Instant> startedAt;
    private final Optional<Instant> finishedAt;
    private final Instant heartbeatAt;
    private final Optional<String> details;

    private TaskRecord(Builder builder) {
        this.id = required("id", builder.id);
        this.type = required("type", builder.type);
        this.account = required("account", builder.account);
        this.domain = builder.domain;
        this.status = Objects.requireNonNull(builder.status, "status");
        this.node = required("node", builder.node);
        this.submittedAt = Objects.requireNonNull(builder.submittedAt, "submittedAt");
        this.startedAt = builder.startedAt;
        this.finishedAt = builder.finishedAt;
        this.heartbeatAt = Objects.requireNonNull(builder.heartbeatAt, "heartbeatAt");
        this.details = builder.details;
        if (status.finished() != finishedAt.isPresent()) {
            throw new InvalidFieldException("finishedAt", "a task record has an end time exactly when it is finished ("
                + status.value() + ", finishedAt " + finishedAt.map(Instant::toString).orElse("none") + ")");
        }
        if (status == Status.IN_PROGRESS && startedAt.isEmpty()) {
            throw new InvalidFieldException("startedAt", "a task in progress has a start time");
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "a task record needs its " + field);
        }
        return value;
    }

    /**
     * @param id the task's id (James's, a UUID)
     * @param type the task's type, e.g. {@code smtpy-alias-import}
     * @param account the id of the account the task was started for, as the access module writes it
     */
    public static Builder builder(String id, String type, String account) {
        return new Builder(id, type, account);
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String account() {
        return account;
    }

    /** The domain the task works on; empty for a task over every domain. */
    public Optional<DomainName> domain() {
        return domain;
    }

    public Status status() {
        return status;
    }

    /** The node that runs the task (and took it: a node runs the tasks it was given), as James names it. */
    public String node() {
        return node;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public Optional<Instant> startedAt() {
        return startedAt;
    }

    /** When it completed, failed or was cancelled; present exactly when it is {@link Status#finished()}. */
    public Optional<Instant> finishedAt() {
        return finishedAt;
    }

    /** When its node last wrote this record: at least every {@link TaskLedger#HEARTBEAT} while the task is unfinished. */
    public Instant heartbeatAt() {
        return heartbeatAt;
    }

    /** The task's details, as the JSON of its details module ({@code {"type": ..., ...}}); empty when it has none. */
    public Optional<String> details() {
        return details;
    }

    /**
     * This record as a reader should take it at {@code now}: an unfinished task whose node has not written its record
     * for {@code silence} is {@link Status#FAILED failed} at its last heartbeat (its node stopped, or lost the task in a
     * restart: nothing will finish it), with its last details; any other record as it is.
     */
    public TaskRecord asSeenAt(Instant now, Duration silence) {
        if (status.finished() || !heartbeatAt.plus(silence).isBefore(now)) {
            return this;
        }
        return toBuilder().status(Status.FAILED).finishedAt(Optional.of(heartbeatAt)).build();
    }

    public Builder toBuilder() {
        return new Builder(id, type, account).domain(domain).status(status).node(node).submittedAt(submittedAt)
            .startedAt(startedAt).finishedAt(finishedAt).heartbeatAt(heartbeatAt).details(details);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof TaskRecord)) {
            return false;
        }
        TaskRecord that = (TaskRecord) other;
        return id.equals(that.id) && type.equals(that.type) && account.equals(that.account) && domain.equals(that.domain)
            && status == that.status && node.equals(that.node) && submittedAt.equals(that.submittedAt)
            && startedAt.equals(that.startedAt) && finishedAt.equals(that.finishedAt)
            && heartbeatAt.equals(that.heartbeatAt) && details.equals(that.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, status, heartbeatAt);
    }

    @Override
    public String toString() {
        return "task " + id + " (" + type + ", " + status.value() + " on " + node + ", heartbeat " + heartbeatAt + ")";
    }

    /** A record being made: every field but the domain, the start and end times and the details is required. */
    public static final class Builder {
        private final String id;
        private final String type;
        private final String account;
        private Optional<DomainName> domain = Optional.empty();
        private Status status;
        private String node;
        private Instant submittedAt;
        private Optional<Instant> startedAt = Optional.empty();
        private Optional<Instant> finishedAt = Optional.empty();
        private Instant heartbeatAt;
        private Optional<String> details = Optional.empty();

        private Builder(String id, String type, String account) {
            this.id = id;
            this.type = type;
            this.account = account;
        }

        public Builder domain(Optional<DomainName> domain) {
            this.domain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        public Builder status(Status status) {
            this.status = status;
            return this;
        }

        public Builder node(String node) {
            this.node = node;
            return this;
        }

        public Builder submittedAt(Instant submittedAt) {
            this.submittedAt = submittedAt;
            return this;
        }

        public Builder startedAt(Optional<Instant> startedAt) {
            this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
            return this;
        }

        public Builder finishedAt(Optional<Instant> finishedAt) {
            this.finishedAt = Objects.requireNonNull(finishedAt, "finishedAt");
            return this;
        }

        public Builder heartbeatAt(Instant heartbeatAt) {
            this.heartbeatAt = heartbeatAt;
            return this;
        }

        public Builder details(Optional<String> details) {
            this.details = Objects.requireNonNull(details, "details");
            return this;
        }

        /** @throws InvalidFieldException for a missing field, or times that do not fit the status */
        public TaskRecord build() {
            return new TaskRecord(this);
        }
    }
}
