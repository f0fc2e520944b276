package io.smtpy.mailets;

import java.util.Optional;

import org.apache.mailet.Mail;

import io.smtpy.sending.relay.DomainRelay;
import io.smtpy.sending.relay.RelayAttempt;

/** Hands one copy to a domain's relay over SMTP; {@link JavaMailRelaySender} in production, a fake in unit tests. */
public interface RelaySender {
    /** Never throws: whatever goes wrong is a failed {@link RelayAttempt} with what the relay said, or what happened. */
    RelayAttempt send(DomainRelay relay, Optional<String> password, Mail mail);
}
