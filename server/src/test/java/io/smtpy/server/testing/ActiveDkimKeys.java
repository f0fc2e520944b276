package io.smtpy.server.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.restassured.path.json.JsonPath;
import io.smtpy.core.dkim.DkimKey;

/**
 * A domain's DKIM keys published in the test's DNS and activated (a pending key signs only once its record is seen),
 * so the domain's mail leaves signed.
 */
public final class ActiveDkimKeys {
    private ActiveDkimKeys() {
    }

    /**
     * @param records the dnsmasq records the test serves besides the keys (they are served again with them)
     * @return each published key as {record name, TXT value}
     */
    public static List<String[]> publishAndActivate(ServerWithSink server, String domain, List<String> records) throws Exception {
        List<String> served = new ArrayList<>(records);
        List<String[]> published = new ArrayList<>();
        JsonPath keys = given().spec(server.api()).get("/smtpy/domains/" + domain + "/dkim/keys").then().statusCode(200)
            .extract().jsonPath();
        for (int index = 0; index < keys.getList("").size(); index++) {
            String name = keys.getString("[" + index + "].recordName");
            String value = keys.getString("[" + index + "].txtRecord");
            served.add("--txt-record=" + name + "," + String.join(",", DkimKey.txtStrings(value)));
            published.add(new String[] {name, value});
        }
        server.replaceDnsRecords(served);
        String taskId = given().spec(server.api()).post("/smtpy/domains/" + domain + "/dkim/keys?action=rotate").then().statusCode(201)
            .extract().jsonPath().getString("taskId");
        given().spec(server.api()).get("/tasks/" + taskId + "/await?timeout=1minute").then().statusCode(200);
        assertThat(given().spec(server.api()).get("/smtpy/domains/" + domain + "/dkim/keys").then().extract().jsonPath()
            .getList("signing", Boolean.class)).contains(true);
        return published;
    }
}
