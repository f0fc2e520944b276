package io.smtpy.server.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared directory sync: every writer returns after a sync, concurrent writers included; a failure reaches each. */
class DirectorySyncTest {
    @TempDir
    Path directory;

    @Test
    void concurrentWritersShouldEachReturnAfterASync() throws Exception {
        DirectorySync sync = new DirectorySync(directory);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                int number = writer;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        Files.writeString(directory.resolve(number + "-" + i), "x");
                        sync.awaitSync();
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        try (var files = Files.list(directory)) {
            assertThat(files).hasSize(400);
        }
    }

    @Test
    void aFailedSyncShouldFailItsWriterEveryTime() throws Exception {
        Path gone = directory.resolve("gone");
        DirectorySync sync = new DirectorySync(gone);

        assertThatThrownBy(sync::awaitSync).isInstanceOf(IOException.class);
        assertThatThrownBy(sync::awaitSync).as("a failure covers nobody").isInstanceOf(IOException.class);
        Files.createDirectory(gone);
        sync.awaitSync();
    }
}
