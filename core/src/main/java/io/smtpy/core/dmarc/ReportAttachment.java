package io.smtpy.core.dmarc;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import javax.xml.stream.XMLStreamException;

import io.smtpy.core.dmarc.ReportParseException.Reason;

/**
 * Turns an attachment as received into the XML document inside it. The format is told by the first bytes only:
 * content types and file names of DMARC reports lie (a {@code .zip} that is gzip, {@code application/octet-stream}
 * for everything).
 *
 * <ul>
 *     <li>{@code PK 03 04}: zip. Each entry is judged by its own first bytes: the one XML entry is the report,
 *     entries that are archives (zip or gzip) refuse the whole attachment (no nested archives), other entries are
 *     skipped. A second XML entry refuses the attachment ({@link Reason#SEVERAL_REPORTS}): reporters send one report
 *     per mail, and picking one of two silently would hide data.</li>
 *     <li>{@code 1f 8b}: gzip (several members are read as one stream, as gzip does); its content must be XML.</li>
 *     <li>{@code <}, after an optional UTF-8 byte order mark and white space: XML.</li>
 * </ul>
 *
 * <p>Bytes received are counted against {@link ReportLimits#maxCompressedBytes()}, bytes inflated (all zip entries
 * together, skipped ones included) against {@link ReportLimits#maxDecompressedBytes()}, while reading: sizes
 * declared in a zip are never trusted.
 */
public final class ReportAttachment {
    /** The formats an attachment can have. */
    public enum Format { ZIP, GZIP, XML }

    /** Reads the XML document of an attachment. */
    interface XmlReader<T> {
        T read(InputStream xml) throws ReportParseException, IOException;
    }

    /** Bytes looked at to tell the format: room for a byte order mark and some white space before {@code <}. */
    static final int HEAD_LENGTH = 64;
    private static final int BUFFER = 8192;

    private ReportAttachment() {
    }

    /**
     * The format the first bytes of an attachment announce.
     *
     * @throws ReportParseException {@link Reason#UNKNOWN_FORMAT} when they announce none of zip, gzip and XML
     */
    public static Format detect(byte[] head, int length) throws ReportParseException {
        if (length < 0 || length > head.length) {
            throw new IllegalArgumentException("length " + length + " is outside the " + head.length + " bytes given");
        }
        Optional<Format> format = recognise(head, length);
        if (format.isEmpty()) {
            throw new ReportParseException(Reason.UNKNOWN_FORMAT, length == 0 ? "empty attachment"
                : "neither zip, gzip nor XML; starts with " + hex(head, Math.min(length, 8)));
        }
        return format.get();
    }

    private static Optional<Format> recognise(byte[] head, int length) {
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Optional.of(Format.ZIP);
        }
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Optional.of(Format.GZIP);
        }
        int i = 0;
        if (length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        if (i < length && head[i] == '<') {
            return Optional.of(Format.XML);
        }
        return Optional.empty();
    }

    /**
     * Detects the format, unwraps it within the limits and hands the XML to {@code reader}.
     */
    static <T> T read(InputStream attachment, ReportLimits limits, XmlReader<T> reader) throws ReportParseException {
        BufferedInputStream received = new BufferedInputStream(
            new BoundedInputStream(attachment, limits.maxCompressedBytes(), Reason.TOO_LARGE, "received"), BUFFER);
        try {
            byte[] head = new byte[HEAD_LENGTH];
            Format format = detect(head, peek(received, head));
            switch (format) {
                case XML:
                    return reader.read(shielded(received));
                case GZIP:
                    return readGzip(received, limits, reader);
                case ZIP:
                    return readZip(received, limits, reader);
                default:
                    throw new IllegalStateException("unexpected format " + format);
            }
        } catch (IOException e) {
            throw refusal(e).orElseGet(() -> new ReportParseException(Reason.CORRUPT_ARCHIVE, "unreadable: " + e.getMessage()));
        }
    }

    private static <T> T readGzip(InputStream received, ReportLimits limits, XmlReader<T> reader)
        throws IOException, ReportParseException {
        BufferedInputStream xml = new BufferedInputStream(new BoundedInputStream(new GZIPInputStream(received, BUFFER),
            limits.maxDecompressedBytes(), Reason.ZIP_BOMB, "once decompressed"), BUFFER);
        byte[] head = new byte[HEAD_LENGTH];
        int length = peek(xml, head);
        Format inner = detect(head, length);
        if (inner != Format.XML) {
            throw new ReportParseException(Reason.NESTED_ARCHIVE, "the gzip holds a " + inner.name().toLowerCase(java.util.Locale.ROOT) + " archive");
        }
        T result = reader.read(shielded(xml));
        // To the end, so that a truncated or corrupt stream is noticed (gzip checks its CRC at the end).
        drain(xml);
        return result;
    }

    private static <T> T readZip(InputStream received, ReportLimits limits, XmlReader<T> reader)
        throws IOException, ReportParseException {
        ZipInputStream zip = new ZipInputStream(received);
        // One counter for all entries: a bomb spread over many entries is stopped too.
        BoundedInputStream inflated = new BoundedInputStream(zip, limits.maxDecompressedBytes(), Reason.ZIP_BOMB, "once decompressed");
        Optional<T> report = Optional.empty();
        ZipEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            BufferedInputStream content = new BufferedInputStream(inflated, BUFFER);
            byte[] head = new byte[HEAD_LENGTH];
            int length = peek(content, head);
            Optional<Format> format = recognise(head, length);
            if (format.isPresent() && format.get() != Format.XML) {
                throw new ReportParseException(Reason.NESTED_ARCHIVE, "zip entry " + ReportParseException.quote(entry.getName())
                    + " is a " + format.get().name().toLowerCase(java.util.Locale.ROOT) + " archive");
            }
            if (format.isPresent()) {
                if (report.isPresent()) {
                    throw new ReportParseException(Reason.SEVERAL_REPORTS, "the zip holds more than one XML document");
                }
                report = Optional.of(reader.read(shielded(content)));
            }
            drain(content);
        }
        return report.orElseThrow(() -> new ReportParseException(Reason.NOT_A_REPORT, "the zip holds no XML document"));
    }

    /** Fills {@code head} as far as the stream allows without consuming it; returns how many bytes it holds. */
    private static int peek(BufferedInputStream in, byte[] head) throws IOException {
        in.mark(head.length);
        int length = 0;
        while (length < head.length) {
            int n = in.read(head, length, head.length - length);
            if (n < 0) {
                break;
            }
            length += n;
        }
        in.reset();
        return length;
    }

    /** The XML reader closes what it reads; the archive around it must stay open to be checked to its end. */
    private static InputStream shielded(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // left to the caller of the parser
            }
        };
    }

    private static void drain(InputStream in) throws IOException {
        byte[] discard = new byte[BUFFER];
        while (in.read(discard) >= 0) {
            // counted by the bounded stream underneath
        }
    }

    /**
     * The refusal an I/O failure stands for, looking through the causes (the XML reader wraps what the streams
     * under it throw): a passed bound, the end of a compressed stream before its end, a broken archive.
     */
    static Optional<ReportParseException> refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof BoundedInputStream.Refused) {
                return Optional.of(((BoundedInputStream.Refused) cause).refusal());
            }
            if (cause instanceof EOFException) {
                return Optional.of(new ReportParseException(Reason.TRUNCATED, "the compressed stream ends early (truncated gzip or zip)"));
            }
            if (cause instanceof ZipException) {
                return Optional.of(new ReportParseException(Reason.CORRUPT_ARCHIVE, String.valueOf(cause.getMessage())));
            }
        }
        return Optional.empty();
    }

    /** The JDK's XML reader keeps what it wraps as the nested exception, not as the cause. */
    private static Throwable next(Throwable failure) {
        if (failure instanceof XMLStreamException && ((XMLStreamException) failure).getNestedException() != null) {
            return ((XMLStreamException) failure).getNestedException();
        }
        return failure.getCause() == failure ? null : failure.getCause();
    }

    private static String hex(byte[] bytes, int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++) {
            hex.append(String.format("%02x ", bytes[i] & 0xff));
        }
        return hex.toString().trim();
    }
}
