package io.smtpy.core.importing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;

/**
 * Reads a CSV of aliases (see {@link AliasCsv}) for one domain into aliases ready to save, and the errors of
 * every line that cannot be imported, each with its line number and field. Reading writes nothing: the caller
 * decides from the result whether to save (all-or-nothing, or the valid lines only).
 */
public final class AliasImport {

    /** Why one line cannot be imported. */
    public static final class LineError {
        private final int line;
        private final String field;
        private final String message;

        public LineError(int line, String field, String message) {
            this.line = line;
            this.field = field;
            this.message = message;
        }

        public int line() {
            return line;
        }

        public String field() {
            return field;
        }

        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return "line " + line + (field.isEmpty() ? "" : ", " + field) + ": " + message;
        }
    }

    /** The aliases read and the lines refused. */
    public static final class Result {
        private final List<Alias> aliases;
        private final List<LineError> errors;
        private final int records;

        Result(List<Alias> aliases, List<LineError> errors, int records) {
            this.aliases = ImmutableList.copyOf(aliases);
            this.errors = ImmutableList.copyOf(errors);
            this.records = records;
        }

        public List<Alias> aliases() {
            return aliases;
        }

        public List<LineError> errors() {
            return errors;
        }

        /** Data records read (the header and blank lines excluded). */
        public int records() {
            return records;
        }
    }

    private AliasImport() {
    }

    /**
     * @param progress told how many records have been read so far, every 1000 records and at the end
     */
    public static Result read(DomainName domain, String csv, Instant now, Limits limits, IntConsumer progress) {
        List<CsvRecords.Record> records = CsvRecords.parse(csv);
        if (records.isEmpty()) {
            return new Result(List.of(), List.of(new LineError(1, "header", "the file is empty: a header line is required")), 0);
        }
        CsvRecords.Record headerRecord = records.get(0);
        if (headerRecord.malformed()) {
            return new Result(List.of(), List.of(new LineError(headerRecord.line(), "header", headerRecord.error())), 0);
        }
        List<String> columns;
        try {
            columns = AliasCsv.header(headerRecord.fields());
        } catch (InvalidFieldException e) {
            return new Result(List.of(), List.of(new LineError(headerRecord.line(), e.field(), e.getMessage())), 0);
        }

        List<Alias> aliases = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        Map<LocalPart, Integer> firstLine = new HashMap<>();
        int read = 0;
        for (CsvRecords.Record record : records.subList(1, records.size())) {
            read++;
            if (read % 1000 == 0) {
                progress.accept(read);
            }
            if (record.malformed()) {
                errors.add(new LineError(record.line(), "", record.error()));
                continue;
            }
            if (record.fields().size() != columns.size()) {
                errors.add(new LineError(record.line(), "", "expected " + columns.size() + " fields, got " + record.fields().size()));
                continue;
            }
            try {
                Alias alias = toAlias(domain, columns, record.fields(), now, limits);
                Integer earlier = firstLine.putIfAbsent(alias.address().localPart(), record.line());
                if (earlier != null) {
                    errors.add(new LineError(record.line(), AliasCsv.LOCAL_PART, "alias '" + alias.address().localPart()
                        + "' already appears on line " + earlier));
                    continue;
                }
                aliases.add(alias);
            } catch (InvalidFieldException e) {
                errors.add(new LineError(record.line(), e.field(), e.getMessage()));
            }
        }
        progress.accept(read);
        return new Result(aliases, errors, read);
    }

    private static Alias toAlias(DomainName domain, List<String> columns, List<String> fields, Instant now, Limits limits) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i), AliasCsv.cell(fields.get(i)));
        }
        LocalPart localPart;
        try {
            localPart = LocalPart.of(values.get(AliasCsv.LOCAL_PART).trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(AliasCsv.LOCAL_PART, e.getMessage());
        }
        Alias.Builder builder = Alias.builder(AliasAddress.of(domain, localPart))
            .destinations(AliasCsv.destinations(values.get(AliasCsv.DESTINATIONS)))
            .description(Optional.ofNullable(values.get(AliasCsv.DESCRIPTION)).orElse(""))
            .enabled(AliasCsv.enabled(Optional.ofNullable(values.get(AliasCsv.ENABLED)).orElse("")))
            .expiresAt(AliasCsv.expiresAt(Optional.ofNullable(values.get(AliasCsv.EXPIRES_AT)).orElse("")))
            .createdAt(now)
            .updatedAt(now);
        try {
            builder.tags(AliasCsv.splitList(Optional.ofNullable(values.get(AliasCsv.TAGS)).orElse("")));
        } catch (InvalidFieldException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(AliasCsv.TAGS, e.getMessage());
        }
        return builder.build().validate(limits);
    }
}
