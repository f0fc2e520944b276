package io.smtpy.sending;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.smtpy.core.smtp.SmtpStatus;

/**
 * Send-as enforcement on the submission server: the envelope sender (at MAIL) and every address of the header From
 * and Sender fields (at the end of DATA) must be addresses the session's credential may send as. Otherwise the mail
 * is refused with 550 5.7.1 and a text saying which address and what the credential may use.
 */
public final class SendAsPolicy {
    private SendAsPolicy() {
    }

    /** @param sender empty for the null sender {@code <>}, which a submitted mail may not use */
    public static Optional<SmtpStatus> envelopeSender(SmtpCredential credential, Optional<MailAddress> sender) {
        if (sender.isEmpty()) {
            return Optional.of(SmtpStatus.of(550, "5.7.1", "A submitted mail needs a sender address this credential may"
                + " send as (" + allowed(credential) + ")"));
        }
        if (!credential.sendAs().allows(sender.get())) {
            return Optional.of(SmtpStatus.of(550, "5.7.1", sender.get().asString() + " is not an address this credential"
                + " may send as (" + allowed(credential) + ")"));
        }
        return Optional.empty();
    }

    /**
     * @param from the addresses of the From field, empty when it is missing
     * @param sender the addresses of the Sender field, if there is one
     * @param readable whether both fields could be read as addresses
     */
    public static Optional<SmtpStatus> headerFields(SmtpCredential credential, List<MailAddress> from, List<MailAddress> sender,
                                                    boolean readable) {
        if (!readable) {
            return Optional.of(SmtpStatus.of(550, "5.6.0", "The From or Sender header field cannot be read as addresses"));
        }
        if (from.isEmpty()) {
            return Optional.of(SmtpStatus.of(550, "5.6.0", "A submitted mail needs a From header field"));
        }
        return foreign(credential, "From", from).or(() -> foreign(credential, "Sender", sender));
    }

    private static Optional<SmtpStatus> foreign(SmtpCredential credential, String field, List<MailAddress> addresses) {
        for (MailAddress address : addresses) {
            if (!credential.sendAs().allows(address)) {
                return Optional.of(SmtpStatus.of(550, "5.7.1", "The " + field + " header field's " + address.asString()
                    + " is not an address this credential may send as (" + allowed(credential) + ")"));
            }
        }
        return Optional.empty();
    }

    private static String allowed(SmtpCredential credential) {
        return "it may send as " + String.join(", ", credential.sendAs().entries());
    }
}
