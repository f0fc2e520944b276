package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class MtPriorityHookTest {
    private final MtPriorityHook hook = new MtPriorityHook();

    @Test
    void theParameterShouldBeAnnouncedAcceptedAndPutOnTheMail() throws Exception {
        SMTPSession session = FakeSmtpSession.encrypted("s1");

        assertThat(hook.getImplementedEsmtpFeatures(session)).containsExactly("MT-PRIORITY");
        assertThat(hook.getMailParamNames()).containsExactly("MT-PRIORITY");
        assertThat(hook.doMailParameter(session, "MT-PRIORITY", "-3")).isEqualTo(HookResult.DECLINED);
        FakeMail mail = FakeMail.builder().name("m").build();
        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);

        assertThat(AttributeUtils.getValueAndCastFromMail(mail, MtPriorityHook.ATTRIBUTE, Integer.class)).contains(-3);
    }

    @Test
    void aValueOutsideMinus9To9ShouldBe501() {
        HookResult result = hook.doMailParameter(FakeSmtpSession.encrypted("s1"), "MT-PRIORITY", "12");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("501");
        assertThat(result.getSmtpDescription()).startsWith("5.5.4");
    }

    @Test
    void aMailWithoutTheParameterShouldGetNoAttribute() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").build();

        hook.onMessage(FakeSmtpSession.encrypted("s1"), mail);

        assertThat(mail.getAttribute(MtPriorityHook.ATTRIBUTE)).isEmpty();
    }
}
