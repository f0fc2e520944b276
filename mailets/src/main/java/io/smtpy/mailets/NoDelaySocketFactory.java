package io.smtpy.mailets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets with Nagle's algorithm off, for RemoteDelivery's SMTP client (JavaMail's
 * {@code mail.smtp.socketFactory.class}, set in {@code mailetcontainer.xml}).
 *
 * <p>JavaMail writes a message in 8 KiB pieces and the final {@code CRLF.CRLF} on its own. With Nagle on, the last
 * small piece waits until the receiver acknowledges the previous ones, and receivers delay that acknowledgement
 * (40 ms on Linux): every message larger than one piece took about 45 ms more to deliver, which capped a delivery
 * thread at about 20 such messages a second. SMTP sends whole commands and data; nothing is gained by coalescing.
 *
 * <p>JavaMail finds the factory through its static {@code getDefault()}. Where the class cannot be loaded (the
 * bundle in a stock James loads smtpy in a child class loader), JavaMail falls back to its default sockets.
 */
public final class NoDelaySocketFactory extends SocketFactory {
    private static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    public static SocketFactory getDefault() {
        return INSTANCE;
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(new Socket(host, port, localAddress, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return noDelay(new Socket(address, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
