package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.cli.SmtpyCli;
import io.smtpy.server.testing.FreePorts;
import io.smtpy.server.testing.ServerWithSink;

/**
 * The command line client, run as a process of its own (as {@code ./smtpy} runs it), against the embedded server:
 * the operator creates an account and its owner, the owner logs in (the token saved in a config file of the test's),
 * manages domains, aliases, keys and reads the audit log; the exit codes scripts rely on, and {@code --json}.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "owner@acme-people.test";
    private static final String PASSWORD = "cli-owner-password-4711";
    private static final String DOMAIN = "acme.test";

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static Path configFile;
    private static Path operatorKeyFile;
    private static String accountId;

    private static final class Run {
        final int exitCode;
        final String out;
        final String err;

        Run(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerWithSink.start(temporary, Optional.empty());
        configFile = temporary.resolve("cli/config/cli.json");
        operatorKeyFile = fixture.dataDirectory().resolve("smtpy/operator-key");
        Files.createDirectories(temporary.resolve("home"));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CLI's class path: its own classes and Jackson, nothing else of the server's. */
    private static String classPath() {
        return Stream.of(SmtpyCli.class, ObjectMapper.class, JsonFactory.class, JsonProperty.class)
            .map(CliEndToEndTest::location).distinct().collect(Collectors.joining(File.pathSeparator));
    }

    private static String url() {
        return "http://127.0.0.1:" + fixture.webAdminPort();
    }

    private static Run cli(String... args) throws Exception {
        return cliWithStdin("", args);
    }

    private static Run cliWithStdin(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", classPath(), SmtpyCli.class.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.remove("SMTPY_TOKEN");
        environment.put("SMTPY_URL", url());
        environment.put("SMTPY_CLI_CONFIG", configFile.toString());
        environment.put("HOME", temporary.resolve("home").toString());
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the CLI ends: " + command).isTrue();
        return new Run(process.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Run succeeds(Run run) {
        assertThat(run.exitCode).as(run.toString()).isZero();
        return run;
    }

    @Test
    @Order(1)
    void theOperatorShouldCreateAnAccountAndItsOwner() throws Exception {
        Run created = succeeds(cli("accounts", "create", "Acme", "--operator-key-file", operatorKeyFile.toString(), "--json"));
        accountId = created.json().path("id").asText();
        assertThat(accountId).startsWith("acc_");
        assertThat(created.json().path("name").asText()).isEqualTo("Acme");

        Run added = succeeds(cliWithStdin(PASSWORD + "\n", "members", "add", accountId, EMAIL, "--role", "owner",
            "--password-stdin", "--operator-key-file", operatorKeyFile.toString(), "--json"));
        assertThat(added.json().path("email").asText()).isEqualTo(EMAIL);
        assertThat(added.json().path("role").asText()).isEqualTo("owner");

        Run listed = succeeds(cli("members", "list", accountId, "--operator-key-file", operatorKeyFile.toString()));
        assertThat(listed.out).contains("EMAIL", EMAIL, "owner");
    }

    @Test
    @Order(9)
    void addingAMemberWithoutAPasswordShouldPrintTheInvitationItSent() throws Exception {
        String invitee = "invited@acme-people.test";
        Run invited = succeeds(cli("members", "add", accountId, invitee, "--role", "member",
            "--operator-key-file", operatorKeyFile.toString()));

        JsonNode invitations = succeeds(cli("invitations", "list", accountId, "--operator-key-file", operatorKeyFile.toString(),
            "--json")).json().path("items");
        assertThat(invitations.findValuesAsText("email")).containsExactly(invitee);
        String invitationId = invitations.get(0).path("id").asText();
        assertThat(invited.out).contains("Invited " + invitee + " as member: invitation " + invitationId + " sent by mail.");
        fixture.sink().awaitCopy(invitee, "You are invited to Acme on smtpy");
    }

    @Test
    @Order(10)
    void smtpCredentialsShouldBeCreatedListedAndRevokedInTheEmbeddedStore() throws Exception {
        String operator = operatorKeyFile.toString();
        Run created = succeeds(cli("smtp-credentials", "create", DOMAIN, "--username", "laptop", "--send-as", "info@" + DOMAIN,
            "--operator-key-file", operator, "--json"));
        String id = created.json().path("id").asText();
        String password = created.json().path("password").asText();
        assertThat(created.json().path("username").asText()).isEqualTo("laptop@" + DOMAIN);
        assertThat(password).startsWith("smtpyp_");
        assertThat(created.err).contains("cannot be read again");

        Run listed = succeeds(cli("smtp-credentials", "list", DOMAIN, "--operator-key-file", operator));
        assertThat(listed.out).contains(id, "laptop@" + DOMAIN, "info@" + DOMAIN).doesNotContain(password);
        Run taken = cli("smtp-credentials", "create", DOMAIN, "--username", "LAPTOP", "--operator-key-file", operator);
        assertThat(taken.exitCode).as(taken.toString()).isNotZero();

        succeeds(cli("smtp-credentials", "revoke", DOMAIN, id, "--operator-key-file", operator));
        assertThat(succeeds(cli("smtp-credentials", "list", DOMAIN, "--operator-key-file", operator)).out)
            .contains("No SMTP credentials.");
    }

    @Test
    @Order(2)
    void theOwnerShouldLogInAndBeWhoTheServerSays() throws Exception {
        Run login = succeeds(cliWithStdin(PASSWORD + "\n", "login", "--email", EMAIL, "--password-stdin"));
        assertThat(login.out).contains("Logged in as " + EMAIL);

        JsonNode saved = JSON.readTree(configFile.toFile());
        String token = saved.path("token").asText();
        assertThat(token).startsWith("smtpys_");
        assertThat(saved.path("url").asText()).isEqualTo(url());
        assertThat(Files.getPosixFilePermissions(configFile))
            .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(login.out + login.err).doesNotContain(token);

        JsonNode me = succeeds(cli("whoami", "--json")).json();
        assertThat(me.path("principal").path("email").asText()).isEqualTo(EMAIL);
        assertThat(me.path("operator").asBoolean()).isFalse();
        assertThat(me.path("accounts").get(0).path("id").asText()).isEqualTo(accountId);
        assertThat(me.path("accounts").get(0).path("role").asText()).isEqualTo("owner");
        assertThat(succeeds(cli("whoami")).out).contains(EMAIL);
    }

    @Test
    @Order(3)
    void theOwnerShouldAddADomainOnceAndItsAliases() throws Exception {
        assertThat(succeeds(cli("domains", "add", DOMAIN)).out).contains(DOMAIN);

        Run again = cli("domains", "add", DOMAIN);
        assertThat(again.exitCode).as(again.toString()).isEqualTo(1);
        assertThat(again.err).contains("409", DOMAIN);

        succeeds(cli("aliases", "add", DOMAIN, "info", "a@dest.test", "b@dest.test", "--tag", "team"));
        JsonNode page = succeeds(cli("aliases", "list", DOMAIN, "--json")).json();
        assertThat(page.path("total").asInt()).isEqualTo(1);
        JsonNode info = page.path("aliases").get(0);
        assertThat(info.path("localPart").asText()).isEqualTo("info");
        assertThat(JSON.convertValue(info.path("destinations"), List.class)).containsExactly("a@dest.test", "b@dest.test");
        assertThat(JSON.convertValue(info.path("tags"), List.class)).containsExactly("team");
        assertThat(succeeds(cli("aliases", "list", DOMAIN)).out).contains("info", "a@dest.test");
        assertThat(JSON.readTree(succeeds(cli("domains", "list", "--json")).out).findValuesAsText("name")).containsExactly(DOMAIN);
    }

    @Test
    @Order(4)
    void anImportShouldWaitForItsTaskAndTheExportShouldHoldWhatItWrote() throws Exception {
        Path csv = temporary.resolve("aliases.csv");
        Files.writeString(csv, "localPart,destinations,description,tags,enabled,expiresAt\r\n"
            + "sales,\"s1@dest.test;s2@dest.test\",Sales,team,true,\r\n"
            + "press,press@dest.test,,,true,\r\n");

        Run imported = succeeds(cli("aliases", "import", DOMAIN, csv.toString()));
        assertThat(imported.out).contains("Import completed", "2 created", "written.");

        Path broken = temporary.resolve("broken.csv");
        Files.writeString(broken, "localPart,destinations\r\nbad local part,not-an-address\r\n");
        Run failed = cli("aliases", "import", DOMAIN, broken.toString());
        assertThat(failed.exitCode).as(failed.toString()).isEqualTo(1);

        String exported = succeeds(cli("aliases", "export", DOMAIN, "--format", "csv")).out;
        assertThat(exported.lines()).anyMatch(line -> line.startsWith("sales,") && line.contains("s1@dest.test") && line.contains("s2@dest.test"));
        assertThat(exported.lines()).anyMatch(line -> line.startsWith("press,") && line.contains("press@dest.test"));
        assertThat(exported.lines()).anyMatch(line -> line.startsWith("info,"));
        assertThat(exported).doesNotContain("bad local part");

        JsonNode asJson = JSON.readTree(succeeds(cli("aliases", "export", DOMAIN, "--format", "json")).out);
        assertThat(asJson.findValuesAsText("localPart")).containsExactlyInAnyOrder("info", "sales", "press");
    }

    @Test
    @Order(5)
    void aKeyShouldWorkUntilItIsRevoked() throws Exception {
        Run created = succeeds(cli("keys", "create", accountId, "--name", "ci", "--preset", "read-only", "--json"));
        String keyId = created.json().path("id").asText();
        String secret = created.json().path("secret").asText();
        assertThat(secret).startsWith("smtpy_key_");
        assertThat(created.err).contains("cannot be read again");

        Run listed = succeeds(cli("keys", "list", accountId, "--json"));
        assertThat(listed.json().findValuesAsText("id")).containsExactly(keyId);
        assertThat(listed.out).doesNotContain(secret);
        assertThat(succeeds(cli("keys", "list", accountId)).out).contains(keyId, "ci");

        assertThat(succeeds(cli("aliases", "list", DOMAIN, "--token", secret, "--json")).json().path("total").asInt()).isEqualTo(3);
        Run refused = cli("aliases", "add", DOMAIN, "sneaky", "x@dest.test", "--token", secret);
        assertThat(refused.exitCode).as("a read-only key may not write: " + refused).isEqualTo(4);

        succeeds(cli("keys", "revoke", accountId, keyId));
        Run revoked = cli("aliases", "list", DOMAIN, "--token", secret);
        assertThat(revoked.exitCode).as(revoked.toString()).isEqualTo(4);
    }

    @Test
    @Order(6)
    void theAuditLogShouldListTheOwnersActionsAndVerify() throws Exception {
        JsonNode page = succeeds(cli("audit", "list", accountId, "--json")).json();
        List<String> actions = page.path("items").findValuesAsText("action");
        assertThat(actions).contains("account.create", "member.add", "session.create", "domain.create", "alias.create",
            "aliases.import", "key.create", "key.revoke");
        assertThat(page.path("items").findValuesAsText("userAgent")).anyMatch(agent -> agent.startsWith("smtpy-cli/"));

        JsonNode filtered = succeeds(cli("audit", "list", accountId, "--action", "key.create", "--json")).json();
        assertThat(filtered.path("items").findValuesAsText("action")).containsOnly("key.create");

        assertThat(succeeds(cli("audit", "list", accountId)).out).contains("domain.create", DOMAIN);
        JsonNode verified = succeeds(cli("audit", "verify", accountId, "--json")).json();
        assertThat(verified.path("valid").asBoolean()).isTrue();
        assertThat(verified.path("entries").asInt()).isEqualTo(actions.size());
        assertThat(succeeds(cli("audit", "verify", accountId)).out).contains("intact");
    }

    @Test
    @Order(7)
    void exitCodesShouldTellRefusalsAuthenticationAndUnreachableServersApart() throws Exception {
        Run badToken = cli("whoami", "--token", "smtpys_ses_0000000000000000_" + "0".repeat(64));
        assertThat(badToken.exitCode).as(badToken.toString()).isEqualTo(4);
        Run operatorOnly = cli("accounts", "create", "Other");
        assertThat(operatorOnly.exitCode).as("an owner may not create accounts: " + operatorOnly).isEqualTo(4);

        Run unknownAlias = cli("aliases", "delete", DOMAIN, "nobody");
        assertThat(unknownAlias.exitCode).as(unknownAlias.toString()).isEqualTo(1);
        assertThat(unknownAlias.err).contains("404");

        int closed = FreePorts.pick();
        Run unreachable = cli("whoami", "--url", "http://127.0.0.1:" + closed);
        assertThat(unreachable.exitCode).as(unreachable.toString()).isEqualTo(3);

        Run usage = cli("aliases", "add", DOMAIN);
        assertThat(usage.exitCode).as(usage.toString()).isEqualTo(2);
    }

    @Test
    @Order(8)
    void logoutShouldEndTheSession() throws Exception {
        String token = JSON.readTree(configFile.toFile()).path("token").asText();
        succeeds(cli("logout"));
        assertThat(Files.readString(configFile)).doesNotContain(token);
        Run ended = cli("whoami", "--token", token);
        assertThat(ended.exitCode).as(ended.toString()).isEqualTo(4);
    }
}
