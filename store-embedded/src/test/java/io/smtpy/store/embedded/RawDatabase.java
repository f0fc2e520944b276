package io.smtpy.store.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.sqlite.SQLiteDataSource;

/** Looks into a database file with a plain connection of its own, behind the store's back. */
final class RawDatabase {
    private RawDatabase() {
    }

    static List<String> strings(Path file, String query) throws SQLException {
        try (Connection connection = connect(file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    static long number(Path file, String query) throws SQLException {
        return Long.parseLong(strings(file, query).get(0));
    }

    static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = connect(file);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource.getConnection();
    }
}
