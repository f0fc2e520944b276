package io.smtpy.scan.clamd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.base.Stopwatch;
import com.google.common.net.HostAndPort;

import io.smtpy.scan.ScanDaemons;
import io.smtpy.scan.TestMessages;
import io.smtpy.scan.VirusVerdict;
import io.smtpy.scan.daemon.DaemonException;
import io.smtpy.scan.daemon.DaemonSettings;
import io.smtpy.scan.daemon.FakeDaemon;

class ClamdClientTest {
    private static final byte[] END_OF_STREAM = new byte[4];
    private static final long MIB = 1024 * 1024;

    private static ClamdClient client(HostAndPort address, Duration timeout, long maxSizeBytes, int maxConcurrent) {
        return new ClamdClient(new DaemonSettings(address, timeout, maxSizeBytes, maxConcurrent));
    }

    private static ClamdClient realClamd() {
        return client(ScanDaemons.shared().clamd(), Duration.ofSeconds(30), 25 * MIB, 8);
    }

    @Test
    void eicarInTheBodyShouldBeInfected() throws Exception {
        assertThat(realClamd().scan(TestMessages.eicarInBody())).isEqualTo(VirusVerdict.infected(TestMessages.EICAR_SIGNATURE));
    }

    @Test
    void eicarInABase64AttachmentShouldBeInfected() throws Exception {
        assertThat(realClamd().scan(TestMessages.eicarAttached())).isEqualTo(VirusVerdict.infected(TestMessages.EICAR_SIGNATURE));
    }

    @Test
    void eicarInAZipAttachmentShouldBeInfected() throws Exception {
        assertThat(realClamd().scan(TestMessages.eicarZipped())).isEqualTo(VirusVerdict.infected(TestMessages.EICAR_SIGNATURE));
    }

    @Test
    void cleanMessageShouldBeClean() throws Exception {
        assertThat(realClamd().scan(TestMessages.clean())).isEqualTo(VirusVerdict.CLEAN);
    }

    @Test
    void messageSentInManyChunksShouldBeScannedWhole() throws Exception {
        byte[] large = TestMessages.cleanOfSize(300 * 1024);
        byte[] infected = new byte[large.length + TestMessages.eicarInBody().length];
        System.arraycopy(large, 0, infected, 0, large.length);
        System.arraycopy(TestMessages.EICAR.getBytes(StandardCharsets.US_ASCII), 0, infected, large.length, 68);

        assertThat(realClamd().scan(large)).isEqualTo(VirusVerdict.CLEAN);
        assertThat(realClamd().scan(infected)).isEqualTo(VirusVerdict.infected(TestMessages.EICAR_SIGNATURE));
    }

    @Test
    void messageOverOurLimitShouldBeAnErrorWithoutAskingClamd() throws Exception {
        try (FakeDaemon clamd = FakeDaemon.answering(END_OF_STREAM, "stream: OK\0".getBytes(StandardCharsets.US_ASCII))) {
            assertThatThrownBy(() -> client(clamd.address(), Duration.ofSeconds(5), 1024, 8).scan(new byte[4096]))
                .isInstanceOf(DaemonException.class)
                .hasMessage("message too large to scan (4 KiB > 1 KiB)");
            assertThat(clamd.accepted()).isZero();
        }
    }

    @Test
    void messageOverClamdsStreamMaxLengthShouldBeAnErrorNeverClean() throws Exception {
        // The tests' clamd takes 25M (StreamMaxLength); this client would send more.
        ClamdClient client = client(ScanDaemons.shared().clamd(), Duration.ofSeconds(30), 40 * MIB, 8);

        assertThatThrownBy(() -> client.scan(TestMessages.cleanOfSize((int) (26 * MIB))))
            .isInstanceOf(DaemonException.class)
            .hasMessage("clamd refused the message: INSTREAM size limit exceeded");
    }

    @Test
    void pingShouldBeAnsweredByARunningClamd() throws Exception {
        realClamd().ping();
    }

    @Test
    void clamdThatIsDownShouldFailFast() throws Exception {
        ClamdClient client = client(FakeDaemon.nothingListening(), Duration.ofSeconds(30), 25 * MIB, 8);
        Stopwatch stopwatch = Stopwatch.createStarted();

        assertThatThrownBy(() -> client.scan(TestMessages.clean()))
            .isInstanceOf(DaemonException.class)
            .hasMessage("connection refused");
        assertThatThrownBy(client::ping).hasMessage("connection refused");
        assertThat(stopwatch.elapsed()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void clamdThatNeverAnswersShouldFailAfterTheTimeout() throws Exception {
        try (FakeDaemon clamd = FakeDaemon.silent()) {
            ClamdClient client = client(clamd.address(), Duration.ofMillis(400), 25 * MIB, 8);
            Stopwatch stopwatch = Stopwatch.createStarted();

            assertThatThrownBy(() -> client.scan(TestMessages.clean()))
                .isInstanceOf(DaemonException.class)
                .hasMessage("no answer within 400 ms");
            assertThat(stopwatch.elapsed()).isBetween(Duration.ofMillis(350), Duration.ofMillis(1500));
        }
    }

    @Test
    void clamdThatStopsReadingShouldFailAfterTheTimeoutEvenWhileWeWrite() throws Exception {
        try (FakeDaemon clamd = FakeDaemon.silent()) {
            ClamdClient client = client(clamd.address(), Duration.ofMillis(400), 25 * MIB, 8);
            // Far more than the socket buffers hold: the write blocks until the deadline closes the socket.
            byte[] large = TestMessages.cleanOfSize((int) (20 * MIB));
            Stopwatch stopwatch = Stopwatch.createStarted();

            assertThatThrownBy(() -> client.scan(large))
                .isInstanceOf(DaemonException.class)
                .hasMessage("no answer within 400 ms");
            assertThat(stopwatch.elapsed()).isLessThan(Duration.ofMillis(2000));
        }
    }

    @Test
    void garbageAnswerShouldBeAnError() throws Exception {
        try (FakeDaemon clamd = FakeDaemon.answering(END_OF_STREAM, "220 mail.example.org ESMTP\r\n\0".getBytes(StandardCharsets.US_ASCII))) {
            assertThatThrownBy(() -> client(clamd.address(), Duration.ofSeconds(5), 25 * MIB, 8).scan(TestMessages.clean()))
                .isInstanceOf(DaemonException.class)
                .hasMessage("protocol error: not an INSTREAM answer: 220 mail.example.org ESMTP??");
        }
    }

    @Test
    void answerWithoutItsEndShouldBeAnErrorNotClean() throws Exception {
        try (FakeDaemon clamd = FakeDaemon.answering(END_OF_STREAM, "stream: OK".getBytes(StandardCharsets.US_ASCII))) {
            assertThatThrownBy(() -> client(clamd.address(), Duration.ofSeconds(5), 25 * MIB, 8).scan(TestMessages.clean()))
                .isInstanceOf(DaemonException.class)
                .hasMessage("protocol error: answer truncated: stream: OK");
        }
    }

    @Test
    void answersShouldBeReadAsClamdWritesThem() throws Exception {
        assertThat(ClamdClient.parseInstream("stream: OK")).isEqualTo(VirusVerdict.CLEAN);
        assertThat(ClamdClient.parseInstream("stream: Win.Test.EICAR_HDB-1 FOUND")).isEqualTo(VirusVerdict.infected("Win.Test.EICAR_HDB-1"));
        assertThatThrownBy(() -> ClamdClient.parseInstream("INSTREAM size limit exceeded. ERROR"))
            .hasMessage("clamd refused the message: INSTREAM size limit exceeded");
        assertThatThrownBy(() -> ClamdClient.parseInstream("stream: Can't allocate memory ERROR"))
            .hasMessage("clamd refused the message: Can't allocate memory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "OK", "stream: ok", "stream: OK ", "stream:  FOUND", "stream: Bad\tName FOUND", "stream: Eicar found",
        "PONG", "stream: Eicar FOUND extra"})
    void malformedAnswerShouldBeAnErrorNotAVerdict(String answer) {
        assertThatThrownBy(() -> ClamdClient.parseInstream(answer))
            .isInstanceOf(DaemonException.class)
            .hasMessageStartingWith("protocol error: not an INSTREAM answer");
    }
}
