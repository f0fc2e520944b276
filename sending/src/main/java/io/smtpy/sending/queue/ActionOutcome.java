package io.smtpy.sending.queue;

import java.util.Objects;
import java.util.Optional;

/** What an action did to one copy: applied, or why not (gone, being delivered, not held...). */
public final class ActionOutcome {
    /** How a refusal for a copy the queue does not have (or not for that domain) begins: the route's 404. */
    public static final String NO_SUCH_COPY = "no such copy";

    private final String id;
    private final Optional<String> refusal;

    private ActionOutcome(String id, Optional<String> refusal) {
        this.id = Objects.requireNonNull(id);
        this.refusal = refusal;
    }

    public static ActionOutcome applied(String id) {
        return new ActionOutcome(id, Optional.empty());
    }

    public static ActionOutcome refused(String id, String why) {
        return new ActionOutcome(id, Optional.of(why));
    }

    public String id() {
        return id;
    }

    public boolean isApplied() {
        return refusal.isEmpty();
    }

    /** Refused because the queue has no such copy (gone, never there, or another domain's). */
    public boolean isUnknownCopy() {
        return refusal.filter(why -> why.startsWith(NO_SUCH_COPY)).isPresent();
    }

    /** Why the action was not applied; empty when it was. */
    public Optional<String> refusal() {
        return refusal;
    }

    @Override
    public String toString() {
        return id + (isApplied() ? " applied" : " refused: " + refusal.get());
    }
}
