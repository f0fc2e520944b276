package io.smtpy.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.helper.SimpleMessageListenerAdapter;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A destination MX on loopback that accepts every recipient and keeps what it receives, one entry per
 * (message, recipient) as SMTP delivers it.
 */
public final class SmtpSink implements AutoCloseable {
    /** One delivery: envelope and raw message. */
    public static final class Delivery {
        private final String sender;
        private final String recipient;
        private final String message;

        Delivery(String sender, String recipient, String message) {
            this.sender = sender;
            this.recipient = recipient;
            this.message = message;
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

        /** The first value of a header, unfolded; empty if the message has none. */
        public String header(String name) {
            String prefix = name.toLowerCase() + ":";
            for (String line : message.split("\r?\n")) {
                if (line.isEmpty()) {
                    break;
                }
                if (line.toLowerCase().startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return "";
        }
    }

    private final SMTPServer server;
    private final List<Delivery> deliveries = new ArrayList<>();

    /** Recipients whose local part starts with this are refused permanently (553), for bounce tests. */
    public static final String REFUSED_PREFIX = "refuse-";

    public static SmtpSink start(int port) {
        return new SmtpSink(port);
    }

    private SmtpSink(int port) {
        server = new SMTPServer(new SimpleMessageListenerAdapter(new SimpleMessageListener() {
            @Override
            public boolean accept(String from, String recipient) {
                return !recipient.toLowerCase().startsWith(REFUSED_PREFIX);
            }

            @Override
            public void deliver(String from, String recipient, InputStream data) throws IOException {
                String message = new String(data.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (deliveries) {
                    deliveries.add(new Delivery(from, recipient, message));
                }
            }
        }));
        server.setBindAddress(InetAddress.getLoopbackAddress());
        server.setPort(port);
        server.start();
    }

    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
