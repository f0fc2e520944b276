package io.smtpy.core.mailpath;

/**
 * When a mail has travelled too far to be forwarded again: it already carries {@code maxForwards} of smtpy's trace
 * fields (it went out through us that often, then came back through an outside system), or more than
 * {@code maxReceived} {@code Received} lines (whoever looped it).
 */
public final class LoopLimits {
    public static final LoopLimits DEFAULT = new LoopLimits(5, 25);

    private final int maxForwards;
    private final int maxReceived;

    private LoopLimits(int maxForwards, int maxReceived) {
        this.maxForwards = maxForwards;
        this.maxReceived = maxReceived;
    }

    /** @throws IllegalArgumentException unless both are positive */
    public static LoopLimits of(int maxForwards, int maxReceived) {
        if (maxForwards < 1 || maxReceived < 1) {
            throw new IllegalArgumentException("loop limits must be positive, got maxForwards " + maxForwards
                + " and maxReceived " + maxReceived);
        }
        return new LoopLimits(maxForwards, maxReceived);
    }

    public int maxForwards() {
        return maxForwards;
    }

    public int maxReceived() {
        return maxReceived;
    }

    public boolean exceededBy(int forwards, int received) {
        return forwards >= maxForwards || received > maxReceived;
    }

    @Override
    public String toString() {
        return "maxForwards " + maxForwards + ", maxReceived " + maxReceived;
    }
}
