package io.smtpy.core.directory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The aliases of one domain: an open-addressing hash table (linear probing) from lower-case local part to
 * {@link AliasRecord}, with no object per alias. One {@code long[]} of slots, each the key's hash (high half) and
 * where its record starts (low half), and the records themselves packed one after the other in {@code byte[]}
 * chunks of up to 1 MiB. A miss usually reads one cache line (the slots, whose hashes filter), a hit that line
 * and the record: a {@code HashMap} of {@code LocalPart} to {@code Alias} follows a node, a key, its string, the
 * alias and its destinations, each a cache miss once the index outgrows the caches. Per alias: the record, a
 * varint of its length, and 8 bytes per slot with the table 1/4 to 3/4 full (17 bytes at a million aliases);
 * chunks start at 4 KiB, so a small domain stays small.
 *
 * <p>One writer at a time (the methods that change the table are synchronized; {@link AliasDirectory} already
 * serialises writes per domain), any number of readers that never lock:
 * <ul>
 *   <li>a record is written into its chunk before the slot that points at it, which is written with release
 *       semantics and read with acquire semantics: a reader that sees a slot sees its record whole. A new chunk
 *       is published (a volatile array of chunks) before any slot points into it;</li>
 *   <li>records are never changed in place: replacing an alias appends its new record and swaps the slot, so a
 *       reader gets the old record or the new one; removing one marks its slot {@link #REMOVED}, so probe
 *       sequences running through the slot still go on;</li>
 *   <li>a hash, once in a slot, only changes when the slot is reused by another key; a reader always compares
 *       the whole key, so a stale hash can only make it miss a key that is being added at that moment;</li>
 *   <li>growing, clearing markers and dropping replaced records copy the live records into new chunks and a new
 *       slot array, published together through one volatile field; a reader that started on the old ones
 *       finishes there, and the writer no longer touches them.</li>
 * </ul>
 */
final class AliasTable {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int MIN_CAPACITY = 16;
    private static final int POSITION_BITS = 20;
    private static final int CHUNK_SIZE = 1 << POSITION_BITS;
    private static final int POSITION_MASK = CHUNK_SIZE - 1;
    private static final int FIRST_CHUNK_SIZE = 4096;
    private static final int MAX_CHUNKS = (1 << (Integer.SIZE - POSITION_BITS)) - 1;
    /** The locator of a removed alias's slot (the last position of the last chunk, which never starts a record). */
    private static final int REMOVED = -1;

    /** Chunks of packed records ({@code varint length, record}); a record larger than a chunk has its own. */
    private static final class Arena {
        private volatile byte[][] chunks = new byte[0][];
        private byte[] current;
        private int position;
        /** Writer only: the chunks' total length. */
        private long bytes;

        int append(byte[] record) {
            int length = AliasRecord.varIntLength(record.length) + record.length;
            if (current == null || position + length > current.length) {
                if (chunks.length == MAX_CHUNKS) {
                    throw new IllegalStateException("the aliases of one domain exceed " + MAX_CHUNKS + " MiB");
                }
                current = new byte[Math.max(nextChunkSize(), length)];
                position = 0;
                bytes += current.length;
                byte[][] more = Arrays.copyOf(chunks, chunks.length + 1);
                more[more.length - 1] = current;
                chunks = more;
            }
            int locator = (chunks.length - 1) << POSITION_BITS | position;
            int at = AliasRecord.writeVarInt(current, position, record.length);
            System.arraycopy(record, 0, current, at, record.length);
            position = at + record.length;
            return locator;
        }

        /** Small domains stay small: chunks start at 4 KiB and double up to 1 MiB. */
        private int nextChunkSize() {
            return current == null ? FIRST_CHUNK_SIZE : Math.min(CHUNK_SIZE, Math.max(FIRST_CHUNK_SIZE, current.length * 2));
        }
    }

    private static final class State {
        /** 0: never used; else hash (high 32 bits, never 0) and locator (low 32 bits, or {@link #REMOVED}). */
        final long[] slots;
        final Arena arena;

        State(int capacity) {
            this.slots = new long[capacity];
            this.arena = new Arena();
        }
    }

    private volatile State state = new State(MIN_CAPACITY);
    private volatile int size;
    /** Writer only: slots holding a record or {@link #REMOVED} (what ends probe sequences is the rest). */
    private int used;
    /** Writer only: bytes of records in the arena that no slot points at any more. */
    private long deadBytes;

    /**
     * @param key any string: a lower-case local part finds its alias, anything else finds nothing
     * @return a copy of the record, or null
     */
    byte[] get(String key) {
        int hash = hash(key.hashCode());
        State current = state;
        long[] slots = current.slots;
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            long slot = (long) SLOTS.getAcquire(slots, i);
            if (slot == 0) {
                return null;
            }
            int locator = (int) slot;
            if ((int) (slot >>> Integer.SIZE) == hash && locator != REMOVED) {
                byte[] chunk = current.arena.chunks[locator >>> POSITION_BITS];
                int position = locator & POSITION_MASK;
                int length = AliasRecord.readVarInt(chunk, position);
                int start = position + AliasRecord.varIntLength(length);
                if (AliasRecord.hasKey(chunk, start, key)) {
                    return Arrays.copyOfRange(chunk, start, start + length);
                }
            }
        }
    }

    int size() {
        return size;
    }

    /** Adds the record, or replaces the record of the same key. */
    synchronized void put(byte[] record) {
        int hash = hash(AliasRecord.keyHash(record));
        State current = state;
        long[] slots = current.slots;
        int mask = slots.length - 1;
        int free = -1;
        int i = hash & mask;
        for (; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                break;
            }
            int locator = (int) slot;
            if (locator == REMOVED) {
                if (free < 0) {
                    free = i;
                }
            } else if ((int) (slot >>> Integer.SIZE) == hash && AliasRecord.sameKey(recordAt(current, locator), record)) {
                deadBytes += storedLength(current, locator);
                SLOTS.setRelease(slots, i, slot(hash, current.arena.append(record)));
                compactIfMostlyDead();
                return;
            }
        }
        if (free >= 0) {
            SLOTS.setRelease(slots, free, slot(hash, current.arena.append(record)));
        } else {
            if ((used + 1) * 4L > slots.length * 3L) {
                current = rebuild(size + 1);
                slots = current.slots;
                i = freeSlot(slots, hash);
            }
            SLOTS.setRelease(slots, i, slot(hash, current.arena.append(record)));
            used++;
        }
        size = size + 1;
    }

    /** @return whether the key had a record */
    synchronized boolean remove(String key) {
        int hash = hash(key.hashCode());
        State current = state;
        long[] slots = current.slots;
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                return false;
            }
            int locator = (int) slot;
            if ((int) (slot >>> Integer.SIZE) == hash && locator != REMOVED && AliasRecord.hasKey(recordAt(current, locator), 0, key)) {
                deadBytes += storedLength(current, locator);
                SLOTS.setRelease(slots, i, slot(hash, REMOVED));
                size = size - 1;
                compactIfMostlyDead();
                return true;
            }
        }
    }

    /** The length of the slot array, for tests of growth. */
    int capacity() {
        return state.slots.length;
    }

    /** Bytes of the chunks, for tests of compaction. */
    synchronized long arenaBytes() {
        return state.arena.bytes;
    }

    /** Replaced and removed records are garbage in the chunks: drop them once they outweigh the live ones. */
    private void compactIfMostlyDead() {
        if (deadBytes > FIRST_CHUNK_SIZE && deadBytes * 2 > state.arena.bytes) {
            rebuild(size);
        }
    }

    /** New slots, at most half full, and new chunks, holding the live records only; published when complete. */
    private State rebuild(int live) {
        int capacity = MIN_CAPACITY;
        while (capacity < live * 2L) {
            capacity <<= 1;
        }
        State old = state;
        State rebuilt = new State(capacity);
        int count = 0;
        for (long slot : old.slots) {
            int locator = (int) slot;
            if (slot != 0 && locator != REMOVED) {
                int hash = (int) (slot >>> Integer.SIZE);
                rebuilt.slots[freeSlot(rebuilt.slots, hash)] = slot(hash, rebuilt.arena.append(recordAt(old, locator)));
                count++;
            }
        }
        used = count;
        deadBytes = 0;
        state = rebuilt;
        return rebuilt;
    }

    private static byte[] recordAt(State state, int locator) {
        byte[] chunk = state.arena.chunks[locator >>> POSITION_BITS];
        int position = locator & POSITION_MASK;
        int length = AliasRecord.readVarInt(chunk, position);
        int start = position + AliasRecord.varIntLength(length);
        return Arrays.copyOfRange(chunk, start, start + length);
    }

    private static int storedLength(State state, int locator) {
        int length = AliasRecord.readVarInt(state.arena.chunks[locator >>> POSITION_BITS], locator & POSITION_MASK);
        return AliasRecord.varIntLength(length) + length;
    }

    private static int freeSlot(long[] slots, int hash) {
        int mask = slots.length - 1;
        int i = hash & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long slot(int hash, int locator) {
        return (long) hash << Integer.SIZE | (locator & 0xFFFFFFFFL);
    }

    /** Spreads {@link String#hashCode()} (whose low bits pick the slot) and keeps 0 for empty slots. */
    private static int hash(int stringHash) {
        int spread = stringHash * 0x9E3779B9;
        spread ^= spread >>> 16;
        return spread == 0 ? 1 : spread;
    }
}
