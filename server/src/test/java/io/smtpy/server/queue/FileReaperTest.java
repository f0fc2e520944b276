package io.smtpy.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Done files go on the reaper's thread; drain waits for them; a file gone already is no error. */
class FileReaperTest {
    @TempDir
    Path directory;

    @Test
    void handedOverFilesShouldBeGoneAfterADrain() throws Exception {
        try (FileReaper reaper = new FileReaper("test-reaper")) {
            for (int i = 0; i < 100; i++) {
                Path file = Files.writeString(directory.resolve("mail-" + i), "x");
                reaper.deleteLater(file);
            }
            reaper.deleteLater(directory.resolve("never-existed"));

            assertThat(reaper.drain(10, TimeUnit.SECONDS)).isTrue();
            try (var files = Files.list(directory)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void closeShouldDeleteWhatWasHandedOver() throws Exception {
        Path file = Files.writeString(directory.resolve("last"), "x");
        FileReaper reaper = new FileReaper("test-reaper");
        reaper.deleteLater(file);

        reaper.close();

        assertThat(file).doesNotExist();
    }
}
