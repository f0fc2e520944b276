package io.smtpy.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    // The example of the Standard Webhooks reference libraries (standard-webhooks/libraries, svix).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signatureShouldMatchTheSpecificationsExample() {
        assertThat(WebhookSigner.signature(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void headerShouldCarryOneSignaturePerSecretSeparatedBySpaces() {
        String other = WebhookSigner.newSecret(new SecureRandom());

        assertThat(WebhookSigner.header(List.of(other, SECRET), ID, TIMESTAMP, BODY))
            .isEqualTo(WebhookSigner.signature(other, ID, TIMESTAMP, BODY) + " " + EXPECTED);
    }

    @Test
    void newSecretsShouldBeWhsecAndTwentyFourRandomBytes() {
        String secret = WebhookSigner.newSecret(new SecureRandom());

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
        assertThat(WebhookSigner.newSecret(new SecureRandom())).isNotEqualTo(secret);
    }
}
