package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.model.DomainName;

/**
 * An export of a million events runs in a heap of 256 MB: the surefire execution {@code bounded-memory} of this
 * module's pom runs this class alone with {@code -Xmx256m}, where keeping the events in a list would not fit.
 */
class EventExportBoundedMemoryTest {
    private static final long MAX_HEAP = 256L * 1024 * 1024;
    private static final int EVENTS = 1_000_000;

    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    /** Counts the bytes written and keeps none. */
    private static final class CountingSink extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Test
    void aMillionEventsShouldBeExportedWithinAHeapOf256Megabytes() throws IOException {
        assumeTrue(Runtime.getRuntime().maxMemory() <= MAX_HEAP, "run by the bounded-memory execution, with -Xmx256m");
        // Generated inside SQLite: a million appends through the writer would take minutes and prove nothing more here.
        embedded.store().connections().write(connection -> {
            try (Statement insert = connection.createStatement()) {
                insert.executeUpdate("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + EVENTS + ")"
                    + " INSERT INTO events (id, at, domain, alias, type, message_id, mail_id, journey_id, sender, recipients, detail)"
                    + " SELECT 'event-' || i, printf('2026-01-01T00:%02d:%02d.%09dZ', i / 60000, (i / 1000) % 60, (i % 1000) * 1000000),"
                    + " 'example.com', 'sales', 'delivered', '<m' || i || '@sender.example>', 'Mail' || i, 'Mail' || i,"
                    + " 'someone@sender.example', '[\"jane@dest.example\"]', '250 2.0.0 Ok: queued as ' || hex(randomblob(6)) FROM n");
            }
            return null;
        });
        CountingSink sink = new CountingSink();
        Writer out = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8));
        AtomicLong rows = new AtomicLong();

        embedded.store().events().forEach(MailEventQuery.of(DomainName.of("example.com")), event -> {
            try {
                out.write(event.id().asString());
                out.write(',');
                out.write(event.at().toString());
                out.write(',');
                out.write(event.detail());
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows.incrementAndGet();
        });
        out.flush();

        assertThat(rows.get()).isEqualTo(EVENTS);
        assertThat(sink.bytes).isGreaterThan(EVENTS * 50L);
    }
}
