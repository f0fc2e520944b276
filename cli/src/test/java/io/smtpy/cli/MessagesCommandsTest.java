package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagesCommandsTest extends AgainstFakeServer {
    private static final String PAGE = "{\"items\":[{\"id\":\"Mail1-a\",\"messageId\":\"<m1@sender.example>\",\"sender\":\"ann@sender.example\","
        + "\"recipients\":[\"sales@example.com\"],\"status\":\"bounced\",\"firstAt\":\"2026-03-01T12:00:00Z\","
        + "\"lastAt\":\"2026-03-01T12:00:02Z\",\"subject\":\"Invoice 42\"}],\"next\":\"abc\"}";

    @Test
    void listShouldSendEveryFilterAndPrintOneRowPerMessageThenTheNextCursor() {
        server.answer("GET", "/smtpy/domains/example.com/messages?sender=ann%40sender.example&reason=user%20unknown"
            + "&remoteMta=mx1.dest.example&subject=invoice&limit=1", 200, PAGE);

        CliRunner.Result result = cli().run("messages", "list", "example.com", "--sender", "ann@sender.example", "--reason",
            "user unknown", "--remote-mta", "mx1.dest.example", "--subject", "invoice", "--limit", "1");

        assertThat(result.exitCode).as(result.stderr).isZero();
        assertThat(result.stdout).isEqualTo(
            "ID       FIRST                 STATUS   SENDER              SUBJECT     MESSAGE-ID\n"
                + "Mail1-a  2026-03-01T12:00:00Z  bounced  ann@sender.example  Invoice 42  <m1@sender.example>\n"
                + "More: --cursor abc\n");
    }

    @Test
    void showShouldPrintTheJourneyOldestFirst() {
        server.answer("GET", "/smtpy/domains/example.com/messages/Mail1-a", 200, "{\"id\":\"Mail1-a\",\"messageId\":\"<m1@x>\","
            + "\"subject\":\"Invoice 42\",\"events\":[{\"at\":\"2026-03-01T12:00:00Z\",\"type\":\"received\",\"alias\":\"sales\","
            + "\"recipients\":[\"sales@example.com\"],\"smtpCode\":null,\"detail\":\"\"},{\"at\":\"2026-03-01T12:00:02Z\","
            + "\"type\":\"bounced\",\"alias\":\"sales\",\"recipients\":[\"bob@dest.example\"],\"smtpCode\":550,\"detail\":\"550 no such user\"}]}");

        CliRunner.Result result = cli().run("messages", "show", "example.com", "Mail1-a");

        assertThat(result.exitCode).as(result.stderr).isZero();
        assertThat(result.stdout).contains("subject    Invoice 42").contains("received").contains("550 no such user");
        assertThat(result.stdout.indexOf("received")).isLessThan(result.stdout.indexOf("bounced"));
    }

    @Test
    void aBadDateShouldBeRefusedBeforeAnyCall() {
        CliRunner.Result result = cli().run("messages", "list", "example.com", "--from", "yesterday");

        assertThat(result.exitCode).isNotZero();
        assertThat(result.stderr).contains("--from");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void resendShouldPostTheAddressAndPrintTheNewCopy() {
        server.answer("POST", "/smtpy/domains/example.com/messages/m-1/resend", 202, "{\"copyId\":\"Mail123-0\"}");

        CliRunner.Result result = cli().run("messages", "resend", "example.com", "m-1", "--to", "new@dest.example");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"to\":\"new@dest.example\"}");
        assertThat(result.stdout).isEqualTo("Resent to new@dest.example as copy Mail123-0.\n");
    }

    @Test
    void resendWithoutAnAddressShouldBeAUsageErrorAndSendNothing() {
        CliRunner.Result result = cli().run("messages", "resend", "example.com", "m-1");

        assertThat(result.exitCode).isNotZero();
        assertThat(result.stderr).contains("--to ADDRESS");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void nothingKeptShouldShowTheServersAnswer() {
        server.answer("POST", "/smtpy/domains/example.com/messages/m-2/resend", 404,
            "{\"statusCode\":404,\"type\":\"notFound\",\"message\":\"no failed copy of message m-2 of example.com is kept\"}");

        CliRunner.Result result = cli().run("messages", "resend", "example.com", "m-2", "--to", "new@dest.example");

        assertThat(result.exitCode).isNotZero();
        assertThat(result.stderr).contains("no failed copy of message m-2 of example.com is kept");
    }
}
