package io.smtpy.core.directory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

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
        String name = recipient.getDomain().asString();
        // Recipients' domains nearly always arrive in the index's form already: a hit means DomainName.of would
        // have returned that very name, and only a miss pays for parsing (IDN, case, trailing dot).
        ResolutionIndex.Entry entry = index.entry(name);
        if (entry == null) {
            DomainName domain;
            try {
                domain = DomainName.of(name);
            } catch (IllegalArgumentException notADomainName) {
                return Resolution.refused(Resolution.Outcome.NOT_SMTPY_DOMAIN, Optional.empty());
            }
            entry = index.entry(domain.asString());
            if (entry == null) {
                return Resolution.refused(Resolution.Outcome.NOT_SMTPY_DOMAIN, Optional.empty());
            }
        }
        return resolve(entry, recipient.getLocalPart());
    }

    /**
     * @param rawLocalPart the local part as the sender wrote it, possibly with a {@code +tag}
     */
    public Resolution resolve(DomainName domainName, String rawLocalPart) {
        ResolutionIndex.Entry entry = index.entry(domainName.asString());
        if (entry == null) {
            return Resolution.refused(Resolution.Outcome.NOT_SMTPY_DOMAIN, Optional.empty());
        }
        return resolve(entry, rawLocalPart);
    }

    private Resolution resolve(ResolutionIndex.Entry entry, String rawLocalPart) {
        Domain domain = entry.domain();
        if (!domain.enabled()) {
            return Resolution.refused(Resolution.Outcome.DISABLED_DOMAIN, Optional.of(domain.name().asString()));
        }
        String lower = rawLocalPart.toLowerCase(Locale.ROOT);
        int separator = lower.indexOf(LocalPart.SUBADDRESS_SEPARATOR);
        String base = separator < 0 ? lower : lower.substring(0, separator);
        Optional<String> tag = separator < 0 ? Optional.empty() : Optional.of(rawLocalPart.substring(separator + 1)).filter(t -> !t.isEmpty());
        Optional<String> keptTag = domain.keepSubaddressTag() ? tag : Optional.empty();

        // Looked up before validation: every key is a valid local part, so a hit needs none.
        byte[] alias = entry.record(base);
        if (alias != null) {
            return exact(alias, base + "@" + domain.name().asString(), keptTag);
        }
        LocalPart localPart;
        try {
            localPart = LocalPart.of(base);
        } catch (IllegalArgumentException notAnAliasName) {
            return Resolution.refused(Resolution.Outcome.UNKNOWN, Optional.empty());
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

    private Resolution exact(byte[] alias, String address, Optional<String> keptTag) {
        if (!AliasRecord.enabled(alias)) {
            return Resolution.refused(Resolution.Outcome.DISABLED_ALIAS, Optional.of(address));
        }
        if (AliasRecord.expires(alias) && AliasRecord.isExpiredAt(alias, clock.instant())) {
            return Resolution.refused(Resolution.Outcome.EXPIRED, Optional.of(address));
        }
        return Resolution.forward(Resolution.Outcome.EXACT, withTag(AliasRecord.destinations(alias), keptTag), address);
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
