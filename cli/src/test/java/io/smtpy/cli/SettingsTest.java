package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path home;

    private final Map<String, String> environment = new HashMap<>();
    private ConfigFile configFile;

    @BeforeEach
    void setUp() {
        configFile = ConfigFile.locate(environment, home);
    }

    private Settings resolve(String... args) throws CliException {
        ParsedArguments parsed = new ArgumentParser("whoami", List.of(), GlobalOptions.ALL).parse(List.of(args));
        return Settings.resolve(parsed, environment, configFile);
    }

    @Test
    void withNothingSetTheLocalServerAndNoTokenShouldBeUsed() throws CliException {
        Settings settings = resolve();

        assertThat(settings.url()).isEqualTo("http://127.0.0.1:8000");
        assertThat(settings.token()).isEmpty();
    }

    @Test
    void theFlagShouldWinOverTheEnvironmentWhichWinsOverTheConfigFile() throws CliException {
        configFile.save("http://file.example:8000", "file-token");
        environment.put("SMTPY_URL", "http://env.example:8000");
        environment.put("SMTPY_TOKEN", "env-token");

        assertThat(resolve("--url", "http://flag.example:8000", "--token", "flag-token").url())
            .isEqualTo("http://flag.example:8000");
        assertThat(resolve("--url", "http://flag.example:8000", "--token", "flag-token").token()).contains("flag-token");
        assertThat(resolve().url()).isEqualTo("http://env.example:8000");
        assertThat(resolve().token()).contains("env-token");

        environment.clear();
        assertThat(resolve().url()).isEqualTo("http://file.example:8000");
        assertThat(resolve().token()).contains("file-token");
    }

    @Test
    void theSavedTokenShouldOnlyGoToTheServerItCameFrom() throws CliException {
        configFile.save("http://file.example:8000", "file-token");

        assertThat(resolve("--url", "http://file.example:8000/").token()).contains("file-token");
        assertThat(resolve("--url", "http://other.example:8000").token()).isEmpty();
    }

    @Test
    void theOperatorKeyFileShouldBeTheLastResort(@TempDir Path data) throws Exception {
        Path key = data.resolve("operator-key");
        Files.writeString(key, "op-secret\n");

        assertThat(resolve("--operator-key-file", key.toString()).token()).contains("op-secret");
        environment.put("SMTPY_TOKEN", "env-token");
        assertThat(resolve("--operator-key-file", key.toString()).token()).contains("env-token");
    }

    @Test
    void aMissingOperatorKeyFileShouldBeAUsageError() {
        assertThatThrownBy(() -> resolve("--operator-key-file", home.resolve("nope").toString()))
            .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
            .hasMessageContaining("cannot read the operator key file");
    }

    @Test
    void aUrlThatIsNotHttpShouldBeAUsageError() {
        assertThatThrownBy(() -> resolve("--url", "ftp://example.com"))
            .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void theConfigFileShouldBeReadableByItsOwnerOnly() throws Exception {
        configFile.save("http://127.0.0.1:8000", "secret-token");

        Path file = home.resolve(".config/smtpy/cli.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(file)).isEqualTo("{\"url\":\"http://127.0.0.1:8000\",\"token\":\"secret-token\"}\n");
    }

    @Test
    void rewritingAWorldReadableConfigFileShouldMakeItOwnerOnly() throws Exception {
        Path file = home.resolve(".config/smtpy/cli.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"url\":\"http://127.0.0.1:8000\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        configFile.save("http://127.0.0.1:8000", "secret-token");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void forgettingTheTokenShouldKeepTheUrl() throws Exception {
        configFile.save("http://file.example:8000", "secret-token");

        configFile.forgetToken();

        assertThat(configFile.read().token).isEmpty();
        assertThat(configFile.read().url).contains("http://file.example:8000");
    }

    @Test
    void theConfigFileLocationShouldFollowTheEnvironment() throws Exception {
        Path elsewhere = home.resolve("elsewhere/cli.json");
        environment.put("SMTPY_CLI_CONFIG", elsewhere.toString());

        ConfigFile.locate(environment, home).save("http://127.0.0.1:8000", "t");

        assertThat(elsewhere).exists();
        assertThat(home.resolve(".config/smtpy/cli.json")).doesNotExist();
    }

    @Test
    void aBrokenConfigFileShouldBeAUsageErrorNamingIt() throws Exception {
        Path file = home.resolve(".config/smtpy/cli.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{not json");

        assertThatThrownBy(this::resolve)
            .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
            .hasMessageContaining(file.toString());
    }
}
