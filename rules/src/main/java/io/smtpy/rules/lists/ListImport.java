package io.smtpy.rules.lists;

import java.util.List;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.importing.AliasImport.LineError;

/** What a CSV import did: the entries added, and the lines refused with their line number, field and reason. */
public final class ListImport {
    private final List<ListEntry> added;
    private final List<LineError> errors;
    private final int records;

    ListImport(List<ListEntry> added, List<LineError> errors, int records) {
        this.added = ImmutableList.copyOf(added);
        this.errors = ImmutableList.copyOf(errors);
        this.records = records;
    }

    public List<ListEntry> added() {
        return added;
    }

    /** The lines not imported (the same line error as alias imports, so that the API reports both alike). */
    public List<LineError> errors() {
        return errors;
    }

    /** Data records read (the header and blank lines excluded). */
    public int records() {
        return records;
    }
}
