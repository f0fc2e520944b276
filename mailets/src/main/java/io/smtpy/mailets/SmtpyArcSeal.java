package io.smtpy.mailets;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
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
import io.smtpy.auth.dkim.SigningKey;
import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.auth.signing.DomainSigningKeys;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;

/**
 * Adds an ARC set (RFC 8617) to each copy {@code SmtpyForward} made of a checked inbound mail, sealed with the
 * forwarding domain's key: {@code ARC-Authentication-Results} with the verdicts the SMTP hook found,
 * {@code ARC-Message-Signature}, and {@code ARC-Seal} whose {@code cv=} says how the chain the mail arrived with
 * validated (the hook's result, carried as an attribute, so the chain's keys are not fetched twice). A receiver that trusts smtpy can then see that the mail passed SPF/DKIM/DMARC when smtpy received it,
 * although forwarding broke SPF for it. Put it in the {@code relay} processor before {@code SmtpyDkimSign}.
 *
 * <p>Leaves the copy as it is when it was not checked (no verdicts), when the domain has no published key yet, or
 * when the sealer may not extend the chain (an earlier hop already sealed {@code cv=fail}, 50 sets, or a DNS failure
 * while validating: sealing {@code cv=fail} over our own DNS trouble would condemn the chain for good).
 */
public class SmtpyArcSeal extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyArcSeal.class);
    private static final AttributeName RESULTS = AttributeName.of(AuthenticationAttributes.RESULTS);
    private static final AttributeName ARC_CHAIN = AttributeName.of(AuthenticationAttributes.ARC_CHAIN);

    private final DomainSigningKeys keys;
    private final ArcValidator validator;
    private final AuthServId authServId;
    private final Clock clock;
    private final AliasDirectory directory;

    @Inject
    public SmtpyArcSeal(DomainSigningKeys keys, ArcValidator validator, AuthServId authServId, Clock clock, AliasDirectory directory) {
        this.directory = directory;
        this.keys = keys;
        this.validator = validator;
        this.authServId = authServId;
        this.clock = clock;
    }

    @Override
    public String getMailetInfo() {
        return "smtpy ARC sealing of forwarded mail";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        Optional<String> results = AttributeUtils.getValueAndCastFromMail(mail, RESULTS, String.class);
        if (domain.isEmpty() || results.isEmpty() || !arcWanted(domain.get())) {
            return;
        }
        Optional<SigningKey> key = keys.sealingKey(domain.get());
        if (key.isEmpty()) {
            LOGGER.debug("No published key for {} yet: mail {} leaves without an ARC set", domain.get(), mail.getName());
            return;
        }
        MimeMessage message = mail.getMessage();
        byte[] bytes = RawMessages.bytes(message);
        ArcChainResult chain;
        List<String> set;
        try {
            // Validated by the SMTP hook on arrival; the prepended fields do not touch the chain. Fetch the keys
            // again only for a mail that came without that result.
            chain = AttributeUtils.getValueAndCastFromMail(mail, ARC_CHAIN, String.class)
                .flatMap(ArcChainResult::fromSummary)
                .orElseGet(() -> validator.validate(bytes));
            set = new ArcSealer(key.get(), clock).seal(bytes, chain, authServId.asString(), results.get());
        } catch (RuntimeException e) {
            LOGGER.error("Could not ARC-seal mail {} for {}; sent without a new ARC set", mail.getName(), domain.get(), e);
            return;
        }
        if (set.isEmpty()) {
            LOGGER.info("Mail {} not ARC-sealed: incoming chain {}", mail.getName(), chain);
            return;
        }
        RawMessages.replace(mail, RawMessages.withHeadersInFront(message, set, line -> true));
        LifecycleUtil.dispose(message);
    }

    /** A domain asks for ARC sets on its forwarded copies unless it chose {@code none} (the index: no storage read). */
    private boolean arcWanted(DomainName domain) {
        return directory.indexedDomain(domain).map(found -> found.forwardedSignatures().arcSeal()).orElse(true);
    }
}
