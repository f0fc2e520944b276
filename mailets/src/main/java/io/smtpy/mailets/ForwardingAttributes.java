package io.smtpy.mailets;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.smtpy.core.model.DomainName;

/**
 * Mail attributes smtpy puts on the copies it forwards, so that later steps (delivery outcomes) know which
 * domain and aliases a copy belongs to. James's queues and RemoteDelivery carry attributes along.
 */
final class ForwardingAttributes {
    static final AttributeName DOMAIN = AttributeName.of("io.smtpy.forwarding.domain");
    static final AttributeName ALIASES = AttributeName.of("io.smtpy.forwarding.aliases");
    static final AttributeName MESSAGE_ID = AttributeName.of("io.smtpy.forwarding.messageId");

    private ForwardingAttributes() {
    }

    static List<Attribute> of(DomainName domain, List<MailAddress> aliases, Optional<String> messageId) {
        List<Attribute> attributes = new java.util.ArrayList<>(List.of(
            new Attribute(DOMAIN, AttributeValue.of(domain.asString())),
            new Attribute(ALIASES, AttributeValue.of(aliases.stream().map(MailAddress::asString).collect(Collectors.joining(","))))));
        messageId.ifPresent(id -> attributes.add(new Attribute(MESSAGE_ID, AttributeValue.of(id))));
        return attributes;
    }

    static Optional<DomainName> domain(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, DOMAIN, String.class).map(DomainName::of);
    }

    static List<String> aliases(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, ALIASES, String.class)
            .map(value -> List.of(value.split(",")))
            .orElse(List.of());
    }

    static Optional<String> messageId(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, MESSAGE_ID, String.class);
    }
}
