package io.smtpy.rules.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.CharsetUtil;

import com.google.common.collect.ImmutableList;

/**
 * What rules, previews and posts read of a message: its header fields (unfolded, encoded words decoded), the text of
 * its {@code text/plain} and {@code text/html} parts (HTML reduced to text by {@link HtmlText}) and its attachments.
 *
 * <p>Made for input from anyone: it never throws, whatever the bytes; a part it cannot read is skipped and what was
 * read before stays. Text is capped ({@value #MAX_TEXT_CHARS} characters of each kind), so a huge body costs a
 * bounded amount of memory. {@link #header} reads only up to the blank line, for the many rules that need no more.
 */
public final class MessageContent {
    public static final int MAX_TEXT_CHARS = 1 << 20;

    /** One header field: its name as written, its value unfolded and decoded. */
    public static final class Field {
        private final String name;
        private final String value;
        private final String rawValue;

        Field(String name, String rawValue) {
            this.name = name;
            this.rawValue = rawValue;
            this.value = DecoderUtil.decodeEncodedWords(rawValue, DecodeMonitor.SILENT).trim();
        }

        public String name() {
            return name;
        }

        public String value() {
            return value;
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    /** A part that is not body text: anything with a file name or an attachment disposition, and non-text parts. */
    public static final class Attachment {
        private final Optional<String> fileName;
        private final String mimeType;
        private final long size;

        Attachment(Optional<String> fileName, String mimeType, long size) {
            this.fileName = Objects.requireNonNull(fileName);
            this.mimeType = Objects.requireNonNull(mimeType);
            this.size = size;
        }

        public Optional<String> fileName() {
            return fileName;
        }

        /** Lower case, e.g. {@code application/pdf}. */
        public String mimeType() {
            return mimeType;
        }

        /** Decoded bytes. */
        public long size() {
            return size;
        }

        @Override
        public String toString() {
            return fileName.orElse("(no name)") + " " + mimeType + " " + size;
        }
    }

    private final List<Field> fields;
    private final String plainText;
    private final String htmlText;
    private final List<Attachment> attachments;
    private final long size;

    private MessageContent(List<Field> fields, String plainText, String htmlText, List<Attachment> attachments, long size) {
        this.fields = ImmutableList.copyOf(fields);
        this.plainText = plainText;
        this.htmlText = htmlText;
        this.attachments = ImmutableList.copyOf(attachments);
        this.size = size;
    }

    /** Only the header (up to the first blank line): cheap. */
    public static MessageContent header(byte[] raw) {
        return new MessageContent(headerFields(raw), "", "", List.of(), raw.length);
    }

    /** The header, the body text and the attachments. */
    public static MessageContent parse(byte[] raw) {
        BodyCollector collector = new BodyCollector();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE, DecodeMonitor.SILENT,
            new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), DecodeMonitor.SILENT));
        parser.setContentDecoding(true);
        parser.setContentHandler(collector);
        try {
            parser.parse(new ByteArrayInputStream(raw));
        } catch (MimeException | IOException | RuntimeException unreadable) {
            // Broken MIME from a stranger: keep what was read before the break.
        }
        return new MessageContent(headerFields(raw), collector.plain.toString(), collector.html.toString(),
            collector.attachments, raw.length);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The decoded values of the fields of that name (any case), in order. */
    public List<String> values(String name) {
        List<String> values = new ArrayList<>(1);
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(name)) {
                values.add(field.value);
            }
        }
        return values;
    }

    public Optional<String> first(String name) {
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(name)) {
                return Optional.of(field.value);
            }
        }
        return Optional.empty();
    }

    /** The addresses of every field of that name ({@code from}, {@code to}...), lower case, groups flattened. */
    public List<String> addresses(String name) {
        List<String> addresses = new ArrayList<>(1);
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(name)) {
                collectAddresses(field.rawValue, addresses);
            }
        }
        return addresses;
    }

    /** The decoded text of the {@code text/plain} parts, "" when only the header was read. */
    public String plainText() {
        return plainText;
    }

    /** The text of the {@code text/html} parts (no tags), "" when only the header was read. */
    public String htmlText() {
        return htmlText;
    }

    public List<Attachment> attachments() {
        return attachments;
    }

    /** The size of the raw message in bytes. */
    public long size() {
        return size;
    }

    private static void collectAddresses(String rawValue, List<String> into) {
        AddressList list;
        try {
            list = LenientAddressParser.DEFAULT.parseAddressList(rawValue);
        } catch (RuntimeException unparsable) {
            return;
        }
        for (Address address : list) {
            if (address instanceof Mailbox) {
                add((Mailbox) address, into);
            } else if (address instanceof Group) {
                for (Mailbox mailbox : ((Group) address).getMailboxes()) {
                    add(mailbox, into);
                }
            }
        }
    }

    private static void add(Mailbox mailbox, List<String> into) {
        String address = mailbox.getAddress();
        if (address != null && !address.isEmpty()) {
            into.add(address.toLowerCase(Locale.ROOT));
        }
    }

    /** RFC 5322 header: lines up to the first empty one; continuation lines unfolded; lines without a colon skipped. */
    private static List<Field> headerFields(byte[] raw) {
        List<Field> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int i = 0;
        while (i < raw.length) {
            int end = i;
            while (end < raw.length && raw[end] != '\n') {
                end++;
            }
            int lineEnd = end > i && raw[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd == i) {
                break;
            }
            String line = new String(raw, i, lineEnd - i, StandardCharsets.UTF_8);
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(line);
            } else {
                if (name != null) {
                    fields.add(new Field(name, value.toString()));
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    name = line.substring(0, colon).trim();
                    value.setLength(0);
                    value.append(line, colon + 1, line.length());
                } else {
                    name = null;
                }
            }
            i = end + 1;
        }
        if (name != null) {
            fields.add(new Field(name, value.toString()));
        }
        return fields;
    }

    /** Gathers the body text and the attachments as mime4j streams the parts by. */
    private static final class BodyCollector extends AbstractContentHandler {
        private final StringBuilder plain = new StringBuilder();
        private final StringBuilder html = new StringBuilder();
        private final List<Attachment> attachments = new ArrayList<>();

        @Override
        public void body(BodyDescriptor descriptor, InputStream content) throws IOException {
            String mimeType = descriptor.getMimeType() == null ? "text/plain" : descriptor.getMimeType().toLowerCase(Locale.ROOT);
            Optional<String> fileName = Optional.empty();
            boolean attachmentDisposition = false;
            if (descriptor instanceof MaximalBodyDescriptor) {
                MaximalBodyDescriptor maximal = (MaximalBodyDescriptor) descriptor;
                fileName = Optional.ofNullable(maximal.getContentDispositionFilename())
                    .or(() -> Optional.ofNullable(maximal.getContentTypeParameters().get("name")))
                    .map(name -> DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT))
                    .filter(name -> !name.isBlank());
                attachmentDisposition = "attachment".equalsIgnoreCase(maximal.getContentDispositionType());
            }
            boolean text = mimeType.equals("text/plain") || mimeType.equals("text/html");
            if (!text || fileName.isPresent() || attachmentDisposition) {
                attachments.add(new Attachment(fileName, mimeType, content.transferTo(OutputStreamNowhere.INSTANCE)));
                return;
            }
            StringBuilder into = mimeType.equals("text/html") ? html : plain;
            int room = MAX_TEXT_CHARS - into.length();
            if (room <= 0) {
                return;
            }
            String decoded = read(content, charset(descriptor.getCharset()), room);
            if (mimeType.equals("text/html")) {
                decoded = HtmlText.of(decoded);
            }
            if (into.length() > 0) {
                into.append('\n');
            }
            into.append(decoded, 0, Math.min(decoded.length(), MAX_TEXT_CHARS - into.length()));
        }

        private static String read(InputStream content, Charset charset, int maxChars) throws IOException {
            // At most 4 bytes a character: enough bytes for maxChars, the rest of the part is left unread.
            byte[] bytes = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 16L, maxChars * 4L));
            return new String(bytes, charset);
        }

        private static Charset charset(String name) {
            Charset charset = name == null ? null : CharsetUtil.lookup(name);
            if (charset == null || charset.equals(StandardCharsets.US_ASCII)) {
                // Undeclared (MIME's default is US-ASCII) or unknown: UTF-8 reads ASCII alike and the usual 8-bit text too.
                return StandardCharsets.UTF_8;
            }
            return charset;
        }
    }

    /** Counts what is written to it and keeps nothing: the size of an attachment without holding it. */
    private static final class OutputStreamNowhere extends java.io.OutputStream {
        static final OutputStreamNowhere INSTANCE = new OutputStreamNowhere();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
