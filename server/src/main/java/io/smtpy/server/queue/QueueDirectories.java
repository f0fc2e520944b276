package io.smtpy.server.queue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.james.queue.api.MailQueueName;

import com.google.common.io.BaseEncoding;

/**
 * Where the durable queues keep their files, under one root (the data directory's {@code queue/}):
 * <pre>
 *   queue/lock              held by the running server: a second server on the same directory fails at start
 *   queue/tmp/              files being written (deleted at start: nobody was told 250 for them)
 *   queue/mail/&lt;queue&gt;/     one file per queued mail
 *   queue/held/&lt;queue&gt;/     files that could not be read back as mail, kept for a human
 * </pre>
 * A queue's directory is its name when that is made of letters, digits, '.', '_' and '-' (James's "spool",
 * "outgoing"), otherwise '~' and the name's UTF-8 in hex.
 */
final class QueueDirectories implements Closeable {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}");
    private static final String ENCODED_PREFIX = "~";

    private final Path root;
    private final Path temporary;
    private final Path queues;
    private final Path held;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String bootId;
    private final AtomicLong counter = new AtomicLong();
    private final FileReaper reaper = new FileReaper("smtpy-queue-reaper");

    private QueueDirectories(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.temporary = root.resolve("tmp");
        this.queues = root.resolve("mail");
        this.held = root.resolve("held");
        this.lockChannel = lockChannel;
        this.lock = lock;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.bootId = BaseEncoding.base32Hex().omitPadding().lowerCase().encode(random);
    }

    /**
     * Takes {@code root} for this server: locks it, creates what is missing and deletes unfinished writes.
     *
     * @throws IllegalStateException when another server holds the directory
     */
    static QueueDirectories take(Path root) throws IOException {
        Files.createDirectories(root);
        FileChannel channel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("The mail queue directory " + root + " is in use by another server");
        }
        QueueDirectories directories = new QueueDirectories(root, channel, lock);
        Files.createDirectories(directories.temporary);
        Files.createDirectories(directories.queues);
        Files.createDirectories(directories.held);
        directories.deleteUnfinishedWrites();
        return directories;
    }

    Path root() {
        return root;
    }

    boolean isHeld() {
        return lock.isValid();
    }

    /** The directory of {@code name}'s mail, created if needed. */
    Path queue(MailQueueName name) throws IOException {
        return Files.createDirectories(queues.resolve(directoryName(name)));
    }

    Path held(MailQueueName name) throws IOException {
        return Files.createDirectories(held.resolve(directoryName(name)));
    }

    Path temporary(String id) {
        return temporary.resolve(id);
    }

    /** The queues that have a directory, from this run or an earlier one. */
    List<MailQueueName> existingQueues() throws IOException {
        List<MailQueueName> names = new ArrayList<>();
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(queues, Files::isDirectory)) {
            for (Path directory : directories) {
                String fileName = directory.getFileName().toString();
                if (fileName.startsWith(ENCODED_PREFIX)) {
                    names.add(MailQueueName.of(new String(BaseEncoding.base16().lowerCase()
                        .decode(fileName.substring(ENCODED_PREFIX.length())), StandardCharsets.UTF_8)));
                } else if (PLAIN_NAME.matcher(fileName).matches()) {
                    names.add(MailQueueName.of(fileName));
                }
            }
        }
        return names;
    }

    /** A file name no other mail of this directory has had: time, a counter, and this run's random id. */
    String newId() {
        return Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(counter.incrementAndGet(), 36) + "-" + bootId;
    }

    /** Deletes a done mail's file on the reaper's thread (see {@link FileReaper}). */
    void deleteLater(Path file) {
        reaper.deleteLater(file);
    }

    /** Waits until the files handed to {@link #deleteLater} so far are deleted; false after the timeout. */
    boolean awaitDeletions(long timeout, TimeUnit unit) throws InterruptedException {
        return reaper.drain(timeout, unit);
    }

    @Override
    public void close() throws IOException {
        try {
            reaper.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    private static String directoryName(MailQueueName name) {
        String value = name.asString();
        if (PLAIN_NAME.matcher(value).matches()) {
            return value;
        }
        return ENCODED_PREFIX + BaseEncoding.base16().lowerCase().encode(value.getBytes(StandardCharsets.UTF_8));
    }

    private void deleteUnfinishedWrites() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(temporary)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }
}
