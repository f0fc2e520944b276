package io.smtpy.mailets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.smtpy.core.mailpath.CopyPlan;
import io.smtpy.core.model.DomainName;

/**
 * Mail attributes smtpy puts on the copies it forwards, so that later steps know which domain and aliases a copy
 * belongs to (delivery outcomes) and which signatures its {@link CopyPlan} asks for (the signers). James's queues
 * and RemoteDelivery carry attributes along; each is a String or a Boolean, which cross the durable queue.
 */
final class ForwardingAttributes {
    static final AttributeName DOMAIN = AttributeName.of("io.smtpy.forwarding.domain");
    static final AttributeName ALIASES = AttributeName.of("io.smtpy.forwarding.aliases");
    static final AttributeName MESSAGE_ID = AttributeName.of("io.smtpy.forwarding.messageId");
    static final AttributeName ARC_SEAL = AttributeName.of("io.smtpy.forwarding.arcSeal");
    static final AttributeName DKIM_SIGN = AttributeName.of("io.smtpy.forwarding.dkimSign");
    /**
     * The journey of the mail a copy was made from (its James name as smtpy received it): the copy's own events
     * (delivered, deferred, bounced) join the original's. Absent on mail that is its own journey.
     */
    static final AttributeName JOURNEY = AttributeName.of("io.smtpy.forwarding.journey");
    /** On mail an owner submitted (true); forwarded copies do not carry it. A domain's relay of scope outbound asks. */
    static final AttributeName SUBMITTED = AttributeName.of("io.smtpy.forwarding.submitted");
    /** When smtpy made the copy (epoch milliseconds, as a String): how long a deferred copy has waited. */
    static final AttributeName FORWARDED_AT = AttributeName.of("io.smtpy.forwarding.forwardedAt");
    /**
     * On mail an owner submitted, and only there: the recipients it was submitted to, comma-joined, as its
     * {@code submitted} event lists them. Marks the mail for open and click tracking ({@link SmtpyTracking}), which
     * takes it off the copies it makes; smtpy's forwarding takes it off a submitted mail it turns into a forwarded copy.
     */
    static final AttributeName SUBMITTED_TO = AttributeName.of("io.smtpy.submission.recipients");

    /** When the copy first went to the delivery queue (epoch milliseconds, as a String): its age for delay notices. */
    static final AttributeName QUEUED_AT = AttributeName.of("io.smtpy.queue.queuedAt");
    /** Set once the copy's sender was sent a delay notice: one notice per copy. */
    static final AttributeName DELAY_NOTICED = AttributeName.of("io.smtpy.queue.delayNoticed");

    private ForwardingAttributes() {
    }

    static List<Attribute> of(CopyPlan plan, Optional<String> messageId) {
        List<Attribute> attributes = of(plan.forwardingDomain(), plan.aliases(), messageId);
        attributes.add(new Attribute(ARC_SEAL, AttributeValue.of(plan.arcSeal())));
        attributes.add(new Attribute(DKIM_SIGN, AttributeValue.of(plan.dkimSign())));
        return attributes;
    }

    static List<Attribute> of(DomainName domain, List<MailAddress> aliases, Optional<String> messageId) {
        List<Attribute> attributes = new ArrayList<>(5);
        attributes.add(new Attribute(DOMAIN, AttributeValue.of(domain.asString())));
        attributes.add(new Attribute(ALIASES, AttributeValue.of(aliases.stream().map(MailAddress::asString).collect(Collectors.joining(",")))));
        messageId.ifPresent(id -> attributes.add(new Attribute(MESSAGE_ID, AttributeValue.of(id))));
        return attributes;
    }

    /**
     * A mail submitted as an address of {@code domain}: its deliveries are recorded for the domain and the sending
     * alias, and it is DKIM-signed with the domain's keys (it is the domain's own mail; no ARC set, nothing was forwarded).
     */
    static List<Attribute> submitted(DomainName domain, MailAddress sender, Optional<String> messageId) {
        List<Attribute> attributes = of(domain, List.of(sender), messageId);
        attributes.add(new Attribute(ARC_SEAL, AttributeValue.of(false)));
        attributes.add(new Attribute(DKIM_SIGN, AttributeValue.of(true)));
        attributes.add(new Attribute(SUBMITTED, AttributeValue.of(true)));
        return attributes;
    }

    /** Whether the mail is one an owner submitted, not a forwarded copy. */
    static boolean submitted(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, SUBMITTED, Boolean.class).orElse(false);
    }

    static Attribute submittedTo(Collection<MailAddress> recipients) {
        return new Attribute(SUBMITTED_TO, AttributeValue.of(recipients.stream().map(MailAddress::asString).collect(Collectors.joining(","))));
    }

    /** The recipients of a submitted mail ({@link #SUBMITTED_TO}); empty on any other mail. */
    static Optional<List<String>> submittedTo(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, SUBMITTED_TO, String.class).map(value -> List.of(value.split(",")));
    }

    static Optional<DomainName> domain(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, DOMAIN, String.class).map(DomainName::of);
    }

    static List<String> aliases(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, ALIASES, String.class)
            .map(value -> List.of(value.split(",")))
            .orElse(List.of());
    }

    /** Whether the copy's plan asks for an ARC set; empty on a copy made before plans said so. */
    static Optional<Boolean> arcSeal(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, ARC_SEAL, Boolean.class);
    }

    /** Whether the copy's plan asks for a DKIM signature of the forwarding domain; empty on a copy made before plans. */
    static Optional<Boolean> dkimSign(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, DKIM_SIGN, Boolean.class);
    }

    static Attribute forwardedAt(java.time.Instant at) {
        return new Attribute(FORWARDED_AT, AttributeValue.of(Long.toString(at.toEpochMilli())));
    }

    static Optional<java.time.Instant> forwardedAt(Mail mail) {
        try {
            return AttributeUtils.getValueAndCastFromMail(mail, FORWARDED_AT, String.class)
                .map(millis -> java.time.Instant.ofEpochMilli(Long.parseLong(millis)));
        } catch (NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    static Optional<java.time.Instant> queuedAt(Mail mail) {
        try {
            return AttributeUtils.getValueAndCastFromMail(mail, QUEUED_AT, String.class)
                .map(millis -> java.time.Instant.ofEpochMilli(Long.parseLong(millis)));
        } catch (NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    static Attribute journey(String journeyId) {
        return new Attribute(JOURNEY, AttributeValue.of(journeyId));
    }

    /** The journey a mail belongs to: the one it carries as a copy, else its own name. */
    static String journey(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, JOURNEY, String.class).orElse(mail.getName());
    }

    static Optional<String> messageId(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, MESSAGE_ID, String.class);
    }
}
