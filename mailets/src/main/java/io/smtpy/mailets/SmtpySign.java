package io.smtpy.mailets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.auth.AuthServId;
import io.smtpy.auth.arc.ArcChainResult;
import io.smtpy.auth.arc.ArcSealer;
import io.smtpy.auth.arc.ArcValidator;
import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.RawMessage;
import io.smtpy.auth.dkim.SigningKey;
import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.auth.signing.DomainSigningKeys;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ForwardedSignatures;

/**
 * Makes the signatures an outgoing copy carries, in one pass over its bytes: put it in the {@code relay} processor
 * just before {@code RemoteDelivery}.
 * <ul>
 *   <li>A copy {@code SmtpyForward} made of a checked inbound mail gets an ARC set (RFC 8617) sealed with the
 *       forwarding domain's key: {@code ARC-Authentication-Results} with the SMTP hook's verdicts,
 *       {@code ARC-Message-Signature}, {@code ARC-Seal} whose {@code cv=} is the hook's validation of the incoming
 *       chain (carried as an attribute, so the chain's keys are not fetched twice). A receiver that trusts smtpy sees
 *       that the mail passed SPF/DKIM/DMARC here, although forwarding broke SPF for it.</li>
 *   <li>It also gets a {@code DKIM-Signature} per active key of the forwarding domain; other mail, one per active key
 *       of its {@code From} domain when that is an smtpy domain (the sending path).</li>
 * </ul>
 * What a forwarded copy carries is what its {@code CopyPlan} asked for (attributes {@code SmtpyForward} put on it,
 * from the forwarding domain's {@code forwardedSignatures}; the in-memory index for a copy queued without them). The
 * message is read and parsed once and its body hashed once for both (ARC's message signature and
 * DKIM both sign the relaxed body); the fields are written in front of the original bytes, copied untouched, so what
 * is signed is what RemoteDelivery sends: DKIM-Signature first, then ARC-Seal, ARC-Message-Signature,
 * ARC-Authentication-Results. DKIM signs none of the ARC fields, so its signature is the one it would make after them.
 *
 * <p>Nothing is added while the domain has no published key; no ARC set when the copy was not checked, or when the
 * chain may not be extended (an earlier hop sealed {@code cv=fail}, 50 sets, or a DNS failure while validating:
 * sealing {@code cv=fail} over our own DNS trouble would condemn the chain for good). A signing fault leaves that
 * signature out and the copy goes on: holding mail for it would be worse.
 */
public class SmtpySign extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpySign.class);
    private static final AttributeName RESULTS = AttributeName.of(AuthenticationAttributes.RESULTS);
    private static final AttributeName ARC_CHAIN = AttributeName.of(AuthenticationAttributes.ARC_CHAIN);

    private final DomainSigningKeys keys;
    private final DkimSigner signer;
    private final ArcValidator validator;
    private final AuthServId authServId;
    private final Clock clock;
    private final AliasDirectory directory;

    @Inject
    public SmtpySign(DomainSigningKeys keys, DkimSigner signer, ArcValidator validator, AuthServId authServId, Clock clock,
                     AliasDirectory directory) {
        this.keys = keys;
        this.signer = signer;
        this.validator = validator;
        this.authServId = authServId;
        this.clock = clock;
        this.directory = directory;
    }

    @Override
    public String getMailetInfo() {
        return "smtpy ARC sealing and DKIM signing of outgoing mail";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<DomainName> forwarding = ForwardingAttributes.domain(mail);
        Optional<String> results = AttributeUtils.getValueAndCastFromMail(mail, RESULTS, String.class);
        Optional<SigningKey> sealingKey = forwarding.isPresent() && results.isPresent()
            && ForwardingAttributes.arcSeal(mail).orElseGet(() -> domainChoice(forwarding.get()).arcSeal())
            ? keys.sealingKey(forwarding.get()) : Optional.empty();
        Optional<DomainName> dkimDomain = forwarding.isPresent()
            ? forwarding.filter(domain -> ForwardingAttributes.dkimSign(mail).orElseGet(() -> domainChoice(domain).dkimSign()))
            : fromDomain(mail);
        List<SigningKey> dkimKeys = dkimDomain.map(keys::of).orElse(List.of());
        if (sealingKey.isEmpty() && dkimKeys.isEmpty()) {
            LOGGER.debug("Mail {} leaves without new signatures (none asked for, or no published key yet)", mail.getName());
            return;
        }

        MimeMessage message = mail.getMessage();
        byte[] bytes = RawMessages.bytes(message);
        RawMessage parsed = RawMessage.parse(bytes);
        String bodyHash = DkimSigner.relaxedBodyHash(parsed);
        List<String> fields = new ArrayList<>();
        if (!dkimKeys.isEmpty()) {
            try {
                fields.addAll(signer.sign(parsed, bodyHash, dkimKeys));
            } catch (RuntimeException e) {
                LOGGER.error("Could not DKIM-sign mail {} for {}; sent without DKIM-Signature", mail.getName(), dkimDomain.get(), e);
            }
        }
        sealingKey.ifPresent(key -> fields.addAll(arcSet(mail, bytes, parsed, bodyHash, key, results.get())));
        if (fields.isEmpty()) {
            return;
        }
        RawMessages.replace(mail, RawMessages.withHeadersInFront(message, fields, line -> true));
        LifecycleUtil.dispose(message);
    }

    private List<String> arcSet(Mail mail, byte[] bytes, RawMessage parsed, String bodyHash, SigningKey key, String results) {
        ArcChainResult chain;
        List<String> set;
        try {
            // Validated by the SMTP hook on arrival; fields put in front since then do not touch the chain. Fetch the
            // keys again only for a mail that came without that result.
            chain = AttributeUtils.getValueAndCastFromMail(mail, ARC_CHAIN, String.class)
                .flatMap(ArcChainResult::fromSummary)
                .orElseGet(() -> validator.validate(bytes));
            set = new ArcSealer(key, clock).seal(parsed, bodyHash, chain, authServId.asString(), results);
        } catch (RuntimeException e) {
            LOGGER.error("Could not ARC-seal mail {} for {}; sent without a new ARC set", mail.getName(), key.domain(), e);
            return List.of();
        }
        if (set.isEmpty()) {
            LOGGER.info("Mail {} not ARC-sealed: incoming chain {}", mail.getName(), chain);
        }
        return set;
    }

    /** The domain's setting, for a copy whose plan did not say (queued before plans carried it). */
    private ForwardedSignatures domainChoice(DomainName domain) {
        return directory.indexedDomain(domain).map(found -> found.forwardedSignatures()).orElse(ForwardedSignatures.ARC_AND_DKIM);
    }

    /** The {@code From} domain when the message has one author address on an smtpy domain. */
    private Optional<DomainName> fromDomain(Mail mail) throws MessagingException {
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
