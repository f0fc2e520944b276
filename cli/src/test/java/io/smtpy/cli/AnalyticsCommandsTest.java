package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnalyticsCommandsTest extends AgainstFakeServer {
    private static final String REPORT = "{\"domain\":\"example.com\",\"alias\":null,\"interval\":\"day\","
        + "\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-03T00:00:00Z\","
        + "\"buckets\":[\"2026-03-01T00:00:00Z\",\"2026-03-02T00:00:00Z\"],"
        + "\"series\":{\"received\":[4,7],\"forwarded\":[4,6],\"delivered\":[3,6],\"deferred\":[0,1],\"bounced\":[1,0],"
        + "\"rejected\":[2,0],\"dropped\":[0,0],\"quarantined\":[1,0],\"unscanned\":[0,0],\"spam\":[1,0],\"virus\":[0,0]},"
        + "\"rejectedByReason\":{\"unknown-user\":2},\"bouncedByClass\":{\"mailbox\":1},"
        + "\"latencyMs\":{\"p50\":1010,\"p90\":2436,\"p99\":2436},"
        + "\"top\":{\"senders\":[{\"value\":\"ann@shop.example\",\"count\":5}],\"aliases\":[],\"destinations\":[]}}";

    @Test
    void analyticsShouldPrintOneRowPerBucketThenTheTotals() {
        server.answer("GET", "/smtpy/domains/example.com/analytics?interval=day&from=2026-03-01T00%3A00%3A00Z&to=2026-03-03T00%3A00%3A00Z",
            200, REPORT);

        CliRunner.Result result = cli().run("analytics", "example.com", "--interval", "day", "--from", "2026-03-01T00:00:00Z",
            "--to", "2026-03-03T00:00:00Z");

        assertThat(result.exitCode).as(result.stderr).isZero();
        assertThat(result.stdout).isEqualTo(
            "BUCKET                RECEIVED  FORWARDED  DELIVERED  DEFERRED  BOUNCED  REJECTED  QUARANTINED  SPAM  VIRUS\n"
                + "2026-03-01T00:00:00Z  4         4          3          0         1        2         1            1     0\n"
                + "2026-03-02T00:00:00Z  7         6          6          1         0        0         0            0     0\n"
                + "\n"
                + "rejectedByReason  unknown-user=2\n"
                + "bouncedByClass    mailbox=1\n"
                + "latencyMs         p50=1010, p90=2436, p99=2436\n"
                + "topSenders        ann@shop.example=5\n");
    }

    @Test
    void jsonShouldPrintTheApisDocument() {
        server.answer("GET", "/smtpy/domains/example.com/analytics?alias=sales", 200, REPORT);

        assertThat(cli().run("analytics", "example.com", "--alias", "sales", "--json").stdout).isEqualTo(REPORT + "\n");
    }

    @Test
    void aBadIntervalShouldBeRefusedBeforeAnyCall() {
        CliRunner.Result result = cli().run("analytics", "example.com", "--interval", "week");

        assertThat(result.exitCode).isNotZero();
        assertThat(result.stderr).contains("--interval");
        assertThat(server.requests()).isEmpty();
    }
}
