package io.smtpy.core.mailpath;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Where a copy goes when a destination failed for good, or stayed deferred longer than the installation allows
 * ({@link #deferredTooLong}): the alias's next fallback after the failed address (the
 * first fallback after one of its destinations, the next one after a fallback; {@link Alias#fallbackAfter}). A copy
 * serves one or more aliases of its forwarding domain: the first of them that has a fallback for the failed address
 * decides. An address with no fallback left bounces as before.
 */
public class FallbackPolicy {
    /** A failed destination, the alias it was reached through, and the address to try now. */
    public static final class Fallback {
        private final MailAddress failed;
        private final AliasAddress alias;
        private final MailAddress next;

        Fallback(MailAddress failed, AliasAddress alias, MailAddress next) {
            this.failed = Objects.requireNonNull(failed);
            this.alias = Objects.requireNonNull(alias);
            this.next = Objects.requireNonNull(next);
        }

        public MailAddress failed() {
            return failed;
        }

        public AliasAddress alias() {
            return alias;
        }

        public MailAddress next() {
            return next;
        }
    }

    /** How long a copy may stay deferred before its fallbacks take over, unless the installation says otherwise. */
    public static final Duration DEFAULT_AFTER_DEFERRED = Duration.ofHours(4);

    private final AliasDirectory directory;
    private final Duration afterDeferred;

    @Inject
    public FallbackPolicy(AliasDirectory directory) {
        this(directory, DEFAULT_AFTER_DEFERRED);
    }

    /** @param afterDeferred how long a copy may stay deferred before its fallbacks take over; zero: never */
    public FallbackPolicy(AliasDirectory directory, Duration afterDeferred) {
        this.directory = directory;
        this.afterDeferred = afterDeferred;
    }

    /**
     * Whether a copy forwarded at {@code forwardedAt} and deferred again at {@code now} has waited long enough for
     * its fallbacks to take over (never when the installation turned this off).
     */
    public boolean deferredTooLong(Instant forwardedAt, Instant now) {
        return !afterDeferred.isZero() && !Duration.between(forwardedAt, now).minus(afterDeferred).isNegative();
    }

    /** The fallbacks of the failed recipients of a copy for {@code aliases} (local parts or addresses of {@code domain}). */
    public Map<MailAddress, Fallback> after(DomainName domain, List<LocalPart> aliases, Collection<MailAddress> failed) {
        Map<MailAddress, Fallback> fallbacks = new LinkedHashMap<>();
        for (MailAddress recipient : failed) {
            Destination destination;
            try {
                destination = Destination.of(recipient.asString());
            } catch (IllegalArgumentException notADestination) {
                continue;
            }
            for (LocalPart localPart : aliases) {
                AliasAddress address = AliasAddress.of(domain, localPart);
                Optional<Destination> next = directory.alias(address).flatMap(alias -> alias.fallbackAfter(destination));
                if (next.isPresent()) {
                    fallbacks.put(recipient, new Fallback(recipient, address, next.get().address()));
                    break;
                }
            }
        }
        return fallbacks;
    }
}
