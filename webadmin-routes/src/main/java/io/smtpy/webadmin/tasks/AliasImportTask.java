package io.smtpy.webadmin.tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.importing.AliasImport;
import io.smtpy.core.model.Alias;
import io.smtpy.core.model.DomainName;

/**
 * Imports a CSV of aliases into one domain as a James task. By default all or nothing: one bad line and
 * nothing is written (the task ends "failed" with the report). With {@code partial}, the valid lines are
 * saved and the bad ones reported (the task still fails when no line is valid). With {@code dryRun}, nothing is
 * written in any case.
 *
 * <p>Details (in {@code GET /tasks/{id}}): lines read so far (progress), aliases valid, to create, to
 * update, and the first {@value #MAX_REPORTED_ERRORS} line errors with the total error count.
 */
public class AliasImportTask implements Task {
    public static final TaskType TYPE = TaskType.of("smtpy-alias-import");
    static final int MAX_REPORTED_ERRORS = 1000;

    private final AliasDirectory directory;
    private final DomainName domain;
    private final String csv;
    private final boolean dryRun;
    private final boolean partial;
    private final Clock clock;
    private final AtomicInteger linesRead = new AtomicInteger();
    private final AtomicReference<Outcome> outcome = new AtomicReference<>(Outcome.NOT_DONE);

    /** What the import found and did, set once it has run. */
    private static final class Outcome {
        static final Outcome NOT_DONE = new Outcome(0, 0, 0, List.of(), false);

        final int valid;
        final int created;
        final int updated;
        final List<AliasImport.LineError> errors;
        final boolean written;

        Outcome(int valid, int created, int updated, List<AliasImport.LineError> errors, boolean written) {
            this.valid = valid;
            this.created = created;
            this.updated = updated;
            this.errors = errors;
            this.written = written;
        }
    }

    public AliasImportTask(AliasDirectory directory, DomainName domain, String csv, boolean dryRun, boolean partial) {
        this.directory = directory;
        this.domain = domain;
        this.csv = csv;
        this.dryRun = dryRun;
        this.partial = partial;
        this.clock = directory.clock();
    }

    @Override
    public Result run() {
        AliasImport.Result read = AliasImport.read(domain, csv, clock.instant(), directory.limits(), linesRead::set);
        List<Alias> aliases = read.aliases();
        // A partial import still fails when nothing in the file could be read: a wrong file is not a partial success.
        boolean refused = !read.errors().isEmpty() && (!partial || aliases.isEmpty());
        if (refused || dryRun || aliases.isEmpty()) {
            int toUpdate = (int) aliases.stream().filter(alias -> directory.aliasExists(alias.address())).count();
            outcome.set(new Outcome(aliases.size(), aliases.size() - toUpdate, toUpdate, read.errors(), false));
            return refused ? Result.PARTIAL : Result.COMPLETED;
        }
        int replaced = directory.saveAliases(domain, aliases);
        outcome.set(new Outcome(aliases.size(), aliases.size() - replaced, replaced, read.errors(), true));
        return Result.COMPLETED;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        Outcome current = outcome.get();
        return Optional.of(new Details(domain.asString(), dryRun, partial, linesRead.get(), current.valid, current.created,
            current.updated, current.written, current.errors.size(),
            current.errors.stream().limit(MAX_REPORTED_ERRORS).collect(ImmutableList.toImmutableList()),
            clock.instant()));
    }

    /** The task's progress and report. */
    public static final class Details implements TaskExecutionDetails.AdditionalInformation {
        private final String domain;
        private final boolean dryRun;
        private final boolean partial;
        private final int linesRead;
        private final int valid;
        private final int created;
        private final int updated;
        private final boolean written;
        private final int errorCount;
        private final List<AliasImport.LineError> errors;
        private final Instant timestamp;

        public Details(String domain, boolean dryRun, boolean partial, int linesRead, int valid, int created, int updated,
                       boolean written, int errorCount, List<AliasImport.LineError> errors, Instant timestamp) {
            this.domain = domain;
            this.dryRun = dryRun;
            this.partial = partial;
            this.linesRead = linesRead;
            this.valid = valid;
            this.created = created;
            this.updated = updated;
            this.written = written;
            this.errorCount = errorCount;
            this.errors = errors;
            this.timestamp = timestamp;
        }

        public String getDomain() {
            return domain;
        }

        public boolean isDryRun() {
            return dryRun;
        }

        public boolean isPartial() {
            return partial;
        }

        public int getLinesRead() {
            return linesRead;
        }

        public int getValid() {
            return valid;
        }

        public int getCreated() {
            return created;
        }

        public int getUpdated() {
            return updated;
        }

        public boolean isWritten() {
            return written;
        }

        public int getErrorCount() {
            return errorCount;
        }

        public List<AliasImport.LineError> getErrors() {
            return errors;
        }

        @Override
        public Instant timestamp() {
            return timestamp;
        }

        @Override
        public String toString() {
            return "import into " + domain + ": " + errors.stream().map(AliasImport.LineError::toString).collect(Collectors.joining("; "));
        }
    }
}
