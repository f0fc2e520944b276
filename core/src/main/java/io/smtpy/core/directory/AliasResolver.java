package io.smtpy.core.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.RegexAlias;

/**
 * Resolves a recipient address to its destinations, from the in-memory index only (called for every RCPT).
 *
 * <p>Order: exact alias, then regex aliases by priority, then catch-all exceptions, then the catch-all.
 * An exact alias that is disabled or expired stops resolution there: the owner switched that address off,
 * and a catch-all must not quietly take its mail.
 * A subaddress tag ({@code alias+tag}) is set aside before matching, and put back on each destination when
 * the domain keeps tags.
 */
public class AliasResolver {
    private final ResolutionIndex index;
    private final Clock clock;

    @Inject
    public AliasResolver(AliasDirectory directory) {
        this.index = directory.index();
        this.clock = directory.clock();
    }

    public Resolution resolve(MailAddress recipient) {
        DomainName domain;
        try {
            domain = DomainName.of(recipient.getDomain().asString());
        } catch (IllegalArgumentException notADomainName) {
            return Resolution.refused(Resolution.Outcome.NOT_SMTPY_DOMAIN, Optional.empty());
        }
        return resolve(domain, recipient.getLocalPart());
    }

    /**
     * @param rawLocalPart the local part as the sender wrote it, possibly with a {@code +tag}
     */
    public Resolution resolve(DomainName domainName, String rawLocalPart) {
        Optional<ResolutionIndex.Entry> found = index.entry(domainName);
        if (found.isEmpty()) {
            return Resolution.refused(Resolution.Outcome.NOT_SMTPY_DOMAIN, Optional.empty());
        }
        ResolutionIndex.Entry entry = found.get();
        Domain domain = entry.domain();
        if (!domain.enabled()) {
            return Resolution.refused(Resolution.Outcome.DISABLED_DOMAIN, Optional.of(domainName.asString()));
        }
        String lower = rawLocalPart.toLowerCase(Locale.ROOT);
        int separator = lower.indexOf(LocalPart.SUBADDRESS_SEPARATOR);
        String base = separator < 0 ? lower : lower.substring(0, separator);
        Optional<String> tag = separator < 0 ? Optional.empty() : Optional.of(rawLocalPart.substring(separator + 1)).filter(t -> !t.isEmpty());
        LocalPart localPart;
        try {
            localPart = LocalPart.of(base);
        } catch (IllegalArgumentException notAnAliasName) {
            return Resolution.refused(Resolution.Outcome.UNKNOWN, Optional.empty());
        }
        Optional<String> keptTag = domain.keepSubaddressTag() ? tag : Optional.empty();

        Optional<Alias> alias = entry.alias(localPart);
        if (alias.isPresent()) {
            return exact(alias.get(), clock.instant(), keptTag);
        }
        for (RegexAlias regexAlias : domain.regexAliases()) {
            Optional<List<Destination>> destinations = regexAlias.resolve(localPart);
            if (destinations.isPresent()) {
                return Resolution.forward(Resolution.Outcome.REGEX, withTag(destinations.get(), keptTag), regexAlias.pattern());
            }
        }
        if (domain.catchAll().isPresent()) {
            CatchAll catchAll = domain.catchAll().get();
            Optional<CatchAll.ExceptionRule> exception = catchAll.exceptionFor(localPart);
            if (exception.isPresent()) {
                return Resolution.exception(exception.get().action(), exception.get().pattern().asString());
            }
            return Resolution.forward(Resolution.Outcome.CATCH_ALL, withTag(catchAll.destinations(), keptTag), "catch-all");
        }
        return Resolution.refused(Resolution.Outcome.UNKNOWN, Optional.empty());
    }

    private static Resolution exact(Alias alias, Instant now, Optional<String> keptTag) {
        String address = alias.address().asString();
        if (!alias.enabled()) {
            return Resolution.refused(Resolution.Outcome.DISABLED_ALIAS, Optional.of(address));
        }
        if (alias.isExpiredAt(now)) {
            return Resolution.refused(Resolution.Outcome.EXPIRED, Optional.of(address));
        }
        return Resolution.forward(Resolution.Outcome.EXACT, withTag(alias.destinations(), keptTag), address);
    }

    private static List<Destination> withTag(List<Destination> destinations, Optional<String> tag) {
        if (tag.isEmpty()) {
            return destinations;
        }
        ImmutableList.Builder<Destination> tagged = ImmutableList.builder();
        for (Destination destination : destinations) {
            MailAddress address = destination.address();
            try {
                tagged.add(Destination.of(address.getLocalPart() + LocalPart.SUBADDRESS_SEPARATOR + tag.get()
                    + "@" + address.getDomain().asString()));
            } catch (IllegalArgumentException tagMakesNoAddress) {
                tagged.add(destination);
            }
        }
        return tagged.build();
    }
}
