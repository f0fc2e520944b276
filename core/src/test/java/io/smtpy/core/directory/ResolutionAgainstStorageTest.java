package io.smtpy.core.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.model.RegexAlias;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

/**
 * The resolver answers from its compact index with shortcuts (no domain parsing when the name is already in its
 * ASCII form, no local-part validation before an exact hit). It must answer exactly as the rules applied to the
 * stored domains and aliases do, which {@link #fromStorage} spells out the plain way.
 */
class ResolutionAgainstStorageTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final List<String> LOCAL_PARTS = List.of("info", "sales", "a.b", "o'hara", "support-x", "help-me",
        "ops-12", "noreply-news", "billing", "user1", "x~y", "kelvin");
    private static final List<String> DOMAINS = List.of("example.com", "xn--bcher-kva.example", "off.example");

    private final MovableClock clock = new MovableClock(NOW);
    private final MemoryDomainRepository domains = new MemoryDomainRepository();
    private final MemoryAliasRepository aliases = new MemoryAliasRepository();
    private final AliasDirectory directory = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT);
    private final AliasResolver resolver = new AliasResolver(directory);
    private final Random random = new Random(5);

    @Test
    void resolutionShouldAgreeWithTheRulesAppliedToStorage() throws Exception {
        setUpDomains();
        Set<Resolution.Outcome> seen = EnumSet.noneOf(Resolution.Outcome.class);
        for (int round = 0; round < 6; round++) {
            changeAliases();
            clock.moveBy(Duration.ofMinutes(20));
            for (String recipient : recipients()) {
                MailAddress address;
                try {
                    address = new MailAddress(recipient);
                } catch (AddressException notAnAddressJamesWouldPass) {
                    continue;
                }
                Resolution resolution = resolver.resolve(address);
                assertThat(describe(resolution)).as(recipient).isEqualTo(describe(fromStorage(address)));
                seen.add(resolution.outcome());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Resolution.Outcome.values());
    }

    private void setUpDomains() {
        for (String name : DOMAINS) {
            directory.createDomain(DomainName.of(name), b -> b.keepSubaddressTag(name.startsWith("xn")));
        }
        DomainName example = DomainName.of("example.com");
        directory.setRegexAliases(example, List.of(
            RegexAlias.of("^(sales|billing)-(.+)$", List.of("$1@team.example"), 10, "", Limits.DEFAULT),
            RegexAlias.of("^ops-[0-9]+$", List.of("ops@team.example"), 20, "", Limits.DEFAULT),
            RegexAlias.of("^(support|help)-(.+)$", List.of("$2@team.example"), 30, "", Limits.DEFAULT)));
        directory.setCatchAll(example, Optional.of(new CatchAll(List.of(Destination.of("inbox@dest.example")),
            List.of(new CatchAll.ExceptionRule(LocalPartPattern.of("noreply-*"), ExceptionAction.DROP)))));
        directory.setCatchAll(DomainName.of("xn--bcher-kva.example"),
            Optional.of(new CatchAll(List.of(Destination.of("all@b\u00fccher.example")), List.of())));
        directory.updateDomain(DomainName.of("off.example"), b -> b.enabled(false));
    }

    /** Creates, replaces (in batches too), disables, expires and deletes aliases at random. */
    private void changeAliases() {
        for (String domainName : DOMAINS) {
            DomainName domain = DomainName.of(domainName);
            List<Alias> batch = new ArrayList<>();
            for (String localPart : LOCAL_PARTS) {
                AliasAddress address = AliasAddress.of(domain, LocalPart.of(localPart));
                int choice = random.nextInt(6);
                if (choice == 0) {
                    directory.deleteAlias(address);
                } else if (choice == 1) {
                    batch.add(Alias.builder(address)
                        .destinations(List.of(Destination.of(localPart + "@Dest.Example"), Destination.of("\"q r\"@dest.example")))
                        .createdAt(NOW).updatedAt(NOW).build());
                } else if (choice == 2 || choice == 3) {
                    directory.alias(address).ifPresentOrElse(
                        existing -> directory.updateAlias(address, b -> b.enabled(random.nextBoolean())
                            .expiresAt(random.nextBoolean() ? Optional.empty() : Optional.of(clock.instant().plusSeconds(600)))),
                        () -> directory.createAlias(address, b -> b.destinations(List.of(Destination.of("x" + localPart + "@d.example")))));
                }
            }
            directory.saveAliases(domain, batch);
        }
    }

    private List<String> recipients() {
        List<String> recipients = new ArrayList<>();
        List<String> localParts = new ArrayList<>(LOCAL_PARTS);
        localParts.addAll(List.of("Info", "INFO+Tag", "info+", "info+a+b", "sales-Team", "Support-Jane+x", "a..b", "\u212aelvin",
            "nobody", "noreply-Weekly", "\"info\"", "o'Hara+t", "x".repeat(65)));
        for (String localPart : localParts) {
            for (String domain : List.of("example.com", "EXAMPLE.com", "xn--bcher-kva.example", "XN--BCHER-KVA.example",
                "b\u00fccher.example", "off.example", "other.example", "localhost", "[127.0.0.1]")) {
                recipients.add(localPart + "@" + domain);
            }
        }
        return recipients;
    }

    private static String describe(Resolution resolution) {
        return resolution.outcome() + " " + resolution.matched() + " " + resolution.action() + " "
            + resolution.destinations().stream().map(d -> d.asString() + "/" + d.address()).collect(Collectors.toList());
    }

    /** The resolution rules over what storage holds, as the resolver applied them before it had an index of its own. */
    private Resolution fromStorage(MailAddress recipient) {
        DomainName domainName;
        try {
            domainName = DomainName.of(recipient.getDomain().asString());
        } catch (IllegalArgumentException notADomainName) {
            return Resolution.refused(Resolution.Outcome.NOT_SMTPY_DOMAIN, Optional.empty());
        }
        Optional<Domain> found = domains.find(domainName);
        if (found.isEmpty()) {
            return Resolution.refused(Resolution.Outcome.NOT_SMTPY_DOMAIN, Optional.empty());
        }
        Domain domain = found.get();
        if (!domain.enabled()) {
            return Resolution.refused(Resolution.Outcome.DISABLED_DOMAIN, Optional.of(domainName.asString()));
        }
        String rawLocalPart = recipient.getLocalPart();
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
        Optional<Alias> alias = aliases.find(AliasAddress.of(domainName, localPart));
        if (alias.isPresent()) {
            String address = alias.get().address().asString();
            if (!alias.get().enabled()) {
                return Resolution.refused(Resolution.Outcome.DISABLED_ALIAS, Optional.of(address));
            }
            if (alias.get().isExpiredAt(clock.instant())) {
                return Resolution.refused(Resolution.Outcome.EXPIRED, Optional.of(address));
            }
            return Resolution.forward(Resolution.Outcome.EXACT, withTag(alias.get().destinations(), keptTag), address);
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
