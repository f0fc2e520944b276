package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** accounts, members and invitations: the request each command makes and what it prints. */
class AccountCommandsTest extends AgainstFakeServer {
    private String requestLine() {
        FakeSmtpyServer.RecordedRequest request = server.onlyRequest();
        return request.method + " " + request.pathAndQuery + (request.body.isEmpty() ? "" : " " + request.body);
    }

    @Test
    void accountsListShouldPrintATableOfTheItems() {
        server.answer("GET", "/smtpy/accounts", 200,
            "{\"items\":[{\"id\":\"acc-1\",\"name\":\"Acme\"},{\"id\":\"acc-22\",\"name\":\"Zed Ltd\"}]}");

        CliRunner.Result result = cli().run("accounts", "list");

        assertThat(result.stdout).isEqualTo("ID      NAME\nacc-1   Acme\nacc-22  Zed Ltd\n");
    }

    @Test
    void anEmptyListShouldSaySo() {
        server.answer("GET", "/smtpy/accounts", 200, "{\"items\":[]}");

        assertThat(cli().run("accounts", "list").stdout).isEqualTo("No accounts.\n");
    }

    @Test
    void accountsCreateShouldPostTheName() {
        server.answer("POST", "/smtpy/accounts", 201, "{\"id\":\"acc-9\",\"name\":\"Acme\"}");

        CliRunner.Result result = cli().run("accounts", "create", "Acme");

        assertThat(requestLine()).isEqualTo("POST /smtpy/accounts {\"name\":\"Acme\"}");
        assertThat(server.onlyRequest().header("Content-Type")).isEqualTo("application/json");
        assertThat(result.stdout).isEqualTo("Created account Acme (id acc-9).\n");
    }

    @Test
    void accountsShowAndDeleteShouldAddressTheAccount() {
        server.answer("GET", "/smtpy/accounts/acc-9", 200, "{\"id\":\"acc-9\",\"name\":\"Acme\"}");
        server.answer("DELETE", "/smtpy/accounts/acc-9", 204, "");

        assertThat(cli().run("accounts", "show", "acc-9").stdout).isEqualTo("id    acc-9\nname  Acme\n");
        assertThat(cli().run("accounts", "delete", "acc-9").stdout).isEqualTo("Deleted account acc-9.\n");
        assertThat(server.requests()).extracting(r -> r.method).containsExactly("GET", "DELETE");
    }

    @Test
    void membersListShouldShowRolesAndDomainRoles() {
        server.answer("GET", "/smtpy/accounts/acc-1/members", 200, "{\"items\":["
            + "{\"memberId\":\"m-1\",\"email\":\"jane@corp.example\",\"displayName\":\"Jane\",\"role\":\"owner\",\"domainRoles\":{}},"
            + "{\"memberId\":\"m-2\",\"email\":\"bob@corp.example\",\"displayName\":null,\"role\":\"viewer\",\"domainRoles\":{\"a.example\":\"admin\"}}]}");

        CliRunner.Result result = cli().run("members", "list", "acc-1");

        assertThat(result.stdout).isEqualTo(
            "MEMBER ID  EMAIL              NAME  ROLE    DOMAIN ROLES\n"
                + "m-1        jane@corp.example  Jane  owner   -\n"
                + "m-2        bob@corp.example   -     viewer  a.example=admin\n");
    }

    @Test
    void membersAddWithAPasswordShouldSendItFromStdin() {
        server.answer("POST", "/smtpy/accounts/acc-1/members", 201, "{\"memberId\":\"m-3\",\"email\":\"al@corp.example\"}");

        CliRunner.Result result = cli().stdin("pw-from-stdin\n")
            .run("members", "add", "acc-1", "al@corp.example", "--role", "admin", "--password-stdin");

        assertThat(requestLine()).isEqualTo("POST /smtpy/accounts/acc-1/members "
            + "{\"email\":\"al@corp.example\",\"role\":\"admin\",\"password\":\"pw-from-stdin\"}");
        assertThat(result.stdout).isEqualTo("Added al@corp.example as admin (member id m-3).\n");
    }

    @Test
    void membersAddWithoutAPasswordShouldReportTheInvitation() {
        server.answer("POST", "/smtpy/accounts/acc-1/members", 202, "{\"id\":\"inv-7\",\"email\":\"al@corp.example\"}");

        CliRunner.Result result = cli().run("members", "add", "acc-1", "al@corp.example", "--role", "viewer");

        assertThat(requestLine()).isEqualTo(
            "POST /smtpy/accounts/acc-1/members {\"email\":\"al@corp.example\",\"role\":\"viewer\"}");
        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo("Invited al@corp.example as viewer: invitation inv-7 sent by mail.\n");
    }

    @Test
    void membersSetRoleShouldPatchTheRoleAndDomainRoles() {
        server.answer("PATCH", "/smtpy/accounts/acc-1/members/m-2", 200, "{}");

        CliRunner.Result result = cli().run("members", "set-role", "acc-1", "m-2", "viewer",
            "--domain", "a.example:admin", "--domain", "b.example:editor");

        assertThat(result.exitCode).isZero();
        assertThat(requestLine()).isEqualTo("PATCH /smtpy/accounts/acc-1/members/m-2 "
            + "{\"role\":\"viewer\",\"domainRoles\":{\"a.example\":\"admin\",\"b.example\":\"editor\"}}");
    }

    @Test
    void membersRemoveShouldDeleteTheMember() {
        server.answer("DELETE", "/smtpy/accounts/acc-1/members/m-2", 204, "");

        assertThat(cli().run("members", "remove", "acc-1", "m-2").exitCode).isZero();
        assertThat(requestLine()).isEqualTo("DELETE /smtpy/accounts/acc-1/members/m-2");
    }

    @Test
    void invitationsShouldBeListedRevokedAndResent() {
        server.answer("GET", "/smtpy/accounts/acc-1/invitations", 200,
            "{\"items\":[{\"id\":\"inv-7\",\"email\":\"al@corp.example\",\"role\":\"viewer\",\"expiresAt\":\"2026-12-08T00:00:00Z\"}]}");
        server.answer("DELETE", "/smtpy/accounts/acc-1/invitations/inv-7", 204, "");
        server.answer("POST", "/smtpy/accounts/acc-1/invitations/inv-7/resend", 202, "{}");

        assertThat(cli().run("invitations", "list", "acc-1").stdout).isEqualTo(
            "ID     EMAIL            ROLE    EXPIRES\ninv-7  al@corp.example  viewer  2026-12-08T00:00:00Z\n");
        assertThat(cli().run("invitations", "revoke", "acc-1", "inv-7").exitCode).isZero();
        assertThat(cli().run("invitations", "resend", "acc-1", "inv-7").exitCode).isZero();
        assertThat(server.requests()).extracting(r -> r.method + " " + r.pathAndQuery).containsExactly(
            "GET /smtpy/accounts/acc-1/invitations",
            "DELETE /smtpy/accounts/acc-1/invitations/inv-7",
            "POST /smtpy/accounts/acc-1/invitations/inv-7/resend");
    }

    @Test
    void invitationsAcceptShouldSendTheTokenPasswordAndName() {
        server.answer("POST", "/smtpy/invitations/accept", 200, "{\"memberId\":\"m-4\"}");

        CliRunner.Result result = cli().stdin("new-pw\n")
            .run("invitations", "accept", "inv-token-xyz", "--password-stdin", "--name", "Al Smith");

        assertThat(result.exitCode).isZero();
        assertThat(requestLine()).isEqualTo("POST /smtpy/invitations/accept "
            + "{\"token\":\"inv-token-xyz\",\"password\":\"new-pw\",\"displayName\":\"Al Smith\"}");
    }

    @Test
    void invitationsDeclineShouldSendTheToken() {
        server.answer("POST", "/smtpy/invitations/decline", 204, "");

        assertThat(cli().run("invitations", "decline", "inv-token-xyz").exitCode).isZero();
        assertThat(requestLine()).isEqualTo("POST /smtpy/invitations/decline {\"token\":\"inv-token-xyz\"}");
    }
}
