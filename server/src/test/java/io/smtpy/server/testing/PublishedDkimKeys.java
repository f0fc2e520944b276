package io.smtpy.server.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.core.dkim.DkimKey;

/**
 * A domain's DKIM keys published in the test's DNS and made active (a rotation run once their records are seen), and
 * the independent check of a delivered message's signatures with dkimpy ({@code auth_verify.py}, python3-dkim), every
 * key lookup answered from the records published here.
 */
public final class PublishedDkimKeys {
    private static final String PYTHON = "/usr/bin/python3";

    private final List<String[]> records;

    private PublishedDkimKeys(List<String[]> records) {
        this.records = records;
    }

    /**
     * Publishes the domain's keys beside {@code otherRecords} (dnsmasq options) and runs the rotation until one signs.
     */
    public static PublishedDkimKeys activate(ServerWithSink fixture, String domain, List<String> otherRecords) throws Exception {
        List<String> options = new ArrayList<>(otherRecords);
        List<String[]> published = new ArrayList<>();
        JsonPath keys = rest(fixture).get("/smtpy/domains/" + domain + "/dkim/keys").then().statusCode(200).extract().jsonPath();
        for (int index = 0; index < keys.getList("").size(); index++) {
            String name = keys.getString("[" + index + "].recordName");
            String value = keys.getString("[" + index + "].txtRecord");
            options.add("--txt-record=" + name + "," + String.join(",", DkimKey.txtStrings(value)));
            published.add(new String[] {name, value});
        }
        fixture.replaceDnsRecords(options);
        String taskId = rest(fixture).post("/smtpy/domains/" + domain + "/dkim/keys?action=rotate").then().statusCode(201)
            .extract().jsonPath().getString("taskId");
        rest(fixture).get("/tasks/" + taskId + "/await?timeout=1minute").then().statusCode(200);
        assertThat(rest(fixture).get("/smtpy/domains/" + domain + "/dkim/keys").then().extract().jsonPath()
            .getList("signing", Boolean.class)).contains(true);
        return new PublishedDkimKeys(published);
    }

    /** dkimpy's verdicts on the message, one line per DKIM-Signature ({@code dkim <i> <d> <s> <a> pass|fail ...}), then ARC. */
    public List<String> verify(Path temporary, String message) throws Exception {
        Path file = Files.createTempFile(temporary, "records", ".tsv");
        Files.writeString(file, records.stream().map(record -> record[0] + "\t" + record[1] + "\n").collect(Collectors.joining()));
        Path errors = Files.createTempFile(temporary, "verify", ".err");
        String script = Paths.get(PublishedDkimKeys.class.getResource("/auth_verify.py").toURI()).toString();
        Process process = new ProcessBuilder(PYTHON, script, file.toString()).redirectError(errors.toFile()).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(message.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(errors)).isZero();
        return Arrays.asList(output.trim().split("\n"));
    }

    private static RequestSpecification rest(ServerWithSink fixture) {
        return given().spec(fixture.api());
    }
}
