package io.smtpy.scan.spamd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.base.Stopwatch;
import com.google.common.net.HostAndPort;

import io.smtpy.scan.ScanDaemons;
import io.smtpy.scan.SpamVerdict;
import io.smtpy.scan.TestMessages;
import io.smtpy.scan.daemon.DaemonException;
import io.smtpy.scan.daemon.DaemonSettings;
import io.smtpy.scan.daemon.FakeDaemon;

class SpamdClientTest {
    private static final byte[] REQUEST_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static SpamdClient client(HostAndPort address, Duration timeout, long maxSizeBytes, int maxConcurrent) {
        return new SpamdClient(new DaemonSettings(address, timeout, maxSizeBytes, maxConcurrent));
    }

    private static SpamdClient realSpamd() {
        return client(ScanDaemons.shared().spamd(), Duration.ofSeconds(15), 512 * 1024, 8);
    }

    @Test
    void gtubeShouldScoreAtLeastAThousandWithSymbolGtube() throws Exception {
        SpamVerdict verdict = realSpamd().score(TestMessages.gtube());

        assertThat(verdict.scanned()).isTrue();
        assertThat(verdict.score()).as("GTUBE scores 1000, give or take a few points of other rules").isGreaterThanOrEqualTo(990);
        assertThat(verdict.required()).isEqualTo(5.0);
        assertThat(verdict.symbols()).contains("GTUBE");
    }

    @Test
    void plainMessageShouldScoreLow() throws Exception {
        SpamVerdict verdict = realSpamd().score(TestMessages.clean());

        assertThat(verdict.scanned()).isTrue();
        assertThat(verdict.score()).isLessThan(3.0);
        assertThat(verdict.symbols()).doesNotContain("GTUBE");
    }

    @Test
    void messageOverTheSizeLimitShouldBeSkippedWithoutAskingSpamd() throws Exception {
        try (FakeDaemon spamd = FakeDaemon.silent()) {
            SpamVerdict verdict = client(spamd.address(), Duration.ofSeconds(5), 1024, 8).score(TestMessages.cleanOfSize(2000));

            assertThat(verdict).isEqualTo(SpamVerdict.skipped(SpamdClient.TOO_LARGE));
            assertThat(spamd.accepted()).isZero();
        }
    }

    @Test
    void messageAtTheSizeLimitShouldBeScored() throws Exception {
        byte[] message = TestMessages.gtube();

        SpamVerdict verdict = client(ScanDaemons.shared().spamd(), Duration.ofSeconds(15), message.length, 8).score(message);

        assertThat(verdict.symbols()).contains("GTUBE");
    }

    @Test
    void pingShouldBeAnsweredByARunningSpamd() throws Exception {
        realSpamd().ping();
    }

    @Test
    void pingShouldFailWithoutSpamd() throws Exception {
        assertThatThrownBy(() -> client(FakeDaemon.nothingListening(), Duration.ofSeconds(5), 1024, 8).ping())
            .isInstanceOf(DaemonException.class)
            .hasMessage("connection refused");
    }

    @Test
    void spamdThatIsDownShouldFailFast() throws Exception {
        SpamdClient client = client(FakeDaemon.nothingListening(), Duration.ofSeconds(15), 512 * 1024, 8);
        Stopwatch stopwatch = Stopwatch.createStarted();

        assertThatThrownBy(() -> client.score(TestMessages.clean()))
            .isInstanceOf(DaemonException.class)
            .hasMessage("connection refused");
        assertThat(stopwatch.elapsed()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void spamdThatNeverAnswersShouldFailAfterTheTimeout() throws Exception {
        try (FakeDaemon spamd = FakeDaemon.silent()) {
            SpamdClient client = client(spamd.address(), Duration.ofMillis(400), 512 * 1024, 8);
            Stopwatch stopwatch = Stopwatch.createStarted();

            assertThatThrownBy(() -> client.score(TestMessages.clean()))
                .isInstanceOf(DaemonException.class)
                .hasMessage("no answer within 400 ms");
            assertThat(stopwatch.elapsed()).isBetween(Duration.ofMillis(350), Duration.ofMillis(1500));
        }
    }

    @Test
    void requestBeyondTheConcurrencyLimitShouldFailWhenNoSlotFreesInTime() throws Exception {
        try (FakeDaemon spamd = FakeDaemon.silent()) {
            SpamdClient client = client(spamd.address(), Duration.ofMillis(1000), 512 * 1024, 1);
            Thread first = new Thread(() -> {
                try {
                    client.score(TestMessages.clean());
                } catch (DaemonException e) {
                    // times out, as expected: it only holds the one slot
                }
            });
            first.start();
            while (spamd.accepted() == 0) {
                Thread.sleep(5);
            }

            assertThatThrownBy(() -> client.score(TestMessages.clean()))
                .isInstanceOf(DaemonException.class)
                .hasMessage("busy: 1 requests in progress for 500 ms");
            assertThat(first.isAlive()).as("the first request still holds the slot").isTrue();
            first.join();
            assertThat(spamd.accepted()).isEqualTo(1);
        }
    }

    @Test
    void garbageAnswerShouldBeAnError() throws Exception {
        try (FakeDaemon spamd = FakeDaemon.answering(REQUEST_END, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            assertThatThrownBy(() -> client(spamd.address(), Duration.ofSeconds(5), 512 * 1024, 8).score(TestMessages.clean()))
                .isInstanceOf(DaemonException.class)
                .hasMessage("protocol error: not a spamd answer: HTTP/1.1 200 OK");
        }
    }

    @Test
    void answerCutShortShouldBeAnError() throws Exception {
        byte[] truncated = "SPAMD/1.1 0 EX_OK\r\nContent-length: 30\r\nSpam: True ; 1000.0 / 5.0\r\n\r\nGTUBE,MISS".getBytes(StandardCharsets.US_ASCII);
        try (FakeDaemon spamd = FakeDaemon.answering(REQUEST_END, truncated)) {
            assertThatThrownBy(() -> client(spamd.address(), Duration.ofSeconds(5), 512 * 1024, 8).score(TestMessages.clean()))
                .isInstanceOf(DaemonException.class)
                .hasMessage("protocol error: answer truncated (10 of 30 bytes)");
        }
    }

    @Test
    void wellFormedAnswerShouldGiveTheScoreAndSymbols() throws Exception {
        SpamVerdict verdict = parse("SPAMD/1.1 0 EX_OK\r\nContent-length: 23\r\nSpam: False ; -0.5 / 5.0\r\n\r\nALL_TRUSTED,TXREP\r\n\r\n\r\n");

        assertThat(verdict).isEqualTo(SpamVerdict.scanned(-0.5, 5.0, java.util.List.of("ALL_TRUSTED", "TXREP")));
    }

    @Test
    void answerWithoutSymbolsShouldGiveAnEmptyList() throws Exception {
        assertThat(parse("SPAMD/1.1 0 EX_OK\r\nSpam: False ; 0.0 / 5.0\r\nContent-length: 0\r\n\r\n").symbols()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "SPAMD/1.1 0 EX_OK\r\n",
        "SPAMD/1.1 0 EX_OK\nContent-length: 5\nSpam: True ; 1.0 / 5.0\n\nGTUBE",
        "SPAMD/1.1 76 Bad header line: x\r\n\r\n",
        "SPAMD/1.1 0 EX_OK\r\nContent-length: 5\r\n\r\nGTUBE",
        "SPAMD/1.1 0 EX_OK\r\nContent-length: 5\r\nSpam: True ; lots / 5.0\r\n\r\nGTUBE",
        "SPAMD/1.1 0 EX_OK\r\nContent-length: 5\r\nSpam: Maybe ; 1.0 / 5.0\r\n\r\nGTUBE",
        "SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1.0 / 5.0\r\n\r\nGTUBE",
        "SPAMD/1.1 0 EX_OK\r\nContent-length: -5\r\nSpam: True ; 1.0 / 5.0\r\n\r\nGTUBE",
        "SPAMD/1.1 0 EX_OK\r\nContent-length: 9\r\nSpam: True ; 1.0 / 5.0\r\n\r\nGTUBE,,X",
        "SPAMD/1.1 0 EX_OK\r\nContent-length: 11\r\nSpam: True ; 1.0 / 5.0\r\n\r\nGTUBE;rm -f",
        "SPAMD/1.1 0 EX_OK\r\nContent-length 5\r\nSpam: True ; 1.0 / 5.0\r\n\r\nGTUBE",
    })
    void malformedAnswerShouldBeAnErrorNotAVerdict(String answer) {
        assertThatThrownBy(() -> parse(answer))
            .isInstanceOf(DaemonException.class)
            .hasMessageMatching("protocol error: .*|spamd answered 76 Bad header line: x");
    }

    private static SpamVerdict parse(String answer) throws Exception {
        return SpamdClient.parseSymbols(new ByteArrayInputStream(answer.getBytes(StandardCharsets.US_ASCII)));
    }
}
