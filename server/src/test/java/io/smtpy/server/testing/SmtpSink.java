package io.smtpy.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.awaitility.Awaitility;

import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.helper.SimpleMessageListenerAdapter;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A destination MX on loopback that accepts every recipient (but those named {@code refuse-...}, refused for good,
 * {@code gone-...}, unknown users until revived, and {@code defer-once-...}, refused for now at the first attempt) and keeps what it receives, one entry per
 * (message, recipient) as SMTP delivers it.
 */
public final class SmtpSink implements AutoCloseable {
    /** One delivery: envelope and raw message. */
    public static final class Delivery {
        private final String sender;
        private final String recipient;
        private final String message;
        private final String clientAddress;
        private final java.time.Instant receivedAt = java.time.Instant.now();

        Delivery(String sender, String recipient, String message, String clientAddress) {
            this.sender = sender;
            this.recipient = recipient;
            this.message = message;
            this.clientAddress = clientAddress;
        }

        /** The address the delivering client connected from ({@code 127.0.0.1}), as the sink's socket saw it. */
        public String clientAddress() {
            return clientAddress;
        }

        /** When the sink had the whole message (after its {@link #slowDown} delay). */
        public java.time.Instant receivedAt() {
            return receivedAt;
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
            String[] lines = message.split("\r?\n");
            for (int i = 0; i < lines.length && !lines[i].isEmpty(); i++) {
                if (lines[i].toLowerCase().startsWith(prefix)) {
                    StringBuilder value = new StringBuilder(lines[i].substring(prefix.length()));
                    for (int next = i + 1; next < lines.length && (lines[next].startsWith(" ") || lines[next].startsWith("\t")); next++) {
                        value.append(lines[next]);
                    }
                    return value.toString().trim();
                }
            }
            return "";
        }

        /** The value of the Authentication-Results field, unfolded; fails the test when there is none. */
        public String authenticationResults() {
            String headers = message.substring(0, message.indexOf("\r\n\r\n")).replaceAll("\r\n[ \t]+", " ");
            return Arrays.stream(headers.split("\r\n"))
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("authentication-results:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Authentication-Results in\n" + message));
        }
    }

    private final SMTPServer server;
    private final List<Delivery> deliveries = new ArrayList<>();
    /** The client address of the session whose DATA is being read on this thread (subethasmtp reads it on the session's). */
    private final ThreadLocal<String> sessionClient = new ThreadLocal<>();

    /** Recipients whose local part starts with this are refused permanently (553), for bounce tests. */
    public static final String REFUSED_PREFIX = "refuse-";
    /** Recipients whose local part starts with this are refused temporarily (451) the first time, then accepted. */
    public static final String DEFERRED_ONCE_PREFIX = "defer-once-";
    private final java.util.Set<String> deferredOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Recipients whose local part starts with this answer {@code 550 5.1.1 user unknown}, as a mailbox that is gone, until
     * {@link #revive(String)} brings them back.
     */
    public static final String GONE_PREFIX = "gone-";
    private final java.util.Set<String> revived = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Recipients whose local part starts with this are refused temporarily (451) every time until {@link #revive(String)}. */
    public static final String LATER_PREFIX = "later-";
    /** How long each delivered message keeps its session busy: a slow destination. */
    private volatile long delayMillis;

    public static SmtpSink start(int port) {
        return new SmtpSink(port);
    }

    private SmtpSink(int port) {
        SimpleMessageListenerAdapter listener = new SimpleMessageListenerAdapter(new SimpleMessageListener() {
            @Override
            public boolean accept(String from, String recipient) {
                String lowerCase = recipient.toLowerCase(Locale.ROOT);
                if (lowerCase.startsWith(DEFERRED_ONCE_PREFIX) && deferredOnce.add(lowerCase)) {
                    throw new RejectException(451, "4.3.0 <" + recipient + "> try again later");
                }
                if (lowerCase.startsWith(LATER_PREFIX) && !revived.contains(lowerCase)) {
                    throw new RejectException(451, "4.2.0 <" + recipient + "> mailbox busy, try again later");
                }
                if (lowerCase.startsWith(GONE_PREFIX) && !revived.contains(lowerCase)) {
                    throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown");
                }
                return !lowerCase.startsWith(REFUSED_PREFIX);
            }

            @Override
            public void deliver(String from, String recipient, InputStream data) throws IOException {
                String message = new String(data.readAllBytes(), StandardCharsets.UTF_8);
                if (delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                synchronized (deliveries) {
                    deliveries.add(new Delivery(from, recipient, message, sessionClient.get()));
                }
            }
        });
        server = new SMTPServer(context -> withClientAddress(listener.create(context),
            ((InetSocketAddress) context.getRemoteAddress()).getAddress().getHostAddress()));
        server.setBindAddress(InetAddress.getLoopbackAddress());
        server.setPort(port);
        server.start();
    }

    private MessageHandler withClientAddress(MessageHandler handler, String clientAddress) {
        return new MessageHandler() {
            @Override
            public void from(String from) throws RejectException {
                handler.from(from);
            }

            @Override
            public void recipient(String recipient) throws RejectException {
                handler.recipient(recipient);
            }

            @Override
            public void data(InputStream data) throws RejectException, TooMuchDataException, IOException {
                sessionClient.set(clientAddress);
                try {
                    handler.data(data);
                } finally {
                    sessionClient.remove();
                }
            }

            @Override
            public void done() {
                handler.done();
            }
        };
    }

    /** The first copy for {@code recipient} with this Subject, waited for up to a minute. */
    public Delivery awaitCopy(String recipient, String subject) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> deliveries().stream()
                .filter(delivery -> delivery.recipient().equals(recipient) && delivery.header("Subject").equals(subject))
                .findFirst(), Optional::isPresent)
            .get();
    }

    /** Each message from now on takes this long to deliver (0: as fast as it can). */
    public void slowDown(Duration perMessage) {
        delayMillis = perMessage.toMillis();
    }

    /** A {@link #GONE_PREFIX} or {@link #LATER_PREFIX} mailbox accepts mail from now on. */
    public void revive(String recipient) {
        revived.add(recipient.toLowerCase(Locale.ROOT));
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
