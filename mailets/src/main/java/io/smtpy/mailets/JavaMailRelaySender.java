package io.smtpy.mailets;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Address;
import javax.mail.AuthenticationFailedException;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.net.ssl.SSLSocketFactory;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;
import com.sun.mail.smtp.SMTPTransport;

import io.smtpy.sending.relay.DomainRelay;
import io.smtpy.sending.relay.RelayAttempt;
import io.smtpy.sending.relay.RelayHostGuard;
import io.smtpy.sending.relay.RelayTls;

/**
 * Sends a copy to a domain's relay with JavaMail's SMTP transport, as RemoteDelivery sends to an MX: the envelope of the
 * copy ({@code <>} for a null sender), the message's bytes as they are (signed already). TLS as the relay says:
 * {@code starttls} is required ({@code mail.smtp.starttls.required}: no clear-text fallback), {@code implicit} is
 * {@code smtps}; the certificate is checked against the host name. AUTH PLAIN or LOGIN with the owner's user name and
 * password when a user name is set. The {@link RelayHostGuard} is asked first, every time.
 *
 * <p>All recipients or none ({@code sendpartial} off): a relay takes the envelope of anything it will relay, so one
 * refused recipient means the relay's policy refuses the copy, and the reply of the first refusal decides.
 */
public class JavaMailRelaySender implements RelaySender {
    private final RelayHostGuard guard;
    private final SSLSocketFactory tls;
    private final Optional<String> heloName;
    private final Duration timeout;

    /**
     * @param tls the TLS client (the JVM's default trusts the usual public authorities)
     * @param heloName the name given in EHLO; JavaMail's (the local host's) when empty
     */
    public JavaMailRelaySender(RelayHostGuard guard, SSLSocketFactory tls, Optional<String> heloName, Duration timeout) {
        this.guard = Objects.requireNonNull(guard);
        this.tls = Objects.requireNonNull(tls);
        this.heloName = Objects.requireNonNull(heloName);
        this.timeout = Objects.requireNonNull(timeout);
    }

    @Override
    public RelayAttempt send(DomainRelay relay, Optional<String> password, Mail mail) {
        try {
            guard.check(relay.host());
        } catch (RelayHostGuard.RefusedRelayException e) {
            return RelayAttempt.notConnected("relay host refused: " + e.getMessage());
        }
        String protocol = relay.tls() == RelayTls.IMPLICIT ? "smtps" : "smtp";
        Session session = Session.getInstance(properties(relay, protocol, mail));
        SMTPTransport transport;
        try {
            transport = (SMTPTransport) session.getTransport(protocol);
        } catch (MessagingException impossible) {
            return RelayAttempt.notConnected("no SMTP transport: " + impossible.getMessage());
        }
        try {
            try {
                transport.connect(relay.host(), relay.port(), relay.username().orElse(null), password.orElse(null));
            } catch (AuthenticationFailedException e) {
                return RelayAttempt.notConnected(reply(e.getMessage(), transport));
            } catch (MessagingException e) {
                return RelayAttempt.notConnected(describe(e));
            }
            try {
                transport.sendMessage(mail.getMessage(), recipients(mail));
                return RelayAttempt.delivered(oneLine(transport.getLastServerResponse()));
            } catch (SMTPSendFailedException e) {
                return RelayAttempt.refused(reply(e.getMessage(), transport));
            } catch (SendFailedException e) {
                return RelayAttempt.refused(firstRefusal(e).orElseGet(() -> oneLine(transport.getLastServerResponse())));
            } catch (MessagingException e) {
                return RelayAttempt.notConnected(describe(e));
            }
        } finally {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // The copy's fate is decided; a failed QUIT changes nothing.
            }
        }
    }

    private Properties properties(DomainRelay relay, String protocol, Mail mail) {
        String prefix = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put(prefix + "connectiontimeout", Long.toString(timeout.toMillis()));
        properties.put(prefix + "timeout", Long.toString(timeout.toMillis()));
        properties.put(prefix + "ssl.socketFactory", tls);
        properties.put(prefix + "ssl.checkserveridentity", "true");
        properties.put(prefix + "starttls.enable", Boolean.toString(relay.tls() == RelayTls.STARTTLS));
        properties.put(prefix + "starttls.required", Boolean.toString(relay.tls() == RelayTls.STARTTLS));
        properties.put(prefix + "auth", Boolean.toString(relay.username().isPresent()));
        properties.put(prefix + "auth.mechanisms", "PLAIN LOGIN");
        properties.put(prefix + "sendpartial", "false");
        properties.put(prefix + "from", mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse("<>"));
        heloName.ifPresent(name -> properties.put(prefix + "localhost", name));
        return properties;
    }

    private static Address[] recipients(Mail mail) throws AddressException {
        Address[] addresses = new Address[mail.getRecipients().size()];
        int index = 0;
        for (MailAddress recipient : mail.getRecipients()) {
            addresses[index++] = new InternetAddress(recipient.asString(), false);
        }
        return addresses;
    }

    private static Optional<String> firstRefusal(MessagingException e) {
        Exception next = e;
        while (next instanceof MessagingException) {
            if (next instanceof SMTPAddressFailedException) {
                return Optional.of(oneLine(next.getMessage()));
            }
            next = ((MessagingException) next).getNextException();
        }
        return Optional.empty();
    }

    /** The relay's reply as JavaMail kept it (its exception's message is the reply), else the last one it read. */
    private static String reply(String message, SMTPTransport transport) {
        String text = message == null || message.isBlank() ? transport.getLastServerResponse() : message;
        return oneLine(text);
    }

    private static String describe(MessagingException e) {
        StringBuilder text = new StringBuilder(Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
        if (cause != null && cause != e && cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
            text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        return oneLine(text.toString());
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.trim().replaceAll("\\s*[\r\n]+\\s*", " ");
    }
}
