package io.smtpy.mailets;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.rules.Verdicts;
import io.smtpy.rules.mailpath.DecisionsJson;

/** What the mailets read of the owners' decisions and the inbound verdicts in a mail's attributes. */
final class SmtpyRulesDecisions {
    static final String ATTRIBUTE = DecisionsJson.ATTRIBUTE;

    private SmtpyRulesDecisions() {
    }

    static Verdicts verdicts(Mail mail) {
        return Verdicts.read(method -> attribute(mail, AuthenticationAttributes.PREFIX + method));
    }

    /** The verdicts a held mail keeps, by the names {@link SpoolReinjection} puts back when it is released. */
    static Map<String, String> verdictsToKeep(Mail mail) {
        Map<String, String> kept = new LinkedHashMap<>();
        SpoolReinjection.VERDICT_ATTRIBUTES.forEach((name, attribute) -> attribute(mail, attribute).ifPresent(value -> kept.put(name, value)));
        return kept;
    }

    private static java.util.Optional<String> attribute(Mail mail, String name) {
        return AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(name), String.class);
    }
}
