package io.smtpy.sending.reverse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;

import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.directory.Resolution;
import io.smtpy.core.model.Destination;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * Decides at the end of DATA whether a mail to reverse aliases is a reply smtpy sends on as the alias:
 * <ol>
 *   <li>every reverse alias recipient must be known and enabled ({@code 550 5.1.1}; RCPT refused the others already);</li>
 *   <li>it must come from the alias's mailbox: exactly one {@code From} address, a destination of the alias, and the
 *       inbound checks must show that the mailbox's domain sent it ({@link MailboxAuthentication}: DMARC pass, or an
 *       SPF or DKIM pass of exactly that domain when it publishes no DMARC record). Otherwise {@code 550 5.7.1}, and the
 *       owners are alerted: a stranger, or someone forging the mailbox, tried to write as the alias;</li>
 *   <li>all its reverse aliases must belong to one alias (the reply goes out as that alias);</li>
 *   <li>it must not also go to other addresses, in the envelope or in {@code To}/{@code Cc}: those would get the mail
 *       straight from the mailbox, with its address, which is what replying through the alias avoids
 *       ({@code 550 5.7.1 a reply through an alias cannot also go to other addresses}). The alias's own address and the
 *       mailbox's, which a reply-all brings along, are allowed; the alias's own address is dropped from the envelope.</li>
 * </ol>
 */
public class ReplyPolicy {
    static final SmtpStatus UNKNOWN = SmtpStatus.of(550, "5.1.1", "no such recipient here");
    static final String OTHER_ADDRESSES = "a reply through an alias cannot also go to other addresses";

    private final ReverseAliases reverseAliases;
    private final AliasResolver resolver;

    @Inject
    public ReplyPolicy(ReverseAliases reverseAliases, AliasResolver resolver) {
        this.reverseAliases = reverseAliases;
        this.resolver = resolver;
    }

    /**
     * @param from the values of the {@code From} fields
     * @param toAndCc the values of the {@code To} and {@code Cc} fields
     * @param authenticationResults the inbound checks' results ({@code io.smtpy.auth.results}), empty when none ran
     */
    public ReplyDecision decide(Collection<MailAddress> recipients, List<String> from, List<String> toAndCc,
                                Optional<String> authenticationResults) {
        List<ReverseAlias> through = new ArrayList<>();
        List<MailAddress> others = new ArrayList<>();
        for (MailAddress recipient : recipients) {
            if (ReverseAliasToken.of(recipient).isEmpty()) {
                others.add(recipient);
                continue;
            }
            Optional<ReverseAlias> reverse = reverseAliases.ofAddress(recipient).filter(ReverseAlias::enabled);
            if (reverse.isEmpty()) {
                return ReplyDecision.refuse(through, UNKNOWN, false);
            }
            through.add(reverse.get());
        }
        if (through.isEmpty()) {
            return ReplyDecision.notAReply();
        }
        ReverseAlias first = through.get(0);
        MailAddress aliasAddress = first.aliasAddress();

        List<InternetAddress> authors = addresses(from);
        if (authors.size() != 1 || mailAddress(authors.get(0)).isEmpty()) {
            return ReplyDecision.refuse(through, SmtpStatus.of(550, "5.7.1",
                "a reply through an alias must have exactly one From address, one of the alias's own mailboxes"), true);
        }
        MailAddress mailbox = mailAddress(authors.get(0)).get();
        Resolution resolution = resolver.resolve(aliasAddress);
        if (!resolution.forwards()) {
            return ReplyDecision.refuse(through, UNKNOWN, false);
        }
        Set<String> mailboxes = resolution.destinations().stream().map(Destination::address).map(ReplyPolicy::key)
            .collect(Collectors.toSet());
        if (!mailboxes.contains(key(mailbox))) {
            return ReplyDecision.refuse(through, SmtpStatus.of(550, "5.7.1",
                "only the alias's own mailboxes may reply through this address"), true);
        }
        MailboxAuthentication authentication = MailboxAuthentication.of(authenticationResults, mailbox.getDomain().asString());
        if (!authentication.authenticated()) {
            return ReplyDecision.refuse(through, SmtpStatus.of(550, "5.7.1", "the reply does not authenticate as coming from "
                + mailbox.getDomain().asString() + " (" + authentication.summary() + "): its domain's SPF, DKIM or DMARC must pass"),
                true);
        }

        if (through.stream().anyMatch(reverse -> !reverse.domain().equals(first.domain()) || !reverse.alias().equals(first.alias()))) {
            return ReplyDecision.refuse(through, SmtpStatus.of(550, "5.7.1",
                "a reply through an alias must go to reply addresses of one alias only"), false);
        }
        List<MailAddress> dropped = new ArrayList<>();
        Set<String> strangers = new LinkedHashSet<>();
        for (MailAddress other : others) {
            if (key(other).equals(key(aliasAddress))) {
                dropped.add(other);
            } else {
                strangers.add(other.asString());
            }
        }
        for (InternetAddress address : addresses(toAndCc)) {
            Optional<MailAddress> named = mailAddress(address);
            if (named.isEmpty()) {
                continue;
            }
            String key = key(named.get());
            if (key.equals(key(aliasAddress)) || key.equals(key(mailbox))) {
                continue;
            }
            if (ReverseAliasToken.of(named.get()).isPresent()) {
                boolean ofThisAlias = reverseAliases.ofAddress(named.get())
                    .filter(reverse -> reverse.enabled() && reverse.domain().equals(first.domain()) && reverse.alias().equals(first.alias()))
                    .isPresent();
                if (ofThisAlias) {
                    continue;
                }
            }
            strangers.add(named.get().asString());
        }
        if (!strangers.isEmpty()) {
            return ReplyDecision.refuse(through, SmtpStatus.of(550, "5.7.1", OTHER_ADDRESSES + " (" + String.join(", ", strangers)
                + "): write to them separately, or only to reply addresses of " + aliasAddress.asString()), false);
        }
        return ReplyDecision.reply(through, mailbox, dropped);
    }

    static List<InternetAddress> addresses(List<String> headerValues) {
        List<InternetAddress> addresses = new ArrayList<>();
        for (String value : headerValues) {
            try {
                for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                    addresses.add(address);
                }
            } catch (AddressException unreadable) {
                // An unreadable field names nobody we could check; the From check then fails, To/Cc name no one.
            }
        }
        return addresses;
    }

    static Optional<MailAddress> mailAddress(InternetAddress address) {
        try {
            return Optional.of(new MailAddress(address.getAddress()));
        } catch (AddressException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static String key(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }
}
