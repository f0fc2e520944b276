package io.smtpy.webadmin.routes;

import java.util.List;

import io.smtpy.core.importing.AliasCsv;

/** One CSV record (RFC 4180, CRLF) with formula-looking cells neutralised, as the alias export writes them. */
final class CsvCells {
    private CsvCells() {
    }

    static String row(List<String> cells) {
        StringBuilder out = new StringBuilder();
        AliasCsv.writeRecord(out, cells);
        return out.toString();
    }
}
