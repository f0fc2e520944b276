package io.smtpy.server.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.util.List;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * What the end-to-end tests of a mail's journey share: a plain mail from {@code ann@sender.test} sent over SMTP, and its
 * journey read back through {@code /smtpy/domains/{domain}/messages}.
 */
public final class MessageHistory {
    private final ServerWithSink server;
    private final String domainPath;

    /** @param domainPath {@code /smtpy/domains/<domain>} */
    public MessageHistory(ServerWithSink server, String domainPath) {
        this.server = server;
        this.domainPath = domainPath;
    }

    private RequestSpecification rest() {
        return given().spec(server.api());
    }

    /** A mail from ann@sender.test with this Subject and Message-ID, accepted over SMTP (fails the test otherwise). */
    public void send(String recipient, String subject, String messageId) throws IOException {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", server.smtpPort())) {
            smtp.ehlo("client.sender.test");
            expect250(smtp.mailFrom("ann@sender.test"), "MAIL FROM");
            expect250(smtp.rcptTo(recipient), "RCPT TO");
            expect250(smtp.data("From: <ann@sender.test>\r\nTo: <" + recipient + ">\r\nSubject: " + subject + "\r\n"
                + "Message-ID: " + messageId + "\r\nDate: Fri, 4 Dec 2026 08:00:00 +0000\r\n\r\nhello\r\n"), "DATA");
        }
    }

    private static void expect250(SmtpTestClient.Reply reply, String step) {
        if (reply.code() != 250) {
            throw new AssertionError(step + " answered " + reply.code() + " " + reply.text());
        }
    }

    /** The page of messages a query ({@code ?messageId=...}) finds. */
    public JsonPath messages(String query) {
        return rest().get(domainPath + "/messages" + query).then().statusCode(200).extract().jsonPath();
    }

    /** The id of the journey of the message with this Message-ID; null while it has none. */
    public String journeyId(String messageId) {
        List<String> ids = messages("?messageId=" + messageId).getList("items.id", String.class);
        return ids.isEmpty() ? null : ids.get(0);
    }

    public JsonPath journey(String messageId) {
        return rest().get(domainPath + "/messages/" + journeyId(messageId)).then().statusCode(200).extract().jsonPath();
    }

    /** The types of the journey's events in order; empty while the message has no journey. */
    public List<String> journeyTypes(String messageId) {
        if (journeyId(messageId) == null) {
            return List.of();
        }
        return journey(messageId).getList("events.type", String.class);
    }
}
