package io.smtpy.auth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 6376 §3.4 on byte level, starting with the example of §3.4.6. */
class CanonicalizationTest {
    private static final String RFC_EXAMPLE = "A: X\r\n"
        + "B : Y\t\r\n"
        + "\tZ  \r\n"
        + "\r\n"
        + " C \r\n"
        + "D \t E\r\n"
        + "\r\n"
        + "\r\n";

    private static RawMessage parse(String message) {
        return RawMessage.parse(message.getBytes(StandardCharsets.UTF_8));
    }

    private static String relaxedHeaders(RawMessage message) {
        StringBuilder headers = new StringBuilder();
        for (HeaderField field : message.headerFields()) {
            headers.append(new String(Canonicalization.RELAXED.header(field), StandardCharsets.UTF_8));
        }
        return headers.toString();
    }

    private static byte[] sha256(String canonical) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertBody(Canonicalization canonicalization, String message, String expectedCanonicalBody)
            throws Exception {
        BodyHash hash = canonicalization.hashBody(parse(message), -1);

        assertThat(hash.digest()).as(canonicalization + " body of %s", message).isEqualTo(sha256(expectedCanonicalBody));
        assertThat(hash.canonicalLength()).isEqualTo(expectedCanonicalBody.length());
    }

    @Test
    void relaxedHeadersOfTheRfcExample() {
        assertThat(relaxedHeaders(parse(RFC_EXAMPLE))).isEqualTo("a:X\r\nb:Y Z\r\n");
    }

    @Test
    void simpleHeadersOfTheRfcExampleShouldBeUnchanged() {
        List<HeaderField> fields = parse(RFC_EXAMPLE).headerFields();

        assertThat(new String(Canonicalization.SIMPLE.header(fields.get(1)), StandardCharsets.UTF_8))
            .isEqualTo("B : Y\t\r\n\tZ  \r\n");
    }

    @Test
    void relaxedBodyOfTheRfcExample() throws Exception {
        assertBody(Canonicalization.RELAXED, RFC_EXAMPLE, " C\r\nD E\r\n");
    }

    @Test
    void simpleBodyOfTheRfcExample() throws Exception {
        assertBody(Canonicalization.SIMPLE, RFC_EXAMPLE, " C \r\nD \t E\r\n");
    }

    @Test
    void emptyBodyShouldBeCrlfSimpleAndNothingRelaxed() throws Exception {
        assertBody(Canonicalization.SIMPLE, "A: X\r\n\r\n", "\r\n");
        assertBody(Canonicalization.RELAXED, "A: X\r\n\r\n", "");
        assertBody(Canonicalization.RELAXED, "A: X\r\n\r\n\r\n \t \r\n\r\n", "");
        assertBody(Canonicalization.RELAXED, "A: X\r\n", "");
    }

    @Test
    void bodyWithoutFinalLineEndShouldGetOne() throws Exception {
        assertBody(Canonicalization.SIMPLE, "A: X\r\n\r\nlast line", "last line\r\n");
        assertBody(Canonicalization.RELAXED, "A: X\r\n\r\nlast line  ", "last line\r\n");
    }

    @Test
    void bareLineFeedShouldCountAsALineEndAndLoneCarriageReturnAsContent() throws Exception {
        assertBody(Canonicalization.SIMPLE, "A: X\n\nfirst\nsecond\r\n\n", "first\r\nsecond\r\n");
        assertBody(Canonicalization.SIMPLE, "A: X\r\n\r\na\rb\r\n", "a\rb\r\n");
        assertBody(Canonicalization.RELAXED, "A: X\r\n\r\na \rb\r\n", "a \rb\r\n");
    }

    @Test
    void emptyLinesInsideTheBodyShouldStay() throws Exception {
        assertBody(Canonicalization.RELAXED, "A: X\r\n\r\n\r\n\r\none\r\n  \r\n\r\ntwo\r\n\r\n", "\r\n\r\none\r\n\r\n\r\ntwo\r\n");
    }

    @Test
    void lengthLimitShouldHashAPrefixButCountTheWholeBody() throws Exception {
        BodyHash hash = Canonicalization.RELAXED.hashBody(parse("A: X\r\n\r\nhello   world\r\n"), 5);

        assertThat(hash.digest()).isEqualTo(sha256("hello"));
        assertThat(hash.canonicalLength()).isEqualTo("hello world\r\n".length());
    }

    @Test
    void relaxedHeaderShouldLowerTheNameAndUnfoldTheValue() {
        RawMessage message = parse("SUBJECT :  Hello\r\n   big\t\tworld  \r\n\r\n");

        assertThat(relaxedHeaders(message)).isEqualTo("subject:Hello big world\r\n");
    }

    @Test
    void eightBitHeaderShouldBeCanonicalizedAsBytes() {
        RawMessage message = parse("Subject:  Café   ünïcode \r\n\r\n");

        assertThat(Canonicalization.RELAXED.header(message.headerFields().get(0)))
            .isEqualTo("subject:Café ünïcode\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void signatureValueShouldBeEmptiedWithItsFoldingButNotTheBodyHash() {
        HeaderField signature = HeaderField.of("DKIM-Signature: v=1; bh=AAAA; b=abc\r\n\tdef ;\r\n\td=example.test\r\n");

        HeaderField emptied = signature.withTagValueEmptied("b");

        assertThat(new String(Canonicalization.SIMPLE.header(emptied), StandardCharsets.UTF_8))
            .isEqualTo("DKIM-Signature: v=1; bh=AAAA; b=;\r\n\td=example.test\r\n");
    }

    @Test
    void signedHeaderDataShouldEndWithTheOwnFieldWithoutCrlf() {
        RawMessage message = parse("From: a@example.test\r\nSubject: hi\r\n\r\nbody\r\n");
        HeaderField own = HeaderField.of("DKIM-Signature: a=rsa-sha256; b=xyz\r\n");

        byte[] data = Canonicalization.RELAXED.signedHeaderData(message.select(List.of("subject", "from", "from")), own);

        assertThat(new String(data, StandardCharsets.UTF_8))
            .isEqualTo("subject:hi\r\nfrom:a@example.test\r\ndkim-signature:a=rsa-sha256; b=");
    }

    @Test
    void selectionShouldTakeInstancesFromTheBottomUp() {
        RawMessage message = parse("Received: one\r\nReceived: two\r\nReceived: three\r\n\r\n");

        assertThat(message.select(List.of("received", "RECEIVED", "received", "received")))
            .extracting(HeaderField::value).containsExactly(" three", " two", " one");
    }

    @Test
    void parsingShouldSkipLinesThatAreNotFields() {
        RawMessage message = parse(" orphan continuation\r\nFrom sender@example.test Tue Jul  1 10:00:00 2025\r\n"
            + "From: a@example.test\r\nnot a field\r\n continued\r\nTo: b@example.test\r\n\r\nbody");

        assertThat(message.headerFields()).extracting(HeaderField::name).containsExactly("From", "To");
        assertThat(message.bodyLength()).isEqualTo(4);
    }

    @Test
    void messageWithoutBlankLineShouldBeAllHeader() {
        RawMessage message = parse("From: a@example.test\r\nSubject: no body");

        assertThat(message.headerFields()).hasSize(2);
        assertThat(message.bodyLength()).isZero();
    }
}
