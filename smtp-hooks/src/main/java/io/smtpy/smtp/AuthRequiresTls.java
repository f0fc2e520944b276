package io.smtpy.smtp;

import java.util.Collection;
import java.util.List;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * Refuses AUTH until the session is encrypted: {@code 538 5.7.11} (RFC 4954 section 6). James 3.8.1's {@code
 * <requireSSL>} only hides AUTH from the EHLO reply; its AUTH handler still takes a password sent in clear by a client
 * that asks anyway. Listed before {@code CoreCmdHandlerLoader} in every {@code <handlerchain>}, so James's dispatcher
 * asks this handler first; with TLS started it answers nothing and James's own handler goes on.
 * {@code <handler class="io.smtpy.smtp.AuthRequiresTls"/>}
 */
public class AuthRequiresTls implements CommandHandler<SMTPSession> {
    static final Response ENCRYPTION_REQUIRED =
        new SMTPResponse("538", "5.7.11 Encryption required for requested authentication mechanism").immutable();

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        return session.isTLSStarted() ? null : ENCRYPTION_REQUIRED;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("AUTH");
    }
}
