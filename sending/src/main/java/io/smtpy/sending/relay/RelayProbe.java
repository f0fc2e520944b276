package io.smtpy.sending.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The test-connection of a domain's relay: connect (through the {@link RelayHostGuard}), read the greeting, EHLO,
 * STARTTLS when the mode asks (required: a relay that does not offer it fails the test), AUTH PLAIN (LOGIN when PLAIN
 * is not offered) when a user name is set, QUIT. No mail is sent. Each step is reported with the relay's reply, so an
 * owner sees exactly where it stops ({@code 535 5.7.8 Authentication failed}). The certificate is checked against the
 * host name, as delivery checks it. The password never appears in a step: AUTH's lines are not echoed, only the
 * relay's answers.
 */
public final class RelayProbe {
    /** One step of the conversation. */
    public static final class Step {
        private final String name;
        private final boolean ok;
        private final String reply;

        Step(String name, boolean ok, String reply) {
            this.name = name;
            this.ok = ok;
            this.reply = reply;
        }

        /** {@code guard}, {@code connect}, {@code greeting}, {@code ehlo}, {@code starttls}, {@code auth} or {@code quit}. */
        public String name() {
            return name;
        }

        public boolean ok() {
            return ok;
        }

        public String reply() {
            return reply;
        }

        @Override
        public String toString() {
            return name + (ok ? " ok: " : " failed: ") + reply;
        }
    }

    /** The steps taken, the last one failed unless {@link #ok()}. */
    public static final class Result {
        private final List<Step> steps;

        Result(List<Step> steps) {
            this.steps = List.copyOf(steps);
        }

        public boolean ok() {
            return steps.stream().allMatch(Step::ok);
        }

        public List<Step> steps() {
            return steps;
        }

        /** The reply of the step that failed; empty when all went well. */
        public Optional<String> failure() {
            return steps.stream().filter(step -> !step.ok()).map(Step::reply).findFirst();
        }
    }

    private final RelayHostGuard guard;
    private final SSLSocketFactory tls;
    private final String heloName;
    private final Duration timeout;

    /**
     * @param tls the TLS client (the JVM's default trusts the usual public authorities)
     * @param heloName the name smtpy gives in EHLO
     */
    public RelayProbe(RelayHostGuard guard, SSLSocketFactory tls, String heloName, Duration timeout) {
        this.guard = Objects.requireNonNull(guard);
        this.tls = Objects.requireNonNull(tls);
        this.heloName = Objects.requireNonNull(heloName);
        this.timeout = Objects.requireNonNull(timeout);
    }

    public Result probe(DomainRelay relay, Optional<String> password) {
        List<Step> steps = new ArrayList<>();
        try {
            guard.check(relay.host());
        } catch (RelayHostGuard.RefusedRelayException e) {
            steps.add(new Step("guard", false, "refused: " + e.getMessage()));
            return new Result(steps);
        }
        Socket socket;
        try {
            socket = connect(relay);
        } catch (IOException e) {
            steps.add(new Step("connect", false, describe(e)));
            return new Result(steps);
        }
        steps.add(new Step("connect", true, relay.address() + (relay.tls() == RelayTls.IMPLICIT ? " (TLS)" : "")));
        try (Socket open = socket) {
            converse(new Conversation(open), relay, password, steps);
        } catch (IOException e) {
            steps.add(new Step(steps.isEmpty() ? "connect" : "connection", false, describe(e)));
        }
        return new Result(steps);
    }

    private void converse(Conversation smtp, DomainRelay relay, Optional<String> password, List<Step> steps) throws IOException {
        if (!expect(steps, "greeting", smtp.read(), 220)) {
            return;
        }
        Reply ehlo = smtp.command("EHLO " + heloName);
        if (!expect(steps, "ehlo", ehlo, 250)) {
            return;
        }
        if (relay.tls() == RelayTls.STARTTLS) {
            if (!ehlo.offers("STARTTLS")) {
                steps.add(new Step("starttls", false, "the relay does not offer STARTTLS (tls is starttls: no clear-text fallback)"));
                return;
            }
            if (!expect(steps, "starttls", smtp.command("STARTTLS"), 220)) {
                return;
            }
            smtp = new Conversation(upgrade(smtp.socket, relay.host(), relay.port()));
            ehlo = smtp.command("EHLO " + heloName);
            if (!expect(steps, "ehlo", ehlo, 250)) {
                return;
            }
        }
        if (relay.username().isPresent()) {
            if (!authenticate(smtp, ehlo, relay.username().get(), password.orElse(""), steps)) {
                return;
            }
        }
        expect(steps, "quit", smtp.command("QUIT"), 221);
    }

    private static boolean authenticate(Conversation smtp, Reply ehlo, String username, String password, List<Step> steps)
            throws IOException {
        Reply reply;
        if (ehlo.offersAuth("PLAIN")) {
            String token = Base64.getEncoder().encodeToString(("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8));
            reply = smtp.command("AUTH PLAIN " + token);
        } else if (ehlo.offersAuth("LOGIN")) {
            reply = smtp.command("AUTH LOGIN");
            if (reply.code == 334) {
                reply = smtp.command(Base64.getEncoder().encodeToString(username.getBytes(StandardCharsets.UTF_8)));
            }
            if (reply.code == 334) {
                reply = smtp.command(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
            }
        } else {
            steps.add(new Step("auth", false, "the relay offers neither AUTH PLAIN nor AUTH LOGIN"
                + (ehlo.offers("AUTH") ? "" : " (no AUTH at all" + (ehlo.offers("STARTTLS") ? "; it may offer AUTH only after STARTTLS)" : ")"))));
            return false;
        }
        return expect(steps, "auth", reply, 235);
    }

    private static boolean expect(List<Step> steps, String name, Reply reply, int code) {
        boolean ok = reply.code == code;
        steps.add(new Step(name, ok, reply.text));
        return ok;
    }

    private Socket connect(DomainRelay relay) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(relay.host(), relay.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return relay.tls() == RelayTls.IMPLICIT ? upgrade(socket, relay.host(), relay.port()) : socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private SSLSocket upgrade(Socket socket, String host, int port) throws IOException {
        SSLSocket secured = (SSLSocket) tls.createSocket(socket, host, port, true);
        SSLParameters parameters = secured.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secured.setSSLParameters(parameters);
        secured.startHandshake();
        return secured;
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }

    /** A reply: its code and its lines joined by newlines ({@code 250-...}). */
    private static final class Reply {
        private final int code;
        private final String text;

        Reply(int code, String text) {
            this.code = code;
            this.text = text;
        }

        boolean offers(String keyword) {
            for (String line : text.split("\n")) {
                String extension = line.length() > 4 ? line.substring(4).trim().toUpperCase(Locale.ROOT) : "";
                if (extension.equals(keyword) || extension.startsWith(keyword + " ") || extension.startsWith(keyword + "=")) {
                    return true;
                }
            }
            return false;
        }

        boolean offersAuth(String mechanism) {
            for (String line : text.split("\n")) {
                String extension = line.length() > 4 ? line.substring(4).trim().toUpperCase(Locale.ROOT) : "";
                if (extension.startsWith("AUTH ") || extension.startsWith("AUTH=")) {
                    for (String offered : extension.substring(5).split(" ")) {
                        if (offered.equals(mechanism)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    private static final class Conversation {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        Reply command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        Reply read() throws IOException {
            StringBuilder text = new StringBuilder();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("the relay closed the connection" + (text.length() > 0 ? " after " + text : ""));
                }
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(line);
                if (line.length() < 4 || line.charAt(3) != '-') {
                    int code;
                    try {
                        code = Integer.parseInt(line.substring(0, Math.min(3, line.length())));
                    } catch (NumberFormatException e) {
                        throw new IOException("the relay answered something that is not SMTP: " + line);
                    }
                    return new Reply(code, text.toString());
                }
            }
        }
    }
}
