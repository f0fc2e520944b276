package io.smtpy.server;

import java.util.Objects;

import com.google.common.net.HostAndPort;

/**
 * The smarthost that all outbound mail goes through instead of the recipients' MX hosts
 * ({@code RemoteDelivery}'s {@code gateway} and {@code gatewayPort}).
 */
public final class SmtpGateway {
    public static final int DEFAULT_PORT = 25;

    private final String host;
    private final int port;

    /**
     * Parses {@code HOST}, {@code HOST:PORT} or {@code [IPv6]:PORT}; the port defaults to 25.
     */
    public static SmtpGateway parse(String value) throws InvalidSettingsException {
        HostAndPort hostAndPort;
        try {
            hostAndPort = HostAndPort.fromString(value.trim()).withDefaultPort(DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("'" + value + "' is not HOST:PORT", e);
        }
        if (hostAndPort.getHost().isEmpty()) {
            throw new InvalidSettingsException("'" + value + "' has no host");
        }
        if (hostAndPort.getPort() == 0) {
            throw new InvalidSettingsException("'" + value + "' has port 0");
        }
        return new SmtpGateway(hostAndPort.getHost(), hostAndPort.getPort());
    }

    public SmtpGateway(String host, int port) {
        this.host = Objects.requireNonNull(host);
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SmtpGateway)) {
            return false;
        }
        SmtpGateway that = (SmtpGateway) other;
        return host.equals(that.host) && port == that.port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port);
    }

    @Override
    public String toString() {
        return HostAndPort.fromParts(host, port).toString();
    }
}
