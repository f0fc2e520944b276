package io.smtpy.smtp;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;

import org.apache.james.protocols.smtp.SMTPSession;

/**
 * An {@link SMTPSession} answering only what smtpy's hooks ask of it (the session id, whether the client may relay,
 * its address); anything else fails the test, so a hook that starts relying on more of the session is noticed.
 */
final class FakeSmtpSession {
    private FakeSmtpSession() {
    }

    static SMTPSession unauthenticated(String sessionId) {
        return session(sessionId, false);
    }

    static SMTPSession relaying(String sessionId) {
        return session(sessionId, true);
    }

    private static SMTPSession session(String sessionId, boolean relayingAllowed) {
        InetSocketAddress client = new InetSocketAddress("192.0.2.25", 41000);
        return (SMTPSession) Proxy.newProxyInstance(FakeSmtpSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, arguments) -> {
                switch (method.getName()) {
                    case "getSessionID":
                        return sessionId;
                    case "isRelayingAllowed":
                        return relayingAllowed;
                    case "getRemoteAddress":
                        return client;
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
