package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhooksCommandsTest extends AgainstFakeServer {
    @Test
    void addShouldPostTheUrlAndEventsAndPrintTheSecretOnce() {
        server.answer("POST", "/smtpy/domains/example.com/webhooks", 201,
            "{\"id\":\"w-1\",\"url\":\"https://hooks.example/in\",\"events\":[\"bounced\"],\"enabled\":true,\"secret\":\"whsec_abc\"}");

        CliRunner.Result result = cli().run("webhooks", "add", "example.com", "https://hooks.example/in", "--event", "bounced",
            "--event", "forwarded");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"url\":\"https://hooks.example/in\",\"events\":[\"bounced\",\"forwarded\"]}");
        assertThat(result.stdout).isEqualTo("Added webhook w-1. Its signing secret (shown once): whsec_abc\n");
    }

    @Test
    void listShouldPrintTheEndpointsAndRemoveShouldDeleteOne() {
        server.answer("GET", "/smtpy/domains/example.com/webhooks", 200,
            "[{\"id\":\"w-1\",\"url\":\"https://hooks.example/in\",\"events\":[],\"enabled\":false,\"disabledReason\":\"gone\"}]");
        server.answer("DELETE", "/smtpy/domains/example.com/webhooks/w-1", 204, "");

        assertThat(cli().run("webhooks", "list", "example.com").stdout).isEqualTo(
            "ID   URL                       EVENTS  ENABLED  DISABLED BECAUSE\n"
                + "w-1  https://hooks.example/in  -       false    gone\n");
        assertThat(cli().run("webhooks", "remove", "example.com", "w-1").stdout).isEqualTo("Removed webhook w-1.\n");
    }

    @Test
    void testShouldPrintTheReceiversAnswer() {
        server.answer("POST", "/smtpy/domains/example.com/webhooks/w-1/test", 200,
            "{\"state\":\"failed\",\"attempts\":[{\"status\":500,\"outcome\":\"POST https://hooks.example/in answered 500\"}]}");

        CliRunner.Result result = cli().run("webhooks", "test", "example.com", "w-1");

        assertThat(result.stdout).isEqualTo("Not delivered: POST https://hooks.example/in answered 500.\n");
        assertThat(server.onlyRequest().body).isEqualTo("{}");
    }

    @Test
    void anAccountTargetShouldUseTheAccountsRoutesAndBatchOptionsMakeABatch() {
        server.answer("POST", "/smtpy/accounts/acc_1/webhooks", 201,
            "{\"id\":\"w-2\",\"url\":\"https://hooks.example/all\",\"events\":[],\"enabled\":true,\"secret\":\"whsec_def\"}");

        CliRunner.Result result = cli().run("webhooks", "add", "account:acc_1", "https://hooks.example/all",
            "--batch-max-events", "100", "--batch-delay", "10");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo(
            "{\"url\":\"https://hooks.example/all\",\"events\":[],\"batch\":{\"maxEvents\":100,\"maxDelaySeconds\":10}}");
        assertThat(result.stdout).isEqualTo("Added webhook w-2. Its signing secret (shown once): whsec_def\n");
    }

    @Test
    void aBatchOptionAloneShouldBeAUsageError() {
        CliRunner.Result result = cli().run("webhooks", "add", "example.com", "https://hooks.example/in", "--batch-delay", "10");

        assertThat(result.exitCode).isNotZero();
        assertThat(result.stderr).contains("--batch-max-events and --batch-delay go together");
        assertThat(server.requests()).isEmpty();
    }
}
