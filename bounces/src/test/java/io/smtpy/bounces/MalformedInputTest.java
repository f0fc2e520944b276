package io.smtpy.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The readers' own code, without the public methods' safety net, on every sample cut at every few bytes and on
 * hostile shapes: whatever the bytes, a result and no exception.
 */
class MalformedInputTest {
    static Stream<String> samples() throws URISyntaxException {
        File folder = new File(Objects.requireNonNull(MalformedInputTest.class.getResource("/samples")).toURI());
        return Arrays.stream(Objects.requireNonNull(folder.list((dir, name) -> name.endsWith(".eml")))).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyCutOfASampleShouldBeRead(String sample) {
        byte[] whole = Samples.read(sample);
        for (int length = 0; length <= whole.length; length += 11) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatCode(() -> readEveryWay(cut)).as("%s cut at %d", sample, length).doesNotThrowAnyException();
        }
    }

    @Test
    void hostileShapesShouldBeRead() {
        String deepNesting = "Content-Type: multipart/mixed; boundary=a\n\n--a\n".repeat(5000);
        String endlessHeader = "Subject: " + "x".repeat(3_000_000) + "\n\nbody";
        String manyGroups = "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
            + "Content-Type: message/delivery-status\n\n" + "Final-Recipient: rfc822; a@b.example\nStatus: 5.1.1\n\n".repeat(20000)
            + "--b--\n";
        for (String message : new String[] {deepNesting, endlessHeader, manyGroups, "\n\n\n", ":", "Content-Type: multipart/report"}) {
            byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
            assertThatCode(() -> readEveryWay(bytes)).doesNotThrowAnyException();
        }
    }

    @Test
    void partsShouldBeCapped() {
        String manyGroups = "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
            + "Content-Type: message/delivery-status\n\n" + "Final-Recipient: rfc822; a@b.example\nStatus: 5.1.1\n\n".repeat(20000)
            + "--b--\n";

        DeliveryReport report = DsnParser.report(MessageParts.read(manyGroups.getBytes(StandardCharsets.US_ASCII)));

        assertThat(report.recipients()).hasSizeLessThanOrEqualTo(HeaderFields.MAX_FIELDS);
        assertThat(report.recipients()).isNotEmpty();
    }

    private static void readEveryWay(byte[] message) {
        MessageParts parts = MessageParts.read(message);
        DsnParser.report(parts);
        ArfParser.report(parts);
        AutoReplyDetector.detectIn(parts);
    }
}
