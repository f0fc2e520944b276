package io.smtpy.server.testing;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A plain SMTP client over a socket that returns every reply as it is, so tests can assert on the exact codes
 * (a library client would throw or retry where we want to look).
 */
public final class SmtpTestClient implements Closeable {
    /** One SMTP reply: its code and its lines' text (without the code). */
    public static final class Reply {
        private final int code;
        private final List<String> lines;

        Reply(int code, List<String> lines) {
            this.code = code;
            this.lines = List.copyOf(lines);
        }

        public int code() {
            return code;
        }

        public List<String> lines() {
            return lines;
        }

        public String text() {
            return String.join("\n", lines);
        }

        @Override
        public String toString() {
            return code + " " + text();
        }
    }

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final Reply greeting;

    public static SmtpTestClient connect(String host, int port) throws IOException {
        return connect(host, port, new Socket());
    }

    /**
     * Connects from a chosen local address, so a test can be several clients: on Linux every address of 127.0.0.0/8
     * is local, so {@code 127.0.0.2} connects to a server listening on 127.0.0.1 or 0.0.0.0.
     */
    public static SmtpTestClient connectFrom(String localAddress, String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        return connect(host, port, socket);
    }

    /**
     * Implicit TLS (port 465): the handshake first, then the greeting. {@code tls} decides which certificates are
     * trusted (see {@code TrustOnly}); the handshake is complete when this returns.
     */
    public static SmtpTestClient connectTls(String host, int port, SSLSocketFactory tls) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), 5_000);
        plain.setSoTimeout(30_000);
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
        socket.startHandshake();
        return new SmtpTestClient(socket);
    }

    private static SmtpTestClient connect(String host, int port, Socket socket) throws IOException {
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        return new SmtpTestClient(socket);
    }

    private SmtpTestClient(Socket socket) throws IOException {
        useSocket(socket);
        this.greeting = readReply();
    }

    private void useSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
    }

    /**
     * STARTTLS; on 220 the handshake follows at once and the session continues over TLS (a new EHLO is the
     * caller's). Returns the server's reply to STARTTLS.
     */
    public Reply startTls(SSLSocketFactory tls) throws IOException {
        Reply reply = command("STARTTLS");
        if (reply.code() == 220) {
            SSLSocket upgraded = (SSLSocket) tls.createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            upgraded.startHandshake();
            useSocket(upgraded);
        }
        return reply;
    }

    /** The certificate the server presented, once the session is under TLS. */
    public X509Certificate peerCertificate() throws IOException {
        if (!(socket instanceof SSLSocket)) {
            throw new IllegalStateException("the session is not under TLS");
        }
        return (X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0];
    }

    /** AUTH LOGIN, the two-step dialogue; returns the reply to the password (or the first refusal). */
    public Reply authLogin(String user, String password) throws IOException {
        Reply reply = command("AUTH LOGIN");
        if (reply.code() != 334) {
            return reply;
        }
        reply = command(Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        if (reply.code() != 334) {
            return reply;
        }
        return command(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
    }

    public Reply greeting() {
        return greeting;
    }

    public Reply command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    public Reply ehlo(String name) throws IOException {
        return command("EHLO " + name);
    }

    public Reply authPlain(String user, String password) throws IOException {
        String credentials = "\0" + user + "\0" + password;
        return command("AUTH PLAIN " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    public Reply mailFrom(String address) throws IOException {
        return command("MAIL FROM:<" + address + ">");
    }

    public Reply rcptTo(String address) throws IOException {
        return command("RCPT TO:<" + address + ">");
    }

    /** DATA, then the message (CRLF line ends, dot-stuffed), then the final dot; returns the reply to the dot. */
    public Reply data(String message) throws IOException {
        Reply goAhead = command("DATA");
        if (goAhead.code() != 354) {
            return goAhead;
        }
        StringBuilder body = new StringBuilder();
        // A message ending with a line break ends its last line; nothing more is added, so what arrives is what was given.
        String text = message.endsWith("\n") ? message.substring(0, message.endsWith("\r\n") ? message.length() - 2 : message.length() - 1) : message;
        for (String line : text.split("\r?\n", -1)) {
            body.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        body.append(".\r\n");
        out.write(body.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply();
    }

    private Reply readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the server after " + lines);
            }
            if (line.length() < 3) {
                throw new IOException("not an SMTP reply: " + line);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) != '-') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                command("QUIT");
            }
        } catch (IOException ignored) {
            // The server may already have closed the connection; closing the socket is what matters.
        } finally {
            socket.close();
        }
    }
}
