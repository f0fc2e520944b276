package io.smtpy.bounces;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells auto-replies (out of office, vacation, "thanks for your message") and challenge-response systems ("please
 * verify that you sent this") from everything else, so they are recorded as {@link BounceClass#AUTO_REPLY} and
 * {@link BounceClass#CHALLENGE_RESPONSE} and never as failures.
 *
 * <p>Challenges are looked for first (they are auto-replies too): the header fields of the known systems
 * (BoxTrapper, Spam Arrest, Bluebottle, Mailblocks, ChoiceMail, TMDA, ASK), then a verification subject on a mail
 * that says it is automatic. Then auto-replies: {@code Auto-Submitted: auto-replied} (RFC 3834), {@code X-Autoreply},
 * {@code X-Autorespond}, {@code Precedence: auto_reply}, then the usual subjects in English, German, French, Spanish,
 * Italian, Portuguese and Dutch. Delivery and feedback reports ({@code multipart/report}) and text bounces
 * {@link DsnParser} can read are neither. Never throws.
 */
public final class AutoReplyDetector {
    private static final List<String> CHALLENGE_FIELDS = List.of("X-Boxtrapper", "X-Spamarrest-noauth", "X-Spamarrest-speedcode",
        "X-Bluebottle-Request", "X-Mailblocks", "X-ChoiceMail-Registration-Request", "X-TMDA-Fingerprint",
        "X-AskVersion", "X-Challenge");
    private static final Pattern CHALLENGE_SUBJECT = Pattern.compile("please (verify|confirm)|verif(y|ication) (required|request|needed)"
        + "|confirm (your|that you)|sender verification|challenge|whitelist|approval required|spam ?arrest|boxtrapper",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern CHALLENGE_TEXT = Pattern.compile("(verify|confirm) (that )?you (are a (real )?person|sent)"
        + "|(add|put) you (to|on) (my|the) (whitelist|approved senders)|to have your (message|email|e-mail) delivered",
        Pattern.CASE_INSENSITIVE);
    private static final List<String> AUTO_REPLY_FIELDS = List.of("X-Autoreply", "X-Autorespond", "X-Autoresponder",
        "X-Vacation");
    private static final Pattern AUTO_REPLY_PRECEDENCE = Pattern.compile("auto[_-]?reply", Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTO_REPLY_SUBJECT = Pattern.compile("^(re: ?)?\\s*(auto(matic)?[ -]?(reply|response|antwort)"
        + "|out of (the )?office|abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|absent|absence"
        + "|fuera de la oficina|respuesta autom[áa]tica|risposta automatica|fora do escrit[óo]rio|resposta autom[áa]tica"
        + "|automatisch antwoord|afwezig|on vacation|vacation|away from (the office|my desk)|i am (out|away))",
        Pattern.CASE_INSENSITIVE);

    private AutoReplyDetector() {
    }

    /** The robot that replied, if the message is from one; empty for anything else, or on unreadable input. */
    public static Optional<BounceClassification> detect(byte[] message) {
        try {
            return detectIn(MessageParts.read(message));
        } catch (RuntimeException unexpected) {
            return Optional.empty();
        }
    }

    static Optional<BounceClassification> detectIn(MessageParts message) {
        // Bounces say they are automatic too (Exim and Gmail write Auto-Submitted: auto-replied): a report, or a
        // text the bounce parser can read, is a failure, never an auto-reply.
        if (message.reportType.isPresent() || DsnParser.report(message).isValid()) {
            return Optional.empty();
        }
        HeaderFields header = message.header;
        String autoSubmitted = header.first("Auto-Submitted").map(value -> value.toLowerCase(Locale.ROOT)).orElse("no");
        boolean automatic = !autoSubmitted.startsWith("no") || header.first("Precedence").isPresent();
        String subject = header.first("Subject").orElse("");
        for (String field : CHALLENGE_FIELDS) {
            if (header.first(field).isPresent()) {
                return robot(BounceClass.CHALLENGE_RESPONSE, "field " + field);
            }
        }
        if (header.first("X-Delivery-Agent").filter(agent -> agent.toUpperCase(Locale.ROOT).contains("TMDA")).isPresent()) {
            return robot(BounceClass.CHALLENGE_RESPONSE, "field X-Delivery-Agent: TMDA");
        }
        if (CHALLENGE_SUBJECT.matcher(subject).find() && (automatic || CHALLENGE_TEXT.matcher(message.text()).find())) {
            return robot(BounceClass.CHALLENGE_RESPONSE, "subject: verification");
        }
        if (autoSubmitted.startsWith("auto-replied")) {
            return robot(BounceClass.AUTO_REPLY, "Auto-Submitted: auto-replied");
        }
        for (String field : AUTO_REPLY_FIELDS) {
            if (header.first(field).isPresent()) {
                return robot(BounceClass.AUTO_REPLY, "field " + field);
            }
        }
        if (header.first("Precedence").filter(value -> AUTO_REPLY_PRECEDENCE.matcher(value).find()).isPresent()) {
            return robot(BounceClass.AUTO_REPLY, "Precedence: auto_reply");
        }
        if (AUTO_REPLY_SUBJECT.matcher(subject).find()) {
            return robot(BounceClass.AUTO_REPLY, "subject: auto-reply");
        }
        return Optional.empty();
    }

    private static Optional<BounceClassification> robot(BounceClass cls, String rule) {
        return Optional.of(BounceClassification.robot(cls, rule));
    }
}
