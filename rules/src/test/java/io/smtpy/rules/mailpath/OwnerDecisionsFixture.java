package io.smtpy.rules.mailpath;

import java.time.Clock;
import java.util.List;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.rules.MemoryRuleRepository;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleLimits;
import io.smtpy.rules.lists.ListLimits;
import io.smtpy.rules.lists.MemoryListRepository;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.scan.ScanPolicy;

/**
 * The owners' decisions over memory storage, for the adapters' tests: one domain whose aliases forward to
 * {@code <alias>@dest.example}, no rules, no list entries, no links. Published in the test-jar.
 */
public final class OwnerDecisionsFixture {
    public final AliasDirectory directory;
    public final AliasResolver resolver;
    public final SenderRewriting srs;
    public final AliasExpansion expansion;
    public final RuleBook rules;
    public final SenderLists lists;
    public final OwnerDecisions owners;

    public OwnerDecisionsFixture(Clock clock, DomainName domain, String... aliases) {
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        directory.createDomain(domain, b -> b);
        for (String alias : aliases) {
            directory.createAlias(AliasAddress.of(domain, LocalPart.of(alias)),
                b -> b.destinations(List.of(Destination.of(alias + "@dest.example"))));
        }
        resolver = new AliasResolver(directory);
        srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
        expansion = new AliasExpansion(resolver, srs);
        rules = new RuleBook(new MemoryRuleRepository(), clock, RuleLimits.DEFAULT);
        lists = new SenderLists(new MemoryListRepository(), clock, ListLimits.defaults());
        owners = new OwnerDecisions(rules, lists, directory, resolver, expansion,
            new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver), DomainAccounts.NONE, BlockLinkIssuer.NONE,
            ScanPolicy.DEFAULT, clock);
    }
}
