package io.smtpy.core.dns;

import java.util.List;
import java.util.Objects;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;

/**
 * One record the owner must publish, and how DNS compares now: the kind and name of the record, what to publish
 * there (as the owner types it in a DNS panel), what DNS returned (one string per record; empty when nothing or on
 * {@link CheckStatus#ERROR}), the status, and a one-line hint for the owner.
 */
public final class RecordCheck {
    private final RecordKind kind;
    private final String name;
    private final String expected;
    private final List<String> found;
    private final CheckStatus status;
    private final String hint;

    private RecordCheck(RecordKind kind, String name, String expected, List<String> found, CheckStatus status, String hint) {
        this.kind = Preconditions.checkNotNull(kind, "kind");
        this.name = Preconditions.checkNotNull(name, "name");
        this.expected = Preconditions.checkNotNull(expected, "expected");
        this.found = ImmutableList.copyOf(found);
        this.status = Preconditions.checkNotNull(status, "status");
        this.hint = Preconditions.checkNotNull(hint, "hint");
    }

    public static RecordCheck of(RecordKind kind, String name, String expected, List<String> found, CheckStatus status, String hint) {
        return new RecordCheck(kind, name, expected, found, status, hint);
    }

    public RecordKind kind() {
        return kind;
    }

    /** The DNS name of the record, without trailing dot. */
    public String name() {
        return name;
    }

    /** The value to publish, e.g. {@code v=spf1 include:_spf.smtpy.example ~all}, or the MX list. */
    public String expected() {
        return expected;
    }

    /** The records of the checked type at {@link #name()} as DNS returns them now. */
    public List<String> found() {
        return found;
    }

    public CheckStatus status() {
        return status;
    }

    public boolean ok() {
        return status == CheckStatus.OK;
    }

    /** One line for the owner: what to do, or why it is fine. */
    public String hint() {
        return hint;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordCheck)) {
            return false;
        }
        RecordCheck other = (RecordCheck) o;
        return kind == other.kind && name.equals(other.name) && expected.equals(other.expected)
            && found.equals(other.found) && status == other.status && hint.equals(other.hint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, expected, found, status, hint);
    }

    @Override
    public String toString() {
        return kind + " " + name + " " + status + ": " + hint + " (expected " + expected + ", found " + found + ")";
    }
}
