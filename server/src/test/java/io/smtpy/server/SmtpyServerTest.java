package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory's layout: smtpy's files in {@code <data>/smtpy/}, older {@code <data>/var/smtpy/} moved there. */
class SmtpyServerTest {
    @TempDir
    Path data;

    @Test
    void aNewDataDirectoryShouldBeLeftAsItIs() throws Exception {
        SmtpyServer.moveOldSmtpyDirectory(data);

        assertThat(data).isEmptyDirectory();
    }

    @Test
    void filesOfAnOlderVersionShouldBeMovedToTheSmtpyDirectory() throws Exception {
        Files.createDirectories(data.resolve("var/smtpy"));
        Files.writeString(data.resolve("var/smtpy/srs-secret"), "old secret");

        SmtpyServer.moveOldSmtpyDirectory(data);

        assertThat(data.resolve("smtpy/srs-secret")).hasContent("old secret");
        assertThat(data.resolve("var")).doesNotExist();
    }

    @Test
    void otherFilesOfTheOldVarDirectoryShouldStay() throws Exception {
        Files.createDirectories(data.resolve("var/smtpy"));
        Files.createDirectories(data.resolve("var/other"));

        SmtpyServer.moveOldSmtpyDirectory(data);

        assertThat(data.resolve("smtpy")).isDirectory();
        assertThat(data.resolve("var/other")).isDirectory();
        assertThat(data.resolve("var/smtpy")).doesNotExist();
    }

    @Test
    void filesInBothPlacesShouldFailTheStartAndMoveNothing() throws Exception {
        Files.createDirectories(data.resolve("var/smtpy"));
        Files.writeString(data.resolve("var/smtpy/smtpy.db"), "old");
        Files.createDirectories(data.resolve("smtpy"));

        assertThatThrownBy(() -> SmtpyServer.moveOldSmtpyDirectory(data))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageContaining(data.resolve("var/smtpy").toString())
            .hasMessageContaining("keep one");
        assertThat(data.resolve("var/smtpy/smtpy.db")).hasContent("old");
    }
}
