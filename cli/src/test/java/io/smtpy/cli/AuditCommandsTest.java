package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditCommandsTest extends AgainstFakeServer {
    private static final String PAGE_1 = "{\"items\":[{\"at\":\"2026-11-02T10:00:00Z\",\"actor\":\"jane@corp.example\","
        + "\"action\":\"key.create\",\"target\":\"key-1\",\"outcome\":\"success\"}],\"next\":\"c2\"}";
    private static final String PAGE_2 = "{\"items\":[{\"at\":\"2026-11-01T09:00:00Z\",\"actor\":\"bob@corp.example\","
        + "\"action\":\"domain.add\",\"target\":\"a.example\",\"outcome\":\"denied\"}]}";

    @Test
    void auditListShouldPassTheFiltersAndOfferTheNextPage() {
        server.answer("GET", "/smtpy/accounts/acc-1/audit?actor=jane%40corp.example&action=key.create"
            + "&from=2026-11-01T00%3A00%3A00Z", 200, PAGE_1);

        CliRunner.Result result = cli().run("audit", "list", "acc-1", "--actor", "jane@corp.example",
            "--action", "key.create", "--from", "2026-11-01T00:00:00Z");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(
            "AT                    ACTOR              ACTION      TARGET  OUTCOME\n"
                + "2026-11-02T10:00:00Z  jane@corp.example  key.create  key-1   success\n"
                + "More entries: --all, or --cursor c2\n");
    }

    @Test
    void auditListAllShouldFollowTheCursorToTheLastPage() {
        server.answer("GET", "/smtpy/accounts/acc-1/audit", 200, PAGE_1);
        server.answer("GET", "/smtpy/accounts/acc-1/audit?cursor=c2", 200, PAGE_2);

        CliRunner.Result result = cli().run("audit", "list", "acc-1", "--all");

        assertThat(server.requests()).extracting(r -> r.pathAndQuery)
            .containsExactly("/smtpy/accounts/acc-1/audit", "/smtpy/accounts/acc-1/audit?cursor=c2");
        assertThat(result.stdout).isEqualTo(
            "AT                    ACTOR              ACTION      TARGET     OUTCOME\n"
                + "2026-11-02T10:00:00Z  jane@corp.example  key.create  key-1      success\n"
                + "2026-11-01T09:00:00Z  bob@corp.example   domain.add  a.example  denied\n");
    }

    @Test
    void auditListAllWithJsonShouldPrintEachPageAsIs() {
        server.answer("GET", "/smtpy/accounts/acc-1/audit", 200, PAGE_1);
        server.answer("GET", "/smtpy/accounts/acc-1/audit?cursor=c2", 200, PAGE_2);

        CliRunner.Result result = cli().run("audit", "list", "acc-1", "--all", "--json");

        assertThat(result.stdout).isEqualTo(PAGE_1 + "\n" + PAGE_2 + "\n");
    }

    @Test
    void auditExportShouldStreamNdjson() {
        String ndjson = "{\"at\":\"2026-11-02T10:00:00Z\"}\n{\"at\":\"2026-11-01T09:00:00Z\"}\n";
        server.answer("GET", "/smtpy/accounts/acc-1/audit/export?format=ndjson", 200, "application/x-ndjson", ndjson);

        CliRunner.Result result = cli().run("audit", "export", "acc-1", "--format", "ndjson");

        assertThat(result.stdout).isEqualTo(ndjson);
    }

    @Test
    void aValidAuditLogShouldExit0() {
        server.answer("GET", "/smtpy/accounts/acc-1/audit/verify", 200, "{\"valid\":true,\"entries\":12}");

        CliRunner.Result result = cli().run("audit", "verify", "acc-1");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo("valid    true\nentries  12\nThe audit log is intact.\n");
    }

    @Test
    void anInvalidAuditLogShouldExit1AlsoWithJson() {
        String verdict = "{\"valid\":false,\"firstBadEntry\":7}";
        server.answer("GET", "/smtpy/accounts/acc-1/audit/verify", 200, verdict);

        CliRunner.Result result = cli().run("audit", "verify", "acc-1", "--json");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stdout).isEqualTo(verdict + "\n");
        assertThat(result.stderr).contains("does not verify");
    }
}
