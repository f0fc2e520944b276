package io.smtpy.bounces;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.CharsetUtil;

/**
 * A returned message as the parsers here read it, with mime4j: its header, the {@code report-type} of its
 * {@code multipart/report} (if any) and the leaf parts, decoded, as text. Embedded messages ({@code message/rfc822})
 * are kept as text, not parsed, since only their header matters here.
 *
 * <p>Bounded: only the first {@value #MAX_INPUT_BYTES} bytes are read, at most {@value #MAX_PARTS} parts and
 * {@value #MAX_PART_CHARS} characters of each. Never throws: broken MIME keeps what was read before the break and
 * says why in {@link #broken()}.
 */
final class MessageParts {
    static final int MAX_INPUT_BYTES = 1 << 20;
    static final int MAX_PARTS = 64;
    static final int MAX_PART_CHARS = 64 * 1024;

    /** One leaf part: its lower-case MIME type and its decoded text (cut at {@value #MAX_PART_CHARS}). */
    static final class Part {
        final String mimeType;
        final String text;

        Part(String mimeType, String text) {
            this.mimeType = mimeType;
            this.text = text;
        }
    }

    final HeaderFields header;
    final Optional<String> reportType;
    final List<Part> parts;
    final Optional<String> broken;

    private MessageParts(HeaderFields header, Optional<String> reportType, List<Part> parts, Optional<String> broken) {
        this.header = header;
        this.reportType = reportType;
        this.parts = parts;
        this.broken = broken;
    }

    static MessageParts read(byte[] raw) {
        byte[] message = raw == null ? new byte[0] : raw;
        Collector collector = new Collector();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE, DecodeMonitor.SILENT,
            new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), DecodeMonitor.SILENT));
        parser.setContentDecoding(true);
        parser.setNoRecurse();
        parser.setContentHandler(collector);
        Optional<String> broken = Optional.empty();
        try {
            parser.parse(new ByteArrayInputStream(message, 0, Math.min(message.length, MAX_INPUT_BYTES)));
        } catch (MimeException | IOException | RuntimeException unreadable) {
            broken = Optional.of("unreadable MIME: " + unreadable.getClass().getSimpleName()
                + Optional.ofNullable(unreadable.getMessage()).map(text -> ": " + text).orElse(""));
        }
        if (broken.isEmpty() && collector.openMultiparts > 0) {
            broken = Optional.of("truncated multipart: the closing boundary is missing");
        }
        return new MessageParts(collector.header, collector.reportType, collector.parts, broken);
    }

    /** The first part of that type. */
    Optional<Part> part(String mimeType) {
        return parts.stream().filter(part -> part.mimeType.equals(mimeType)).findFirst();
    }

    /** The first embedded original: a {@code message/rfc822} part, or the header in {@code text/rfc822-headers}. */
    Optional<Part> original() {
        return parts.stream().filter(part -> part.mimeType.equals("message/rfc822")
            || part.mimeType.equals("text/rfc822-headers") || part.mimeType.equals("message/rfc822-headers")).findFirst();
    }

    /** The human-readable text: the {@code text/plain} parts, else the first text part. */
    String text() {
        StringBuilder text = new StringBuilder();
        parts.stream().filter(part -> part.mimeType.equals("text/plain")).forEach(part -> text.append(part.text).append('\n'));
        if (text.length() == 0) {
            parts.stream().filter(part -> part.mimeType.startsWith("text/")).findFirst().ifPresent(part -> text.append(part.text));
        }
        return text.toString();
    }

    private static final class Collector extends AbstractContentHandler {
        private final HeaderFields header = new HeaderFields();
        private final List<Part> parts = new ArrayList<>();
        private Optional<String> reportType = Optional.empty();
        private int headers;
        private int openMultiparts;

        @Override
        public void startHeader() {
            headers++;
        }

        @Override
        public void field(Field field) {
            if (headers == 1) {
                header.add(field.getName(), Optional.ofNullable(field.getBody()).orElse(""));
            }
        }

        @Override
        public void startMultipart(BodyDescriptor descriptor) {
            openMultiparts++;
            if (reportType.isEmpty() && "multipart/report".equalsIgnoreCase(descriptor.getMimeType())
                && descriptor instanceof MaximalBodyDescriptor) {
                reportType = Optional.ofNullable(((MaximalBodyDescriptor) descriptor).getContentTypeParameters().get("report-type"))
                    .map(type -> type.trim().toLowerCase(Locale.ROOT));
            }
        }

        @Override
        public void endMultipart() {
            openMultiparts--;
        }

        @Override
        public void body(BodyDescriptor descriptor, InputStream content) throws IOException {
            if (parts.size() >= MAX_PARTS) {
                return;
            }
            String mimeType = descriptor.getMimeType().toLowerCase(Locale.ROOT);
            // message/global-* parts (RFC 6533) are UTF-8; other parts without a known charset are read byte for char.
            Charset charset = mimeType.startsWith("message/global") ? StandardCharsets.UTF_8
                : Optional.ofNullable(descriptor.getCharset()).map(CharsetUtil::lookup).orElse(StandardCharsets.ISO_8859_1);
            String text = new String(content.readNBytes(MAX_PART_CHARS * 2), charset);
            parts.add(new Part(mimeType, text.length() > MAX_PART_CHARS ? text.substring(0, MAX_PART_CHARS) : text));
        }
    }
}
