package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columnsShouldBeAlignedTwoSpacesApartWithoutTrailingSpaces() {
        String text = Table.withHeaders("ID", "NAME", "ROLE")
            .row("1", "Acme Corporation", "owner")
            .row("1234", "Zed", "member")
            .render();

        assertThat(text).isEqualTo(
            "ID    NAME              ROLE\n"
                + "1     Acme Corporation  owner\n"
                + "1234  Zed               member\n");
    }

    @Test
    void widthsShouldCountCharactersNotBytes() {
        String text = Table.withHeaders("NAME", "ALIASES")
            .row("bücher.example", "3")
            .row("a.example", "10")
            .render();

        assertThat(text).isEqualTo(
            "NAME            ALIASES\n"
                + "bücher.example  3\n"
                + "a.example       10\n");
    }

    @Test
    void aRowOfTheWrongWidthShouldBeRefused() {
        assertThatThrownBy(() -> Table.withHeaders("A", "B").row("only one"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonItemsShouldBecomeRowsWithListsJoinedAndAbsentValuesAsDashes() throws CliException {
        List<JsonNode> items = Invocation.items(Json.parse(
            "[{\"localPart\":\"sales\",\"destinations\":[\"a@x.example\",\"b@x.example\"],\"enabled\":true},"
                + "{\"localPart\":\"info\",\"destinations\":[\"c@x.example\"],\"enabled\":false,\"expiresAt\":null}]"));

        String text = Table.of(List.of(Column.of("ALIAS", "localPart"), Column.of("DESTINATIONS", "destinations"),
            Column.of("ENABLED", "enabled"), Column.of("EXPIRES", "expiresAt")), items).render();

        assertThat(text).isEqualTo(
            "ALIAS  DESTINATIONS              ENABLED  EXPIRES\n"
                + "sales  a@x.example, b@x.example  true     -\n"
                + "info   c@x.example               false    -\n");
    }

    @Test
    void anOptionalColumnNoItemHasShouldBeLeftOut() throws CliException {
        List<JsonNode> items = Invocation.items(Json.parse("[{\"id\":\"a1\",\"name\":\"Acme\"}]"));

        String text = Table.of(List.of(Column.of("ID", "id"), Column.of("NAME", "name"),
            Column.of("CREATED", "createdAt").optional()), items).render();

        assertThat(text).isEqualTo("ID  NAME\na1  Acme\n");
    }

    @Test
    void aColumnShouldTakeTheFirstFieldTheItemHas() throws CliException {
        List<JsonNode> items = Invocation.items(Json.parse("[{\"name\":\"example.com\",\"aliases\":4}]"));

        String text = Table.of(List.of(Column.of("NAME", "name"), Column.of("ALIASES", "aliasCount", "aliases")), items)
            .render();

        assertThat(text).isEqualTo("NAME         ALIASES\nexample.com  4\n");
    }

    @Test
    void anObjectShouldReadAsFieldsWithNestedObjectsAsKeyValuePairs() throws CliException {
        String text = Table.fields(Json.parse(
            "{\"email\":\"jane@corp.example\",\"domainRoles\":{\"a.example\":\"admin\"},\"accounts\":[]}")).render();

        assertThat(text).isEqualTo(
            "email        jane@corp.example\n"
                + "domainRoles  a.example=admin\n"
                + "accounts     -\n");
    }
}
