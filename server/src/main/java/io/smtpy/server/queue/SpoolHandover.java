package io.smtpy.server.queue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lets the spool's file stand for a mail it hands to the outgoing queue, so that the hand-over costs no second disk
 * crossing.
 *
 * <p>The "250 is a promise" rule needs one durable copy of a mail until it is delivered, and the spool file is one:
 * it was forced to disk before the {@code 250}. James's spooler processes a spool mail on one thread from
 * {@code getMail} to {@code done}, and RemoteDelivery enqueues the copy for the outgoing queue on that same thread. The
 * outgoing queue then keeps the copy in memory and <em>holds</em> the spool file, which outlives the spool's
 * {@code done} until every copy it holds for is done (delivered, bounced, or written to disk for a later retry). A crash
 * in between leaves the spool file, and the mail is processed again from the start at the next start: a duplicate is
 * possible, a loss is not, the queue's rule already.
 *
 * <p>At most {@link #MAX_HELD_BYTES} of messages are held in memory this way; past that, or when the thread is not
 * processing a spool mail (a retry RemoteDelivery schedules from its own thread), the outgoing queue writes the mail
 * to disk as before.
 */
final class SpoolHandover {
    static final long MAX_HELD_BYTES = 32L * 1024 * 1024;

    private final QueueDirectories directories;
    private final ThreadLocal<Path> processing = new ThreadLocal<>();
    /** Spool files being processed now, from getMail to done. */
    private final Set<Path> live = new HashSet<>();
    /** How many copies in memory each spool file stands for. */
    private final Map<Path, Integer> holds = new HashMap<>();
    /** Spool files whose mail is done, kept for the copies they still stand for. */
    private final Set<Path> doneWhileHeld = new HashSet<>();
    private long heldBytes;

    SpoolHandover(QueueDirectories directories) {
        this.directories = directories;
    }

    /** This thread processes the spool mail of {@code spoolFile} now. */
    synchronized void processing(Path spoolFile) {
        live.add(spoolFile);
        processing.set(spoolFile);
    }

    /**
     * The spool file of the mail this thread is processing, now held for a copy of {@code bytes} kept in memory until
     * {@link #release}; empty when the thread processes no spool mail or the memory budget is spent.
     */
    synchronized Optional<Path> hold(long bytes) {
        Path file = processing.get();
        if (file == null || !live.contains(file) || heldBytes + bytes > MAX_HELD_BYTES) {
            return Optional.empty();
        }
        holds.merge(file, 1, Integer::sum);
        heldBytes += bytes;
        return Optional.of(file);
    }

    /** A copy held for is done (or on disk now): the spool file goes once its mail is done and nothing else holds it. */
    synchronized void release(Path spoolFile, long bytes) {
        heldBytes -= bytes;
        Integer left = holds.merge(spoolFile, -1, Integer::sum);
        if (left != null && left <= 0) {
            holds.remove(spoolFile);
            if (doneWhileHeld.remove(spoolFile)) {
                directories.deleteLater(spoolFile);
            }
        }
    }

    /** The spool mail of {@code spoolFile} is done: its file goes now, or when the last copy it stands for is done. */
    synchronized void spoolDone(Path spoolFile) {
        finished(spoolFile);
        if (holds.containsKey(spoolFile)) {
            doneWhileHeld.add(spoolFile);
        } else {
            directories.deleteLater(spoolFile);
        }
    }

    /** The spool mail of {@code spoolFile} goes back to wait (a retry): its file stays, whatever holds it. */
    synchronized void finished(Path spoolFile) {
        live.remove(spoolFile);
        if (spoolFile.equals(processing.get())) {
            processing.remove();
        }
    }

    synchronized long heldBytes() {
        return heldBytes;
    }
}
