package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.Response;
import org.junit.jupiter.api.Test;

class AuthRequiresTlsTest {
    private final AuthRequiresTls handler = new AuthRequiresTls();

    @Test
    void authInClearShouldBeRefusedWith538() {
        Response response = handler.onCommand(FakeSmtpSession.unauthenticated("s1"), new BaseRequest("AUTH", "PLAIN AGFAYgBj"));

        assertThat(response.getRetCode()).isEqualTo("538");
        assertThat(response.getLines()).containsExactly("538 5.7.11 Encryption required for requested authentication mechanism");
    }

    @Test
    void authOverTlsShouldBeLeftToJames() {
        assertThat(handler.onCommand(FakeSmtpSession.encrypted("s1"), new BaseRequest("AUTH", "PLAIN AGFAYgBj"))).isNull();
    }

    @Test
    void itShouldHandleOnlyAuth() {
        assertThat(handler.getImplCommands()).containsExactly("AUTH");
    }
}
