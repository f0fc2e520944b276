package io.smtpy.smtp;

import java.util.List;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.smtpy.sending.queue.MailPriority;

/**
 * MT-PRIORITY (RFC 6710) on the submission servers: announced in EHLO, the {@code MT-PRIORITY=n} MAIL parameter
 * (-9..9) is accepted ({@code 501 5.5.4} for another value) and put on the mail as {@link #ATTRIBUTE}. Whether it
 * counts is decided later ({@code io.smtpy.mailets.DeliveryPriority}): only for a credential allowed to use it.
 *
 * <p>{@code <handler class="io.smtpy.smtp.MtPriorityHook"/>} in the submission servers' handler chains.
 */
public class MtPriorityHook implements MailParametersHook, JamesMessageHook, EhloExtension {
    /** The mail attribute carrying the asked MT-PRIORITY, an Integer. */
    public static final AttributeName ATTRIBUTE = AttributeName.of("io.smtpy.submission.mtPriority");
    static final String PARAMETER = "MT-PRIORITY";
    private static final ProtocolSession.AttachmentKey<Integer> ASKED =
        ProtocolSession.AttachmentKey.of("io.smtpy.submission.mtPriority", Integer.class);

    @Override
    public HookResult doMailParameter(SMTPSession session, String paramName, String paramValue) {
        int asked;
        try {
            asked = MailPriority.parseMtPriority(paramValue);
        } catch (IllegalArgumentException e) {
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode("501")
                .smtpDescription("5.5.4 " + e.getMessage())
                .build();
        }
        session.setAttachment(ASKED, asked, ProtocolSession.State.Transaction);
        return HookResult.DECLINED;
    }

    @Override
    public String[] getMailParamNames() {
        return new String[] {PARAMETER};
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(ASKED, ProtocolSession.State.Transaction)
            .ifPresent(asked -> mail.setAttribute(new Attribute(ATTRIBUTE, AttributeValue.of(asked))));
        return HookResult.DECLINED;
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return List.of(PARAMETER);
    }
}
