package io.smtpy.mailets;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.SigningKey;
import io.smtpy.auth.signing.DomainSigningKeys;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;

/**
 * Signs outgoing mail with DKIM, with every active key of one smtpy domain (RSA and Ed25519 when the domain has
 * both): a copy forwarded by {@code SmtpyForward} with the forwarding domain's keys, other mail with the keys of its
 * {@code From} domain when that is an smtpy domain (the sending path of later work). Mail of any other domain, and
 * mail of a domain whose first key is not published yet, leaves unsigned. Put it in the {@code relay} processor just
 * before {@code RemoteDelivery}, after {@code SmtpyArcSeal}, so the signature is the last field added.
 *
 * <p>The {@code DKIM-Signature} fields are written in front of the message, whose bytes are otherwise copied
 * untouched (see {@link RawMessages}), so what is signed is what RemoteDelivery sends.
 */
public class SmtpyDkimSign extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyDkimSign.class);

    private final DomainSigningKeys keys;
    private final DkimSigner signer;
    private final AliasDirectory directory;

    @Inject
    public SmtpyDkimSign(DomainSigningKeys keys, DkimSigner signer, AliasDirectory directory) {
        this.keys = keys;
        this.signer = signer;
        this.directory = directory;
    }

    @Override
    public String getMailetInfo() {
        return "smtpy DKIM signing with the domain's rotating keys";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<DomainName> domain = signingDomain(mail);
        if (domain.isEmpty()) {
            return;
        }
        List<SigningKey> signingKeys = keys.of(domain.get());
        if (signingKeys.isEmpty()) {
            LOGGER.debug("No published DKIM key for {} yet: mail {} leaves unsigned", domain.get(), mail.getName());
            return;
        }
        MimeMessage message = mail.getMessage();
        List<String> signatures;
        try {
            signatures = signer.sign(RawMessages.bytes(message), signingKeys);
        } catch (RuntimeException e) {
            // An unsigned mail is still delivered; holding it for a signing fault would be worse.
            LOGGER.error("Could not DKIM-sign mail {} for {}; sent unsigned", mail.getName(), domain.get(), e);
            return;
        }
        RawMessages.replace(mail, RawMessages.withHeadersInFront(message, signatures, line -> true));
        LifecycleUtil.dispose(message);
    }

    private Optional<DomainName> signingDomain(Mail mail) throws MessagingException {
        Optional<DomainName> forwarding = ForwardingAttributes.domain(mail);
        if (forwarding.isPresent()) {
            // A forwarded copy carries the alias domain's signature only where the domain asks for it.
            boolean wanted = directory.indexedDomain(forwarding.get())
                .map(domain -> domain.forwardedSignatures().dkimSign())
                .orElse(true);
            return wanted ? forwarding : Optional.empty();
        }
        String[] from = mail.getMessage().getHeader("From");
        if (from == null || from.length != 1) {
            return Optional.empty();
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(from[0], false);
            if (addresses.length != 1 || addresses[0].getAddress() == null || !addresses[0].getAddress().contains("@")) {
                return Optional.empty();
            }
            String address = addresses[0].getAddress();
            DomainName domain = DomainName.of(address.substring(address.lastIndexOf('@') + 1));
            return directory.indexedDomain(domain).isPresent() ? Optional.of(domain) : Optional.empty();
        } catch (MessagingException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }
}
