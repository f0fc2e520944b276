package io.smtpy.rules.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.common.collect.ImmutableMap;

import io.smtpy.core.model.InvalidFieldException;

/**
 * The CSV form of list entries, shared by import and export so that an export imports back unchanged:
 * {@code type,value,action,alias,note,expiresAt}. A header is required; columns may come in any order, names
 * case-insensitive; {@code type} and {@code value} are required. {@code alias} is only for a domain's list (it puts
 * the entry on that alias of the domain); {@code expiresAt} is an ISO-8601 instant with offset, empty for none.
 * Cells are read and written as alias CSVs are, spreadsheet-formula guard included ({@code -x@b.example} is written
 * {@code '-x@b.example}).
 */
public final class ListCsv {
    public static final String TYPE = "type";
    public static final String VALUE = "value";
    public static final String ACTION = "action";
    public static final String ALIAS = "alias";
    public static final String NOTE = "note";
    public static final String EXPIRES_AT = "expiresAt";
    public static final List<String> COLUMNS = List.of(TYPE, VALUE, ACTION, ALIAS, NOTE, EXPIRES_AT);

    private static final Map<String, String> BY_LOWER_CASE = COLUMNS.stream()
        .collect(ImmutableMap.toImmutableMap(column -> column.toLowerCase(Locale.ROOT), column -> column));

    private ListCsv() {
    }

    /**
     * Maps a header record to canonical column names.
     *
     * @throws InvalidFieldException ({@code header}) for an unknown or repeated column, or a missing required one
     */
    static List<String> header(List<String> fields) {
        List<String> columns = new ArrayList<>();
        for (String raw : fields) {
            String column = BY_LOWER_CASE.get(raw.trim().toLowerCase(Locale.ROOT));
            if (column == null) {
                throw new InvalidFieldException("header", "unknown column '" + raw.trim() + "' (columns are "
                    + String.join(", ", COLUMNS) + ")");
            }
            if (columns.contains(column)) {
                throw new InvalidFieldException("header", "column '" + column + "' appears twice");
            }
            columns.add(column);
        }
        for (String required : List.of(TYPE, VALUE)) {
            if (!columns.contains(required)) {
                throw new InvalidFieldException("header", "required column '" + required + "' is missing");
            }
        }
        return columns;
    }
}
