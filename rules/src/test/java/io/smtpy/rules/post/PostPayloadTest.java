package io.smtpy.rules.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

class PostPayloadTest {
    static final String MESSAGE = String.join("\r\n",
        "From: Alice Example <Alice@Sender.example>",
        "To: support@example.com, Bob <bob@example.com>",
        "Subject: =?UTF-8?Q?Caf=C3=A9_order?=",
        "Message-ID: <m1@sender.example>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: multipart/alternative; boundary=\"b2\"",
        "",
        "--b2",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Two coffees, please.",
        "--b2",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<html><body><p><b>Two coffees, please.</b></p><script>steal()</script></body></html>",
        "--b2--",
        "--b1",
        "Content-Type: application/pdf; name=\"order.pdf\"",
        "Content-Disposition: attachment; filename=\"order.pdf\"",
        "Content-Transfer-Encoding: base64",
        "",
        "JVBERi0xLjQK",
        "--b1--",
        "");
    static final byte[] BYTES = MESSAGE.getBytes(StandardCharsets.UTF_8);

    static PostContext context(MaybeSender sender) throws Exception {
        return new PostContext(DomainName.of("example.com"), "orders to the shop", sender,
            new MailAddress("support@example.com"), Instant.parse("2026-12-04T15:00:00Z"),
            Map.of("spf", "pass", "dkim", "pass", "dmarc", "pass"));
    }

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void rawIsTheMessageAsIs() {
        assertThat(PostPayload.raw(BYTES)).isEqualTo(BYTES);
        assertThat(PostPayload.contentType("raw")).isEqualTo("message/rfc822");
    }

    @Test
    void jsonCarriesTheEnvelopeAndTheRule() throws Exception {
        JsonNode json = mapper.readTree(PostPayload.json(context(MaybeSender.getMailSender("alice@sender.example")), BYTES));

        assertThat(json.get("domain").asText()).isEqualTo("example.com");
        assertThat(json.get("rule").asText()).isEqualTo("orders to the shop");
        assertThat(json.get("sender").asText()).isEqualTo("alice@sender.example");
        assertThat(json.get("recipient").asText()).isEqualTo("support@example.com");
        assertThat(json.get("receivedAt").asText()).isEqualTo("2026-12-04T15:00:00Z");
        assertThat(json.get("size").asLong()).isEqualTo(BYTES.length);
        assertThat(PostPayload.contentType("json")).isEqualTo("application/json");
    }

    @Test
    void theNullSenderIsAnEmptyString() throws Exception {
        JsonNode json = mapper.readTree(PostPayload.json(context(MaybeSender.nullSender()), BYTES));

        assertThat(json.get("sender").isTextual()).isTrue();
        assertThat(json.get("sender").asText()).isEmpty();
    }

    @Test
    void jsonCarriesTheDecodedHeader() throws Exception {
        JsonNode json = mapper.readTree(PostPayload.json(context(MaybeSender.nullSender()), BYTES));

        assertThat(json.get("subject").asText()).isEqualTo("Café order");
        assertThat(json.get("from").asText()).isEqualTo("alice@sender.example");
        assertThat(json.get("to")).extracting(JsonNode::asText).containsExactly("support@example.com", "bob@example.com");
        assertThat(json.get("messageId").asText()).isEqualTo("<m1@sender.example>");
        assertThat(json.get("headers")).hasSize(6);
        assertThat(json.get("headers").get(2).get("name").asText()).isEqualTo("Subject");
        assertThat(json.get("headers").get(2).get("value").asText()).isEqualTo("Café order");
    }

    @Test
    void jsonCarriesTheTextTheHtmlAsTextAndTheAttachments() throws Exception {
        JsonNode json = mapper.readTree(PostPayload.json(context(MaybeSender.nullSender()), BYTES));

        assertThat(json.get("text").asText()).contains("Two coffees, please.");
        assertThat(json.get("html").asText()).contains("Two coffees, please.").doesNotContain("<b>", "steal()");
        JsonNode attachment = json.get("attachments").get(0);
        assertThat(json.get("attachments")).hasSize(1);
        assertThat(attachment.get("fileName").asText()).isEqualTo("order.pdf");
        assertThat(attachment.get("mimeType").asText()).isEqualTo("application/pdf");
        assertThat(attachment.get("size").asLong()).isEqualTo(9);
    }

    @Test
    void verdictsNotEvaluatedAreNull() throws Exception {
        JsonNode verdicts = mapper.readTree(PostPayload.json(context(MaybeSender.nullSender()), BYTES)).get("verdicts");

        assertThat(verdicts.get("spf").asText()).isEqualTo("pass");
        assertThat(verdicts.get("dkim").asText()).isEqualTo("pass");
        assertThat(verdicts.get("dmarc").asText()).isEqualTo("pass");
        assertThat(verdicts.has("arc")).isTrue();
        assertThat(verdicts.get("arc").isNull()).isTrue();
    }

    @Test
    void fieldsTheMessageLacksAreNull() throws Exception {
        byte[] bare = "X-Nothing: here\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

        JsonNode json = mapper.readTree(PostPayload.json(context(MaybeSender.nullSender()), bare));

        assertThat(json.get("subject").isNull()).isTrue();
        assertThat(json.get("from").isNull()).isTrue();
        assertThat(json.get("messageId").isNull()).isTrue();
        assertThat(json.get("to")).isEmpty();
        assertThat(json.get("attachments")).isEmpty();
        assertThat(json.get("text").asText()).isEqualTo("body\r\n");
    }

    @Test
    void anUnknownFormatIsAnInvalidField() {
        assertThatThrownBy(() -> PostPayload.contentType("xml"))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageContaining("'xml'")
            .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("format");
    }
}
