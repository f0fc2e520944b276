package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;

import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.mime.MessageContent;
import io.smtpy.rules.quarantine.Preview;
import io.smtpy.rules.quarantine.QuarantinedMail;

/**
 * A quarantined (or dropped and kept) mail as the API shows it: where it was going, who sent it, why and by what it
 * was held, and its state; with {@link #withPreview} also its decoded header fields and a safe text preview (never
 * markup, never an attachment's content).
 */
public class QuarantinedMailDTO {
    /** A header field, decoded. */
    public static class FieldDTO {
        public final String name;
        public final String value;

        FieldDTO(MessageContent.Field field) {
            this.name = field.name();
            this.value = field.value();
        }
    }

    /** An attachment: its name, type and size only. */
    public static class AttachmentDTO {
        public final Optional<String> fileName;
        public final String mimeType;
        public final long size;

        AttachmentDTO(MessageContent.Attachment attachment) {
            this.fileName = attachment.fileName();
            this.mimeType = attachment.mimeType();
            this.size = attachment.size();
        }
    }

    /** What an owner reads before deciding. */
    public static class PreviewDTO {
        public final List<FieldDTO> fields;
        public final String text;
        public final boolean truncated;
        public final List<AttachmentDTO> attachments;

        PreviewDTO(Preview preview) {
            this.fields = preview.fields().stream().map(FieldDTO::new).collect(Collectors.toList());
            this.text = preview.text();
            this.truncated = preview.truncated();
            this.attachments = preview.attachments().stream().map(AttachmentDTO::new).collect(Collectors.toList());
        }
    }

    public final String id;
    public final String domain;
    public final Optional<String> alias;
    /** The envelope sender; {@code ""} for the null sender. */
    public final String sender;
    public final List<String> recipients;
    /** {@code quarantined} or {@code dropped}. */
    public final String kind;
    /** {@code held}, {@code released} or {@code deleted}. */
    public final String state;
    public final String reason;
    public final String decidedBy;
    public final Map<String, String> verdicts;
    public final Optional<String> subject;
    public final Optional<String> from;
    public final Optional<String> messageId;
    public final long size;
    public final Instant receivedAt;
    public final Instant expiresAt;
    public final Optional<Instant> releasedAt;
    public Optional<PreviewDTO> preview = Optional.empty();
    /** After a release with {@code allowSender}: the allow entry that lets the sender through from now on. */
    public Optional<ListEntryDTO> allowEntry = Optional.empty();

    public QuarantinedMailDTO(QuarantinedMail mail) {
        this.id = mail.id().asString();
        this.domain = mail.domain().asString();
        this.alias = mail.alias().map(LocalPart::asString);
        this.sender = mail.sender().asString("");
        this.recipients = mail.recipients().stream().map(MailAddress::asString).collect(Collectors.toList());
        this.kind = mail.kind().asString();
        this.state = mail.state().asString();
        this.reason = mail.reason();
        this.decidedBy = mail.decidedBy();
        this.verdicts = mail.verdicts();
        this.subject = mail.subject();
        this.from = mail.headerFrom();
        this.messageId = mail.messageId();
        this.size = mail.size();
        this.receivedAt = mail.receivedAt();
        this.expiresAt = mail.expiresAt();
        this.releasedAt = mail.releasedAt();
    }

    public QuarantinedMailDTO withPreview(Optional<Preview> preview) {
        this.preview = preview.map(PreviewDTO::new);
        return this;
    }

    public QuarantinedMailDTO withAllowEntry(ListEntryDTO entry) {
        this.allowEntry = Optional.of(entry);
        return this;
    }
}
