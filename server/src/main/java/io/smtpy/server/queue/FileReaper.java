package io.smtpy.server.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the files of done mail on a thread of its own, so the thread that finished the mail (a delivery thread, the
 * spooler) goes on to the next one at once.
 *
 * <p>Why: an unlink is not free. On a filesystem mounted with {@code discard} (as this project's machines are) it
 * waits for the blocks to be trimmed, and measured in the delivery threads it was a third as long as the whole SMTP
 * dialogue with the destination. Deleting later is safe under the queue's rule, at least once: a file still here
 * when the process dies is taken back at the next start and its mail handled again (a duplicate), never lost.
 * {@link #drain} waits until every file handed over is gone (at shutdown, and in tests).
 */
final class FileReaper implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileReaper.class);
    private static final Path STOP = Path.of("");

    private final LinkedBlockingQueue<Path> files = new LinkedBlockingQueue<>();
    private final Thread thread;
    private long handedOver;
    private long deleted;

    FileReaper(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Deletes {@code file} soon; a file already gone is fine. */
    void deleteLater(Path file) {
        synchronized (this) {
            handedOver++;
        }
        files.add(file);
    }

    /** Returns once every file handed over so far is deleted (or failed to be, which is logged), or after the timeout. */
    boolean drain(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (this) {
            long target = handedOver;
            while (deleted < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        if (!drain(30, TimeUnit.SECONDS)) {
            LOGGER.warn("Some done queue files were not deleted before shutdown: their mail will be handled again at the next start");
        }
        files.add(STOP);
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    private void run() {
        while (true) {
            Path file;
            try {
                file = files.take();
            } catch (InterruptedException e) {
                return;
            }
            if (file == STOP) {
                return;
            }
            try {
                QueuedMailFile.delete(file);
            } catch (IOException | RuntimeException e) {
                LOGGER.error("Could not delete the done queue file {} ({}): its mail will be handled again at the next start",
                    file, e.toString());
            }
            synchronized (this) {
                deleted++;
                notifyAll();
            }
        }
    }
}
