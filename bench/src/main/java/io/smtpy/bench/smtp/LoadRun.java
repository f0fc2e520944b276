package io.smtpy.bench.smtp;

import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The book-keeping of one load run, shared by the sending threads and the sink: when each message's final dot
 * was sent and acknowledged, when each copy arrived, and which of the generator's servers each message went to.
 *
 * <p>Message ids are reserved per run from a JVM-wide counter, so a straggler of an earlier run that arrives late
 * is recognised and not counted.
 */
final class LoadRun implements TimestampingSink.Listener {
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    private final long firstId;
    private final int capacity;
    private final int copiesPerMessage;
    private final Semaphore copiesInFlight;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicLongArray endOfData;
    private final AtomicLongArray acceptedAt;
    private final AtomicIntegerArray servers;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger strays = new AtomicInteger();
    private final AtomicInteger copySlots = new AtomicInteger();
    private final AtomicInteger copiesRecorded = new AtomicInteger();
    private final long[] arrivals;
    private final long[] latencies;
    private final int[] arrivalServers;
    private volatile String firstFailure;

    /**
     * @param maxCopiesInFlight copies sent but not yet arrived at most, 0 for no bound
     */
    LoadRun(int capacity, int copiesPerMessage, int maxCopiesInFlight) {
        this.firstId = NEXT_ID.getAndAdd(capacity);
        this.capacity = capacity;
        this.copiesPerMessage = copiesPerMessage;
        this.copiesInFlight = maxCopiesInFlight > 0 ? new Semaphore(maxCopiesInFlight) : null;
        this.endOfData = new AtomicLongArray(capacity);
        this.acceptedAt = new AtomicLongArray(capacity);
        this.servers = new AtomicIntegerArray(capacity);
        this.arrivals = new long[capacity * copiesPerMessage];
        this.latencies = new long[capacity * copiesPerMessage];
        this.arrivalServers = new int[capacity * copiesPerMessage];
    }

    /** Waits until one more message may be in flight; false when the wait timed out. */
    boolean awaitRoom(long timeoutMillis) throws InterruptedException {
        return copiesInFlight == null || copiesInFlight.tryAcquire(copiesPerMessage, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    void giveBackRoom() {
        if (copiesInFlight != null) {
            copiesInFlight.release(copiesPerMessage);
        }
    }

    /** The index of the next message to send, -1 when the run is full. */
    int claim() {
        int index = claimed.getAndIncrement();
        return index < capacity ? index : -1;
    }

    long id(int index) {
        return firstId + index;
    }

    /** The message goes to the generator's server {@code server} (its index in the generator's list). */
    void sentTo(int index, int server) {
        servers.set(index, server);
    }

    void endOfData(int index, long nanoTime) {
        endOfData.set(index, nanoTime);
    }

    void accepted(int index, long nanoTime) {
        acceptedAt.set(index, nanoTime);
        accepted.incrementAndGet();
    }

    void failed(Exception cause) {
        failed.incrementAndGet();
        if (firstFailure == null) {
            firstFailure = cause.toString();
        }
        giveBackRoom();
    }

    @Override
    public void arrived(long messageId, int recipients, long nanoTime) {
        long index = messageId - firstId;
        if (messageId < 0 || index < 0 || index >= capacity) {
            strays.incrementAndGet();
            return;
        }
        long sentAt = endOfData.get((int) index);
        int server = servers.get((int) index);
        int slot = copySlots.getAndAdd(recipients);
        for (int copy = 0; copy < recipients && slot + copy < arrivals.length; copy++) {
            arrivals[slot + copy] = nanoTime;
            latencies[slot + copy] = nanoTime - sentAt;
            arrivalServers[slot + copy] = server;
        }
        // After the slots are written: whoever reads this count sees them.
        copiesRecorded.addAndGet(recipients);
        if (copiesInFlight != null) {
            copiesInFlight.release(recipients);
        }
    }

    /** Waits until every copy of every accepted message arrived; false on timeout. */
    boolean awaitDrained(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (copiesRecorded.get() < (long) accepted.get() * copiesPerMessage) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    int accepted() {
        return accepted.get();
    }

    int failed() {
        return failed.get();
    }

    String firstFailure() {
        return firstFailure;
    }

    int strays() {
        return strays.get();
    }

    int copiesArrived() {
        return Math.min(copiesRecorded.get(), arrivals.length);
    }

    int copiesExpected() {
        return accepted.get() * copiesPerMessage;
    }

    int copiesPerMessage() {
        return copiesPerMessage;
    }

    /** When the message's 250 to DATA came, 0 if it did not (yet). */
    long acceptedAt(int index) {
        return acceptedAt.get(index);
    }

    /** Messages claimed so far, at most the capacity. */
    int claimedCount() {
        return Math.min(claimed.get(), capacity);
    }

    int acceptedBetween(long from, long to) {
        int count = 0;
        int sent = claimedCount();
        for (int i = 0; i < sent; i++) {
            long at = acceptedAt.get(i);
            if (at != 0 && at >= from && at < to) {
                count++;
            }
        }
        return count;
    }

    /** Copies that arrived in [from, to), counted by the server their message was sent to (0 to {@code serverCount} - 1). */
    int[] arrivalsByServerBetween(long from, long to, int serverCount) {
        int arrived = copiesArrived();
        int[] counts = new int[serverCount];
        for (int i = 0; i < arrived; i++) {
            if (arrivals[i] >= from && arrivals[i] < to) {
                counts[arrivalServers[i]]++;
            }
        }
        return counts;
    }

    /** Copies that arrived in [from, to) and their latencies, sorted. */
    long[] latenciesOfArrivalsBetween(long from, long to) {
        int arrived = copiesArrived();
        long[] selected = new long[arrived];
        int count = 0;
        for (int i = 0; i < arrived; i++) {
            if (arrivals[i] >= from && arrivals[i] < to) {
                selected[count++] = latencies[i];
            }
        }
        long[] sorted = Arrays.copyOf(selected, count);
        Arrays.sort(sorted);
        return sorted;
    }
}
