package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.model.LocalPart;

/** A mail event as the API shows it: {@code type} in lower case, absent values as {@code null}. */
public class MailEventDTO {
    public final String id;
    public final Instant at;
    public final String domain;
    public final Optional<String> alias;
    public final String type;
    public final Optional<String> messageId;
    public final Optional<String> mailId;
    public final Optional<String> journeyId;
    public final String sender;
    public final List<String> recipients;
    public final Optional<Integer> smtpCode;
    public final Optional<String> enhancedStatus;
    public final String detail;
    /** As the domain's privacy setting kept it: the text, its {@code sha256:} hash, or absent. */
    public final Optional<String> subject;

    public MailEventDTO(MailEvent event) {
        this.id = event.id().asString();
        this.at = event.at();
        this.domain = event.domain().asString();
        this.alias = event.alias().map(LocalPart::asString);
        this.type = event.type().asString();
        this.messageId = event.messageId();
        this.mailId = event.mailId();
        this.journeyId = event.journeyId();
        this.sender = event.sender();
        this.recipients = event.recipients();
        this.smtpCode = event.smtpCode();
        this.enhancedStatus = event.enhancedStatus();
        this.detail = event.detail();
        this.subject = event.subject();
    }
}
