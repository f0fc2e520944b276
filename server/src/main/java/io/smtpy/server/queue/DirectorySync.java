package io.smtpy.server.queue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Forces one directory's entries to disk, shared by the writers that need it at the same time (group commit).
 *
 * <p>A queue file is durable once its data is forced and the directory entry its rename made is forced too. Ten
 * sessions finishing DATA together would each force the same directory; here a writer that finds a sync running waits
 * for the next one, which covers every rename made before it starts, so concurrent writers share one {@code fsync}
 * and none returns before a sync that began after its own rename has completed. A failed sync covers nobody: each
 * writer that waited for it tries once more itself and gets its own error (none is told its mail is safe).
 */
final class DirectorySync {
    private final Path directory;
    /** Renames registered so far, numbered; and the highest number a completed sync covers. */
    private long requested;
    private long covered;
    private boolean running;

    DirectorySync(Path directory) {
        this.directory = directory;
    }

    /** Returns once a sync of the directory that started after this call began has completed. */
    void awaitSync() throws IOException {
        long ticket;
        synchronized (this) {
            ticket = ++requested;
        }
        while (true) {
            long upTo;
            synchronized (this) {
                while (running && covered < ticket) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("Interrupted while waiting to sync " + directory, e);
                    }
                }
                if (covered >= ticket) {
                    return;
                }
                running = true;
                upTo = requested;
            }
            IOException failure = null;
            try {
                QueuedMailFile.forceDirectory(directory);
            } catch (IOException e) {
                failure = e;
            }
            synchronized (this) {
                running = false;
                if (failure == null) {
                    covered = Math.max(covered, upTo);
                }
                notifyAll();
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
