package io.smtpy.smtp;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * An {@link SMTPSession} answering only what smtpy's hooks ask of it (the session id, whether the client may relay,
 * its address, the connection's attachments, the authenticated user); anything else fails the test, so a hook that
 * starts relying on more of the session is noticed.
 */
final class FakeSmtpSession {
    static final String CLIENT = "192.0.2.25";

    private FakeSmtpSession() {
    }

    static SMTPSession unauthenticated(String sessionId) {
        return session(sessionId, false, CLIENT);
    }

    static SMTPSession relaying(String sessionId) {
        return session(sessionId, true, CLIENT);
    }

    /** An unauthenticated client connecting from {@code address}. */
    static SMTPSession from(String sessionId, String address) {
        return session(sessionId, false, address);
    }

    /** An unauthenticated client whose connection is encrypted (after STARTTLS, or on the implicit TLS port). */
    static SMTPSession encrypted(String sessionId) {
        SMTPSession session = session(sessionId, false, CLIENT);
        session.setAttachment(TLS_STARTED, Boolean.TRUE, ProtocolSession.State.Connection);
        return session;
    }

    private static final ProtocolSession.AttachmentKey<Boolean> TLS_STARTED =
        ProtocolSession.AttachmentKey.of("fake.tlsStarted", Boolean.class);

    private static SMTPSession session(String sessionId, boolean relayingAllowed, String address) {
        InetSocketAddress client = new InetSocketAddress(address, 41000);
        Map<Object, Object> attachments = new HashMap<>();
        boolean[] relaying = {relayingAllowed};
        Username[] username = {null};
        return (SMTPSession) Proxy.newProxyInstance(FakeSmtpSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, arguments) -> {
                switch (method.getName()) {
                    case "getSessionID":
                        return sessionId;
                    case "isRelayingAllowed":
                        return relaying[0];
                    case "setRelayingAllowed":
                        relaying[0] = (Boolean) arguments[0];
                        return null;
                    case "getUsername":
                        return username[0];
                    case "setUsername":
                        username[0] = (Username) arguments[0];
                        return null;
                    case "isTLSStarted":
                        return attachments.containsKey(TLS_STARTED);
                    case "removeAttachment":
                        return Optional.ofNullable(attachments.remove(arguments[0]));
                    case "getRemoteAddress":
                        return client;
                    case "getAttachment":
                        return Optional.ofNullable(attachments.get(arguments[0]));
                    case "setAttachment":
                        return Optional.ofNullable(attachments.put(arguments[0], arguments[1]));
                    case "toString":
                        return "FakeSmtpSession " + sessionId;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == arguments[0];
                    default:
                        throw new UnsupportedOperationException("the fake SMTP session does not answer " + method.getName());
                }
            });
    }
}
