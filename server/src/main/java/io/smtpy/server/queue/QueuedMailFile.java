package io.smtpy.server.queue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One queued mail, one file: a first line {@code smtpy-queued-mail 1 <envelope length>}, the envelope as JSON
 * ({@link QueuedEnvelope}), then the message exactly as it was handed over, byte for byte.
 *
 * <p>A file is written under a temporary name, forced to disk, renamed into the queue's directory and the
 * directory forced too: once {@link #write} returns, the mail survives a crash of the process or of the machine;
 * before, there is at most a file under the temporary directory, which the next start deletes (no {@code 250}
 * was given for it).
 */
final class QueuedMailFile {
    static final String SUFFIX = ".mail";
    private static final String MAGIC = "smtpy-queued-mail 1 ";
    private static final int MAX_FIRST_LINE = 64;
    private static final int MAX_ENVELOPE = 16 * 1024 * 1024;
    private static final int BUFFER = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final QueuedEnvelope envelope;
    private final long messageOffset;

    private QueuedMailFile(Path file, QueuedEnvelope envelope, long messageOffset) {
        this.file = file;
        this.envelope = envelope;
        this.messageOffset = messageOffset;
    }

    Path file() {
        return file;
    }

    QueuedEnvelope envelope() {
        return envelope;
    }

    /**
     * Writes {@code envelope} and {@code message} durably as {@code target}, through {@code temporary}: the data forced
     * ({@code fdatasync}: a new file's length goes with its data), the rename made durable by {@code targetDirectory}'s
     * sync, shared with the writers of the same moment.
     */
    static void write(Path temporary, Path target, DirectorySync targetDirectory, QueuedEnvelope envelope, MimeMessage message)
        throws IOException, MessagingException {
        write(temporary, target, targetDirectory, envelope, out -> {
            if (message != null) {
                message.writeTo(out);
            }
        });
    }

    /**
     * Writes {@code file} again, durably, with {@code envelope} in place of its envelope and its message unchanged
     * (held or released by the owner): through {@code temporary}, renamed over it, so a crash leaves the old or the new.
     */
    static void rewrite(Path file, Path temporary, DirectorySync directory, QueuedEnvelope envelope)
        throws IOException, MessagingException {
        QueuedMailFile current;
        try {
            current = read(file);
        } catch (InvalidQueuedMailException e) {
            throw new IOException("cannot read back " + file + ": " + e.getMessage(), e);
        }
        write(temporary, file, directory, envelope, out -> {
            try (InputStream message = current.messageSource().getInputStream()) {
                message.transferTo(out);
            }
        });
    }

    private interface MessageWriter {
        void writeTo(OutputStream out) throws IOException, MessagingException;
    }

    private static void write(Path temporary, Path target, DirectorySync targetDirectory, QueuedEnvelope envelope,
                              MessageWriter message) throws IOException, MessagingException {
        byte[] json = MAPPER.writeValueAsBytes(envelope.json());
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
            out.write((MAGIC + json.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            message.writeTo(out);
            out.flush();
            channel.force(false);
        } catch (IOException | MessagingException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        targetDirectory.awaitSync();
    }

    /** Reads a queue file's envelope (not its message). */
    static QueuedMailFile read(Path file) throws IOException, InvalidQueuedMailException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
            String firstLine = firstLine(in);
            if (!firstLine.startsWith(MAGIC)) {
                throw new InvalidQueuedMailException("not a queued mail (first line '" + firstLine + "')");
            }
            int length;
            try {
                length = Integer.parseInt(firstLine.substring(MAGIC.length()));
            } catch (NumberFormatException e) {
                throw new InvalidQueuedMailException("no envelope length in the first line '" + firstLine + "'");
            }
            if (length < 2 || length > MAX_ENVELOPE) {
                throw new InvalidQueuedMailException("envelope length " + length + " out of range");
            }
            byte[] json = in.readNBytes(length);
            if (json.length != length) {
                throw new InvalidQueuedMailException("truncated: the envelope has " + json.length + " of " + length + " bytes");
            }
            QueuedEnvelope envelope;
            try {
                envelope = QueuedEnvelope.fromJson(MAPPER.readTree(json));
            } catch (JsonProcessingException e) {
                throw new InvalidQueuedMailException("the envelope is not JSON: " + e.getOriginalMessage());
            }
            return new QueuedMailFile(file, envelope, firstLine.length() + 1L + length);
        }
    }

    /** The message of this file, read when the mail is parsed; the file must stay until then. */
    MimeMessageSource messageSource() {
        return new MessageSource();
    }

    static void delete(Path file) throws IOException {
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            // Removed already (cleared by an administrator while it was being processed).
        }
    }

    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static String firstLine(InputStream in) throws IOException, InvalidQueuedMailException {
        StringBuilder line = new StringBuilder();
        for (int read = in.read(); read != '\n'; read = in.read()) {
            if (read < 0) {
                throw new InvalidQueuedMailException("truncated before the end of the first line");
            }
            if (line.length() == MAX_FIRST_LINE) {
                throw new InvalidQueuedMailException("not a queued mail (no first line)");
            }
            line.append((char) read);
        }
        return line.toString();
    }

    private final class MessageSource implements MimeMessageSource {
        @Override
        public String getSourceId() {
            return file.toString();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                channel.position(messageOffset);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new BufferedInputStream(Channels.newInputStream(channel), 8192);
        }

        @Override
        public long getMessageSize() throws IOException {
            return Files.size(file) - messageOffset;
        }
    }
}
