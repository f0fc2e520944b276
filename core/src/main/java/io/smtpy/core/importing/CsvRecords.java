package io.smtpy.core.importing;

import java.util.ArrayList;
import java.util.List;

import com.google.common.collect.ImmutableList;

/**
 * Splits RFC 4180 CSV text into records: fields separated by commas, optionally quoted with {@code "}
 * (a quoted field may hold commas, line breaks and doubled quotes), records ended by CRLF, LF or CR.
 * A UTF-8 byte-order mark at the start is skipped; blank lines are skipped.
 *
 * <p>A malformed record (a quote inside an unquoted field, text after a closing quote) becomes an error for
 * its line and reading goes on at the next line; an unterminated quote ends the input with an error.
 */
public final class CsvRecords {

    /** One record, or the reason it could not be read; {@code line} is where it starts (1-based). */
    public static final class Record {
        private final int line;
        private final List<String> fields;
        private final String error;

        private Record(int line, List<String> fields, String error) {
            this.line = line;
            this.fields = fields;
            this.error = error;
        }

        public int line() {
            return line;
        }

        public List<String> fields() {
            return fields;
        }

        public boolean malformed() {
            return error != null;
        }

        public String error() {
            return error;
        }
    }

    private final String text;
    private int position;
    private int line = 1;

    private CsvRecords(String text) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    public static List<Record> parse(String text) {
        return new CsvRecords(text).readAll();
    }

    private List<Record> readAll() {
        List<Record> records = new ArrayList<>();
        while (position < text.length()) {
            int start = line;
            Record record = readRecord(start);
            boolean blank = !record.malformed() && record.fields.size() == 1 && record.fields.get(0).isBlank();
            if (!blank) {
                records.add(record);
            }
        }
        return records;
    }

    private Record readRecord(int startLine) {
        List<String> fields = new ArrayList<>();
        while (true) {
            StringBuilder field = new StringBuilder();
            if (position < text.length() && text.charAt(position) == '"') {
                position++;
                if (!readQuoted(field)) {
                    return new Record(startLine, List.of(), "unterminated quoted field");
                }
                if (position < text.length() && text.charAt(position) != ',' && !atLineEnd()) {
                    skipToNextLine();
                    return new Record(startLine, List.of(), "unexpected text after a closing quote");
                }
            } else {
                while (position < text.length() && text.charAt(position) != ',' && !atLineEnd()) {
                    char c = text.charAt(position);
                    if (c == '"') {
                        skipToNextLine();
                        return new Record(startLine, List.of(), "a quote inside an unquoted field (quote the whole field and double the quote)");
                    }
                    field.append(c);
                    position++;
                }
            }
            fields.add(field.toString());
            if (position < text.length() && text.charAt(position) == ',') {
                position++;
                continue;
            }
            consumeLineEnd();
            return new Record(startLine, ImmutableList.copyOf(fields), null);
        }
    }

    /** Reads up to the closing quote; false when the text ends first. */
    private boolean readQuoted(StringBuilder field) {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '"') {
                if (position + 1 < text.length() && text.charAt(position + 1) == '"') {
                    field.append('"');
                    position += 2;
                    continue;
                }
                position++;
                return true;
            }
            if (c == '\r' || c == '\n') {
                consumeLineEnd();
                field.append('\n');
                continue;
            }
            field.append(c);
            position++;
        }
        return false;
    }

    private boolean atLineEnd() {
        char c = text.charAt(position);
        return c == '\r' || c == '\n';
    }

    private void consumeLineEnd() {
        if (position >= text.length()) {
            return;
        }
        if (text.charAt(position) == '\r') {
            position++;
            if (position < text.length() && text.charAt(position) == '\n') {
                position++;
            }
            line++;
        } else if (text.charAt(position) == '\n') {
            position++;
            line++;
        }
    }

    private void skipToNextLine() {
        while (position < text.length() && !atLineEnd()) {
            position++;
        }
        consumeLineEnd();
    }
}
