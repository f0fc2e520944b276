package io.smtpy.core.dkim;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/** One change {@link DkimKeyRotation} made to a key, for a caller to record as an event. */
public final class DkimKeyTransition {
    private final DomainName domain;
    private final DkimSelector selector;
    private final DkimAlgorithm algorithm;
    private final Optional<DkimKeyState> from;
    private final DkimKeyState to;
    private final Instant at;

    private DkimKeyTransition(DomainName domain, DkimSelector selector, DkimAlgorithm algorithm,
                              Optional<DkimKeyState> from, DkimKeyState to, Instant at) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.at = Objects.requireNonNull(at, "at");
    }

    /** A key was generated (and is PENDING). */
    public static DkimKeyTransition created(DkimKey key, Instant at) {
        return new DkimKeyTransition(key.domain(), key.selector(), key.algorithm(), Optional.empty(), key.state(), at);
    }

    public static DkimKeyTransition moved(DkimKey before, DkimKey after, Instant at) {
        return new DkimKeyTransition(after.domain(), after.selector(), after.algorithm(), Optional.of(before.state()),
            after.state(), at);
    }

    public DomainName domain() {
        return domain;
    }

    public DkimSelector selector() {
        return selector;
    }

    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    /** Empty when the key was created. */
    public Optional<DkimKeyState> from() {
        return from;
    }

    public DkimKeyState to() {
        return to;
    }

    public Instant at() {
        return at;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DkimKeyTransition)) {
            return false;
        }
        DkimKeyTransition other = (DkimKeyTransition) o;
        return domain.equals(other.domain) && selector.equals(other.selector) && algorithm == other.algorithm
            && from.equals(other.from) && to == other.to && at.equals(other.at);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, selector, algorithm, from, to, at);
    }

    @Override
    public String toString() {
        return selector.recordName(domain) + " " + from.map(DkimKeyState::name).orElse("(new)") + " -> " + to
            + " at " + at;
    }
}
