package io.smtpy.matchers;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.core.mailpath.RecipientDirective;
import io.smtpy.rules.Verdicts;
import io.smtpy.rules.mailpath.DecisionsJson;
import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.rules.mailpath.RecipientDecision;
import io.smtpy.scan.ScanVerdict;

/**
 * Matches the recipients whose owners' block and allow lists and rules decide one of the dispositions in the
 * condition: {@code deliver} (nothing withholds it), {@code drop}, {@code quarantine}, {@code reject} — so a mail admin
 * can route on the owners' decisions in their own {@code mailetcontainer.xml}, e.g. keep a copy of what owners
 * quarantine, or send the mail they drop to a repository of their own:
 * <pre>
 * &lt;mailet match="io.smtpy.matchers.HasOwnerDisposition=quarantine,drop" class="ToRepository"&gt;
 *     &lt;repositoryPath&gt;file://var/mail/withheld/&lt;/repositoryPath&gt;
 *     &lt;passThrough&gt;true&lt;/passThrough&gt;
 * &lt;/mailet&gt;
 * </pre>
 * It reads the decisions taken at the end of DATA when the mail carries them ({@code SmtpyRulesHook}), and otherwise
 * evaluates the lists and rules itself without counting rule hits. Recipients the owners' decisions do not concern
 * (other domains) are {@code deliver}.
 */
public class HasOwnerDisposition extends GenericMatcher {
    /** What a matcher condition may name. */
    enum Disposition { DELIVER, DROP, QUARANTINE, REJECT }

    private static final AttributeName DECISIONS = AttributeName.of(DecisionsJson.ATTRIBUTE);

    private final OwnerDecisions owners;
    private Set<Disposition> wanted;

    @Inject
    public HasOwnerDisposition(OwnerDecisions owners) {
        this.owners = owners;
    }

    @Override
    public void init() throws MessagingException {
        String condition = Optional.ofNullable(getCondition()).orElse("").trim();
        if (condition.isEmpty()) {
            throw new MessagingException(getMatcherName() + " needs a condition: one or more of deliver, drop, quarantine, reject");
        }
        Set<Disposition> parsed = EnumSet.noneOf(Disposition.class);
        for (String token : condition.split(",")) {
            try {
                parsed.add(Disposition.valueOf(token.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                throw new MessagingException(getMatcherName() + ": unknown disposition '" + token.trim() + "' (known: "
                    + Arrays.stream(Disposition.values()).map(d -> d.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
            }
        }
        wanted = parsed;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        Map<MailAddress, RecipientDecision> decisions = decisions(mail);
        return mail.getRecipients().stream()
            .filter(recipient -> wanted.contains(disposition(decisions.get(recipient))))
            .collect(Collectors.toList());
    }

    private Map<MailAddress, RecipientDecision> decisions(Mail mail) throws MessagingException {
        Optional<String> carried = AttributeUtils.getValueAndCastFromMail(mail, DECISIONS, String.class);
        if (carried.isPresent()) {
            try {
                return DecisionsJson.read(carried.get());
            } catch (IllegalArgumentException unreadable) {
                // Evaluated afresh below.
            }
        }
        byte[] bytes = bytes(mail);
        return owners.afterData(mail.getMaybeSender(), mail.getRecipients(), Optional.empty(), () -> bytes,
            Verdicts.read(method -> AttributeUtils.getValueAndCastFromMail(mail,
                AttributeName.of(AuthenticationAttributes.PREFIX + method), String.class)), ScanVerdict.NOT_SCANNED, false);
    }

    private static Disposition disposition(RecipientDecision decision) {
        if (decision == null) {
            return Disposition.DELIVER;
        }
        if (decision.refusal().isPresent()) {
            return Disposition.REJECT;
        }
        RecipientDirective.Disposition disposition = decision.directive().disposition();
        return Disposition.valueOf(disposition.name());
    }

    private static byte[] bytes(Mail mail) throws MessagingException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            mail.getMessage().writeTo(out);
        } catch (java.io.IOException e) {
            throw new MessagingException("could not read the message", e);
        }
        return out.toByteArray();
    }
}
