package io.smtpy.rules.quarantine;

import java.util.List;

import com.google.common.collect.ImmutableList;

import io.smtpy.rules.mime.MessageContent;

/**
 * What an owner sees of a quarantined mail before deciding: its header fields (decoded, in order), a text preview
 * that is safe to show (the start of the text/plain part, else of the HTML reduced to text; never markup, so nothing
 * in it runs or loads), and its attachments (names, types, sizes; never their content).
 */
public final class Preview {
    private final List<MessageContent.Field> fields;
    private final String text;
    private final boolean truncated;
    private final List<MessageContent.Attachment> attachments;

    public Preview(List<MessageContent.Field> fields, String text, boolean truncated, List<MessageContent.Attachment> attachments) {
        this.fields = ImmutableList.copyOf(fields);
        this.text = text;
        this.truncated = truncated;
        this.attachments = ImmutableList.copyOf(attachments);
    }

    public List<MessageContent.Field> fields() {
        return fields;
    }

    /** At most {@link Quarantine#PREVIEW_CHARS} characters of plain text. */
    public String text() {
        return text;
    }

    /** Whether the message's text goes on beyond {@link #text()}. */
    public boolean truncated() {
        return truncated;
    }

    public List<MessageContent.Attachment> attachments() {
        return attachments;
    }
}
