package io.smtpy.sending.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP relay on loopback (subethasmtp) that offers AUTH PLAIN and LOGIN, answers {@code 535} to a wrong
 * password, refuses MAIL with {@code 530} before AUTH, and keeps what it receives, one entry per recipient. No
 * STARTTLS unless asked. For the relay tests here and the server's end-to-end tests.
 */
public final class AuthenticatingRelay implements AutoCloseable {
    /** One delivery: envelope, the user it authenticated as, raw message. */
    public static final class Received {
        private final String user;
        private final String sender;
        private final String recipient;
        private final String message;

        Received(String user, String sender, String recipient, String message) {
            this.user = user;
            this.sender = sender;
            this.recipient = recipient;
            this.message = message;
        }

        public String user() {
            return user;
        }

        public String sender() {
            return sender;
        }

        public String recipient() {
            return recipient;
        }

        public String message() {
            return message;
        }
    }

    private final SMTPServer server;
    private final String username;
    private final String password;
    private final List<Received> received = new ArrayList<>();

    private AuthenticatingRelay(String username, String password, boolean offerStartTls) {
        this.username = username;
        this.password = password;
        EasyAuthenticationHandlerFactory authentication = new EasyAuthenticationHandlerFactory((user, secret) -> {
            if (!this.username.equals(user) || !this.password.equals(secret)) {
                throw new LoginFailedException("Authentication credentials invalid");
            }
        });
        server = new SMTPServer(this::handler, authentication);
        server.setBindAddress(InetAddress.getLoopbackAddress());
        server.setPort(freePort());
        server.setHideTLS(!offerStartTls);
        server.setHostName("relay.test");
        server.start();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A relay that accepts {@code username}/{@code password} only; no STARTTLS. */
    public static AuthenticatingRelay start(String username, String password) {
        return new AuthenticatingRelay(username, password, false);
    }

    public int port() {
        return server.getPort();
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            private String sender;
            private final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String from) throws RejectException {
                AuthenticationHandler authentication = context.getAuthenticationHandler();
                if (authentication == null || authentication.getIdentity() == null) {
                    throw new RejectException(530, "5.7.0 Authentication required");
                }
                sender = from;
            }

            @Override
            public void recipient(String recipient) {
                recipients.add(recipient);
            }

            @Override
            public void data(InputStream data) throws IOException {
                String message = new String(data.readAllBytes(), StandardCharsets.UTF_8);
                String user = Objects.toString(context.getAuthenticationHandler().getIdentity());
                synchronized (received) {
                    recipients.forEach(recipient -> received.add(new Received(user, sender, recipient, message)));
                }
            }

            @Override
            public void done() {
            }
        };
    }

    @Override
    public void close() {
        server.stop();
    }
}
