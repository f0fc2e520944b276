package io.smtpy.mailets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.sending.reverse.ReplyHeaders;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliases;

/**
 * Sends a reply through an alias on to the original senders, as the alias. The SMTP server's reply hook let the mail
 * through (it came from the alias's mailbox, authenticated, to reverse aliases of that alias only) and named the mailbox
 * in the attribute {@value #MAILBOX}; this mailet:
 * <ul>
 *   <li>sends it to the original sender of each reverse alias, from the alias address (the envelope sender: bounces
 *       come back to the alias and so to its mailboxes);</li>
 *   <li>rewrites its header ({@link ReplyHeaders}): {@code From} becomes the alias (display name kept), reverse aliases
 *       in {@code To}/{@code Cc} their original senders, and every field that could name the mailbox and is not part of
 *       the message proper ({@code Received}, {@code Return-Path}, {@code Sender}, {@code Reply-To}, its signatures,
 *       {@code X-} fields...) is left out;</li>
 *   <li>marks it as the domain's own mail ({@link ForwardingAttributes#submitted}): DKIM-signed with the alias domain's
 *       keys in {@code relay}, its deliveries recorded for the domain and the alias;</li>
 *   <li>records a {@code replied} event per reverse alias and when each was last used.</li>
 * </ul>
 * A reverse alias disabled between DATA and now is left out; when none is left, the mail is bounced to its sender.
 *
 * <p>{@code <mailet match="HasMailAttribute=io.smtpy.reply.mailbox" class="io.smtpy.mailets.SmtpyReply"/>} in
 * {@code transport}, before smtpy's submission and forwarding. Parameter: {@code relayProcessor} (default {@code relay}).
 */
public class SmtpyReply extends GenericMailet {
    /** As set by {@code io.smtpy.smtp.SmtpyReplyHook}. */
    static final String MAILBOX = "io.smtpy.reply.mailbox";
    private static final AttributeName MAILBOX_ATTRIBUTE = AttributeName.of(MAILBOX);
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyReply.class);

    private final ReverseAliases reverseAliases;
    private final MailEvents events;
    private final MailEventFactory eventFactory;
    private String relayProcessor;

    @Inject
    public SmtpyReply(ReverseAliases reverseAliases, MailEvents events, Clock clock) {
        this.reverseAliases = reverseAliases;
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
    }

    @Override
    public void init() {
        relayProcessor = getInitParameter("relayProcessor", "relay");
    }

    @Override
    public String getMailetInfo() {
        return "smtpy: replies through an alias, sent on as the alias";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<MailAddress> mailbox = AttributeUtils.getValueAndCastFromMail(mail, MAILBOX_ATTRIBUTE, String.class)
            .flatMap(SmtpyReply::address);
        mail.removeAttribute(MAILBOX_ATTRIBUTE);
        if (mailbox.isEmpty()) {
            return;
        }
        Map<String, ReverseAlias> through = new LinkedHashMap<>();
        for (MailAddress recipient : mail.getRecipients()) {
            reverseAliases.ofAddress(recipient).filter(ReverseAlias::enabled)
                .ifPresent(reverse -> through.put(recipient.asString().toLowerCase(Locale.ROOT), reverse));
        }
        if (through.isEmpty()) {
            LOGGER.info("Reply {} has no enabled reverse alias left; bounced", mail.getName());
            getMailetContext().bounce(mail, "The reply address was disabled before the reply could be sent on.");
            mail.setState(Mail.GHOST);
            return;
        }
        ReverseAlias first = through.values().iterator().next();
        MailAddress alias = first.aliasAddress();
        Set<MailAddress> originals = new LinkedHashSet<>();
        through.values().forEach(reverse -> originals.add(reverse.original()));

        MimeMessage message = mail.getMessage();
        List<String> lines = Collections.list(message.getAllHeaderLines());
        List<String> fields = ReplyHeaders.rewrite(lines, mailbox.get(), alias, through);
        Optional<String> messageId = MailEventFactory.messageId(mail);
        RawMessages.replace(mail, RawMessages.withHeadersInFront(message, fields, line -> false));

        for (ReverseAlias reverse : new LinkedHashSet<>(through.values())) {
            events.record(eventFactory.event(mail, reverse.domain(), MailEventType.REPLIED, List.of(reverse.original()))
                .alias(reverse.alias())
                .detail("reply from the alias's mailbox " + mailbox.get().asString() + " through reverse alias "
                    + reverse.id().asString() + ", sent as " + alias.asString())
                .build());
            reverseAliases.used(reverse);
        }
        ForwardingAttributes.submitted(first.domain(), alias, messageId).forEach(mail::setAttribute);
        if (mail instanceof MailImpl) {
            // Sent on in the same pass, as SmtpyForward does with its last copy.
            ((MailImpl) mail).setSender(alias);
            mail.setRecipients(new ArrayList<>(originals));
            mail.setState(relayProcessor);
            return;
        }
        MailImpl reply = MailImpl.builder().name(MailImpl.getId()).sender(alias).addRecipients(new ArrayList<>(originals))
            .addAttributes(mail.attributes().collect(java.util.stream.Collectors.toList())).build();
        try {
            reply.setMessage(mail.getMessage());
            getMailetContext().sendMail(reply, relayProcessor);
        } finally {
            reply.dispose();
        }
        mail.setState(Mail.GHOST);
    }

    private static Optional<MailAddress> address(String value) {
        try {
            return Optional.of(new MailAddress(value));
        } catch (AddressException unreadable) {
            return Optional.empty();
        }
    }
}
