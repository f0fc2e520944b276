package io.smtpy.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.scan.spamd.SpamdClient;

class ScanVerdictCodecTest {
    static Stream<ScanVerdict> everyState() {
        List<SpamVerdict> spam = List.of(
            SpamVerdict.scanned(1000.0, 5.0, List.of("GTUBE", "MISSING_DATE")),
            SpamVerdict.scanned(-1.25, 5.0, List.of()),
            SpamVerdict.NOT_ASKED,
            SpamVerdict.skipped(SpamdClient.TOO_LARGE),
            SpamVerdict.unavailable("spamd unavailable: no answer within 15 s"),
            SpamVerdict.unavailable("odd & = % characters, ünïcode"));
        List<VirusVerdict> virus = List.of(
            VirusVerdict.CLEAN,
            VirusVerdict.infected("Smtpy-Test-Eicar.UNOFFICIAL"),
            VirusVerdict.NOT_ASKED,
            VirusVerdict.unavailable("clamd unavailable: clamd refused the message: INSTREAM size limit exceeded"));
        List<ScanVerdict> verdicts = new ArrayList<>();
        for (SpamVerdict s : spam) {
            for (VirusVerdict v : virus) {
                verdicts.add(new ScanVerdict(s, v));
            }
        }
        return verdicts.stream();
    }

    @ParameterizedTest
    @MethodSource("everyState")
    void verdictShouldBeReadBackAsWritten(ScanVerdict verdict) {
        String written = ScanVerdictCodec.write(verdict);

        assertThat(written).doesNotContain("\n", "\r", " ");
        assertThat(ScanVerdictCodec.read(written)).isEqualTo(verdict);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "spam", "spam=scanned", "spam=maybe&virus=clean", "spam=skipped&virus=sick", "spam=skipped&virus=infected"})
    void textThatIsNotAVerdictShouldBeRefused(String text) {
        assertThatThrownBy(() -> ScanVerdictCodec.read(text)).isInstanceOf(IllegalArgumentException.class);
    }

}
