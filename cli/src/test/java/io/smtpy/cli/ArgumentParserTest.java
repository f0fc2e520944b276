package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentParserTest {
    private final ArgumentParser aliasesAdd = new ArgumentParser("aliases add",
        List.of("DOMAIN", "LOCALPART", "DEST..."),
        List.of(OptionSpec.repeated("--tag", "T"), OptionSpec.flag("--json"), OptionSpec.value("--url", "URL")));

    private final ArgumentParser keysCreate = new ArgumentParser("keys create", List.of("ACCOUNT"),
        List.of(OptionSpec.value("--name", "N").required(), OptionSpec.flag("--help")));

    @Test
    void optionsMayComeAnywhereAndPositionalsKeepTheirOrder() throws CliException {
        ParsedArguments parsed = aliasesAdd.parse(List.of("--tag", "web", "example.com", "--json", "sales",
            "a@x.example", "--tag=vip", "b@x.example"));

        assertThat(parsed.positional("DOMAIN")).isEqualTo("example.com");
        assertThat(parsed.positional("LOCALPART")).isEqualTo("sales");
        assertThat(parsed.positionals("DEST...")).containsExactly("a@x.example", "b@x.example");
        assertThat(parsed.values("--tag")).containsExactly("web", "vip");
        assertThat(parsed.flag("--json")).isTrue();
        assertThat(parsed.value("--url")).isEmpty();
    }

    @Test
    void doubleDashShouldEndTheOptions() throws CliException {
        ParsedArguments parsed = aliasesAdd.parse(List.of("example.com", "--", "--odd", "a@x.example"));

        assertThat(parsed.positional("LOCALPART")).isEqualTo("--odd");
    }

    @Test
    void aMissingPositionalShouldBeAUsageErrorNamingIt() {
        assertThatThrownBy(() -> aliasesAdd.parse(List.of("example.com", "sales")))
            .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
            .hasMessage("'aliases add' needs DEST");
    }

    @Test
    void anExtraPositionalShouldBeAUsageError() {
        assertThatThrownBy(() -> keysCreate.parse(List.of("acc-1", "extra", "--name", "ci")))
            .hasMessage("unexpected argument 'extra' for 'keys create'");
    }

    @Test
    void anUnknownOptionShouldBeAUsageError() {
        assertThatThrownBy(() -> keysCreate.parse(List.of("acc-1", "--name", "ci", "--colour", "red")))
            .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
            .hasMessage("unknown option --colour for 'keys create'");
    }

    @Test
    void anOptionWithoutItsValueShouldBeAUsageError() {
        assertThatThrownBy(() -> keysCreate.parse(List.of("acc-1", "--name")))
            .hasMessage("--name needs a value");
    }

    @Test
    void aSingleValueOptionGivenTwiceShouldBeAUsageError() {
        assertThatThrownBy(() -> keysCreate.parse(List.of("acc-1", "--name", "a", "--name=b")))
            .hasMessage("--name may be given only once");
    }

    @Test
    void aFlagWithAValueShouldBeAUsageError() {
        assertThatThrownBy(() -> aliasesAdd.parse(List.of("--json=yes", "example.com", "a", "b@x.example")))
            .hasMessage("--json takes no value");
    }

    @Test
    void aMissingRequiredOptionShouldBeAUsageError() {
        assertThatThrownBy(() -> keysCreate.parse(List.of("acc-1")))
            .hasMessage("'keys create' needs --name");
    }

    @Test
    void helpShouldNeedNothingElse() throws CliException {
        assertThat(keysCreate.parse(List.of("-h")).flag("--help")).isTrue();
    }

    @Test
    void anOptionValueMayStartWithDashes() throws CliException {
        assertThat(keysCreate.parse(List.of("acc-1", "--name", "--weird")).value("--name")).contains("--weird");
    }
}
