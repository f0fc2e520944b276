package io.smtpy.store.cassandra;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * Message bytes kept as chunks of at most {@value #CHUNK_BYTES} bytes in a table keyed
 * {@code ((domain, <key>, seq), chunk)} with a {@code bytes} blob: never one huge cell, and read back a page of
 * {@value #CHUNKS_PER_PAGE} chunks at a time. Each version of a message ({@code seq}) has its own chunks, so a version
 * is written whole before the row that points to it, and a reader who finds a chunk missing (the version went away
 * meanwhile) gets nothing rather than part.
 */
final class ChunkedBytes {
    static final int CHUNK_BYTES = 64 * 1024;
    /** About 1 MiB in memory besides the result. */
    static final int CHUNKS_PER_PAGE = 16;

    private final CassandraStore store;
    private final String table;
    private final String keyColumn;

    /**
     * @param table created as {@code (domain text, <keyColumn> text, seq timeuuid, chunk int, bytes blob,
     *     PRIMARY KEY ((domain, <keyColumn>, seq), chunk))}
     */
    ChunkedBytes(CassandraStore store, String table, String keyColumn) {
        this.store = store;
        this.table = table;
        this.keyColumn = keyColumn;
    }

    /** Writes the bytes as chunks numbered from 0, each living {@code ttl} seconds (0: for ever): how many. */
    int write(String domain, String key, UUID seq, byte[] message, int ttl, String doing) {
        int chunks = 0;
        for (int from = 0; from < message.length; from += CHUNK_BYTES) {
            store.execute(store.prepare("INSERT INTO " + table + " (domain, " + keyColumn + ", seq, chunk, bytes)"
                    + " VALUES (?, ?, ?, ?, ?) USING TTL ?")
                .bind(domain, key, seq, chunks++, ByteBuffer.wrap(message, from, Math.min(CHUNK_BYTES, message.length - from)), ttl),
                doing);
        }
        return chunks;
    }

    /** The bytes, chunk after chunk; empty unless exactly {@code chunks} chunks are there in order. */
    Optional<byte[]> read(String domain, String key, UUID seq, int chunks, String doing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int expected = 0;
        for (Row row : store.execute(store.prepare("SELECT chunk, bytes FROM " + table + " WHERE domain = ? AND "
            + keyColumn + " = ? AND seq = ?").bind(domain, key, seq).setPageSize(CHUNKS_PER_PAGE), doing)) {
            if (row.getInt("chunk") != expected++) {
                return Optional.empty();
            }
            ByteBuffer chunk = row.getByteBuffer("bytes");
            if (chunk != null) {
                byte[] copy = new byte[chunk.remaining()];
                chunk.get(copy);
                bytes.writeBytes(copy);
            }
        }
        return expected == chunks ? Optional.of(bytes.toByteArray()) : Optional.empty();
    }

    /** Deletes a version's chunks (one partition). */
    BoundStatement delete(String domain, String key, UUID seq) {
        return store.prepare("DELETE FROM " + table + " WHERE domain = ? AND " + keyColumn + " = ? AND seq = ?")
            .bind(domain, key, seq);
    }
}
