package io.smtpy.core.forwarding;

import java.util.List;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Destination;

/**
 * Where an owner's rule sends one recipient's mail instead of, or besides, the alias's own destinations
 * ({@code forward} and {@code alsoForward}).
 */
public final class Redirection {
    private final Optional<List<Destination>> replaced;
    private final List<Destination> added;

    public Redirection(Optional<List<Destination>> replaced, List<Destination> added) {
        this.replaced = replaced.map(ImmutableList::copyOf);
        this.added = ImmutableList.copyOf(added);
    }

    /** When present, these instead of the alias's destinations. */
    public Optional<List<Destination>> replaced() {
        return replaced;
    }

    /** Also these. */
    public List<Destination> added() {
        return added;
    }

    public boolean changesNothing() {
        return replaced.isEmpty() && added.isEmpty();
    }
}
