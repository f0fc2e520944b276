package io.smtpy.rules.post;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostSignatureTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY = "{\"subject\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
    private static final long T = 1_796_000_000L;
    private static final long TOLERANCE = 300;

    @Test
    void theHeaderIsTheTimestampAndTheHexHmacOfTimestampDotBody() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update((T + ".").getBytes(StandardCharsets.US_ASCII));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(BODY)) {
            hex.append(String.format("%02x", b));
        }

        assertThat(PostSignature.header(KEY, T, BODY)).isEqualTo("t=" + T + ",v1=" + hex);
    }

    @Test
    void aHeaderVerifiesForItsBodyWithinTheTolerance() {
        String header = PostSignature.header(KEY, T, BODY);

        assertThat(PostSignature.verify(KEY, header, BODY, T, TOLERANCE)).isTrue();
        assertThat(PostSignature.verify(KEY, header, BODY, T + TOLERANCE, TOLERANCE)).isTrue();
        assertThat(PostSignature.verify(KEY, header, BODY, T - TOLERANCE, TOLERANCE)).isTrue();
    }

    @Test
    void aTamperedBodyDoesNotVerify() {
        String header = PostSignature.header(KEY, T, BODY);
        byte[] tampered = BODY.clone();
        tampered[3] ^= 1;

        assertThat(PostSignature.verify(KEY, header, tampered, T, TOLERANCE)).isFalse();
    }

    @Test
    void aChangedTimestampDoesNotVerify() {
        String header = PostSignature.header(KEY, T, BODY).replace("t=" + T, "t=" + (T + 60));

        assertThat(PostSignature.verify(KEY, header, BODY, T + 60, TOLERANCE)).isFalse();
    }

    @Test
    void aSignatureOutsideTheToleranceDoesNotVerify() {
        String header = PostSignature.header(KEY, T, BODY);

        assertThat(PostSignature.verify(KEY, header, BODY, T + TOLERANCE + 1, TOLERANCE)).isFalse();
        assertThat(PostSignature.verify(KEY, header, BODY, T - TOLERANCE - 1, TOLERANCE)).isFalse();
    }

    @Test
    void anotherKeyDoesNotVerify() {
        String header = PostSignature.header(KEY, T, BODY);
        byte[] other = KEY.clone();
        other[0] ^= 1;

        assertThat(PostSignature.verify(other, header, BODY, T, TOLERANCE)).isFalse();
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() {
        String v1 = PostSignature.header(KEY, T, BODY).substring(("t=" + T + ",").length());
        String header = "t=" + T + ",v1=" + "0".repeat(64) + "," + v1;

        assertThat(PostSignature.verify(KEY, header, BODY, T, TOLERANCE)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "t=", "t=abc,v1=00", "v1=00", "t=1796000000", "t=1796000000,v1=",
        "t=-1796000000,v1=00", "t=99999999999999999999,v1=00", ",,,,", "t=1796000000,v2=00"})
    void malformedHeadersDoNotVerify(String header) {
        assertThat(PostSignature.verify(KEY, header, BODY, T, TOLERANCE)).isFalse();
    }

    @Test
    void noHeaderDoesNotVerify() {
        assertThat(PostSignature.verify(KEY, null, BODY, T, TOLERANCE)).isFalse();
    }
}
