package io.smtpy.core.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.common.collect.ImmutableMap;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.InvalidFieldException;

/**
 * The CSV form of aliases, shared by import and export so that an export imports back unchanged.
 *
 * <p>Columns (header required, any order, names case-insensitive): {@code localPart} and {@code destinations}
 * are required; {@code description}, {@code tags}, {@code enabled} (true/false, yes/no, 1/0; default true)
 * and {@code expiresAt} (ISO-8601 instant with offset, e.g. {@code 2026-12-31T23:59:00Z}; empty for none)
 * are optional. {@code createdAt} and {@code updatedAt}, which export writes, are accepted and ignored.
 * Lists ({@code destinations}, {@code tags}) are separated by {@code ;}, {@code ,} or spaces.
 *
 * <p>Exports are opened in spreadsheets, and a description, tag or local part is written by whoever manages the
 * domain. So export neutralises spreadsheet formulas (OWASP "CSV injection"): a cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return is written with a single quote {@code '} in front,
 * which spreadsheets show as text. To keep an export importable unchanged, import reads such a cell back through
 * {@link #cell(String)}, which removes one quote in front of one of those characters; a cell that already starts
 * with quotes before one of them is given one more quote on export, so that every value comes back as it was.
 * The price: a hand-written cell {@code '=x} imports as {@code =x} (write {@code ''=x} to mean {@code '=x}).
 */
public final class AliasCsv {
    public static final String LOCAL_PART = "localPart";
    public static final String DESTINATIONS = "destinations";
    public static final String DESCRIPTION = "description";
    public static final String TAGS = "tags";
    public static final String ENABLED = "enabled";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final List<String> COLUMNS = List.of(LOCAL_PART, DESTINATIONS, DESCRIPTION, TAGS, ENABLED, EXPIRES_AT, CREATED_AT, UPDATED_AT);

    private static final Map<String, String> BY_LOWER_CASE = COLUMNS.stream()
        .collect(ImmutableMap.toImmutableMap(c -> c.toLowerCase(Locale.ROOT), c -> c));
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[;,\\s]+");
    private static final String LIST_JOINER = ";";
    /** Where spreadsheets start a formula (or, for tab and CR, hide the start of one). */
    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final char FORMULA_GUARD = '\'';

    private AliasCsv() {
    }

    /**
     * Maps a header record to canonical column names.
     *
     * @throws InvalidFieldException for an unknown or repeated column, or a missing required one
     */
    static List<String> header(List<String> fields) {
        List<String> columns = new ArrayList<>();
        for (String raw : fields) {
            String column = BY_LOWER_CASE.get(raw.trim().toLowerCase(Locale.ROOT));
            if (column == null) {
                throw new InvalidFieldException("header", "unknown column '" + raw.trim() + "' (columns are " + String.join(", ", COLUMNS) + ")");
            }
            if (columns.contains(column)) {
                throw new InvalidFieldException("header", "column '" + column + "' appears twice");
            }
            columns.add(column);
        }
        for (String required : List.of(LOCAL_PART, DESTINATIONS)) {
            if (!columns.contains(required)) {
                throw new InvalidFieldException("header", "required column '" + required + "' is missing");
            }
        }
        return columns;
    }

    static List<String> splitList(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return List.of(LIST_SEPARATOR.split(trimmed));
    }

    static List<Destination> destinations(String value) {
        return splitList(value).stream().map(raw -> {
            try {
                return Destination.of(raw);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(DESTINATIONS, e.getMessage());
            }
        }).collect(Collectors.toList());
    }

    static boolean enabled(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "":
            case "true":
            case "yes":
            case "1":
                return true;
            case "false":
            case "no":
            case "0":
                return false;
            default:
                throw new InvalidFieldException(ENABLED, "'" + value + "' is not a boolean (true/false, yes/no, 1/0)");
        }
    }

    public static Optional<Instant> expiresAt(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(trimmed).toInstant());
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(EXPIRES_AT, "'" + value + "' is not an ISO-8601 date-time with offset, e.g. 2026-12-31T23:59:00Z");
        }
    }

    public static void writeHeader(Appendable out) {
        writeRecord(out, COLUMNS);
    }

    public static void write(Alias alias, Appendable out) {
        writeRecord(out, List.of(
            alias.address().localPart().asString(),
            alias.destinations().stream().map(Destination::asString).collect(Collectors.joining(LIST_JOINER)),
            alias.description(),
            String.join(LIST_JOINER, alias.tags()),
            String.valueOf(alias.enabled()),
            alias.expiresAt().map(Instant::toString).orElse(""),
            alias.createdAt().toString(),
            alias.updatedAt().toString()));
    }

    /**
     * The value of an imported cell: the cell without the formula guard export puts in front of a cell that
     * starts, after any quotes, with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return;
     * any other cell unchanged. Applied exactly once to every cell that is read.
     */
    public static String cell(String raw) {
        return startsAsFormula(raw, 1) ? raw.substring(1) : raw;
    }

    /** The cell as export writes it: see {@link #cell(String)}, its inverse. */
    static String neutralised(String value) {
        return startsAsFormula(value, 0) ? FORMULA_GUARD + value : value;
    }

    /** Whether the value is at least {@code minimumGuards} quotes, then a character a formula starts with. */
    private static boolean startsAsFormula(String value, int minimumGuards) {
        int guards = 0;
        while (guards < value.length() && value.charAt(guards) == FORMULA_GUARD) {
            guards++;
        }
        return guards >= minimumGuards && guards < value.length() && FORMULA_STARTS.indexOf(value.charAt(guards)) >= 0;
    }

    /** One record (RFC 4180, CRLF line end), each field neutralised against spreadsheet formulas and quoted as needed. */
    public static void writeRecord(Appendable out, List<String> fields) {
        try {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quoted(neutralised(fields.get(i))));
            }
            out.append("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String field) {
        boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
            || field.indexOf('\r') >= 0 || (!field.isEmpty() && (Character.isWhitespace(field.charAt(0))
            || Character.isWhitespace(field.charAt(field.length() - 1))));
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
