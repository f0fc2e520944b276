package io.smtpy.rules.mailpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.mailpath.RecipientDirective;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.ScanAction;
import io.smtpy.core.model.SpamSettings;
import io.smtpy.core.model.VirusSettings;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.Condition;
import io.smtpy.rules.MemoryRuleRepository;
import io.smtpy.rules.Rule;
import io.smtpy.rules.RuleAction;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleLimits;
import io.smtpy.rules.RuleScope;
import io.smtpy.rules.RuleSet;
import io.smtpy.rules.Verdicts;
import io.smtpy.rules.links.BlockLinks;
import io.smtpy.rules.lists.ListAction;
import io.smtpy.rules.lists.ListLimits;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.MemoryListRepository;
import io.smtpy.rules.lists.NewListEntry;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.scan.ScanPolicy;
import io.smtpy.scan.ScanVerdict;
import io.smtpy.scan.SpamVerdict;
import io.smtpy.scan.VirusVerdict;

class OwnerDecisionsTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final MaybeSender BOB = MaybeSender.getMailSender("bob@sender.example");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T12:00:00Z"));
    private AliasDirectory directory;
    private RuleBook rules;
    private SenderLists lists;
    private OwnerDecisions decisions;
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void setUp() {
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        directory.createDomain(DOMAIN, b -> b);
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("sales")), b -> b.destinations(List.of(Destination.of("jane@dest.example"))));
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("info")), b -> b.destinations(List.of(Destination.of("max@dest.example"))));
        AliasResolver resolver = new AliasResolver(directory);
        SenderRewriting srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
        rules = new RuleBook(new MemoryRuleRepository(), clock, RuleLimits.DEFAULT);
        lists = new SenderLists(new MemoryListRepository(), clock, ListLimits.defaults());
        decisions = new OwnerDecisions(rules, lists, directory, resolver, new AliasExpansion(resolver, srs),
            new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver), domain -> Optional.of("acc1"),
            new BlockLinkIssuer(new BlockLinks(new byte[32], clock), Optional.of("https://mx.example.net")), ScanPolicy.DEFAULT, clock);
    }

    private Map<MailAddress, RecipientDecision> afterData(String from, String subject, String... recipients) throws Exception {
        return scanned(ScanVerdict.NOT_SCANNED, from, subject, recipients);
    }

    private Map<MailAddress, RecipientDecision> scanned(ScanVerdict scan, String from, String subject, String... recipients)
        throws Exception {
        String raw = "From: <" + from + ">\r\nSubject: " + subject + "\r\n\r\nbody\r\n";
        List<MailAddress> addresses = new java.util.ArrayList<>();
        for (String recipient : recipients) {
            addresses.add(new MailAddress(recipient));
        }
        return decisions.afterData(BOB, addresses, Optional.of(InetAddress.getByName("192.0.2.7")),
            () -> {
                reads.incrementAndGet();
                return raw.getBytes(StandardCharsets.UTF_8);
            }, Verdicts.none(), scan, true);
    }

    private void aliasRule(String alias, RuleAction... actions) {
        rules.put(RuleScope.alias(DOMAIN, LocalPart.of(alias)), RuleSet.of(Rule.of("r",
            Condition.all(List.of(Condition.of("subject", Condition.Operator.CONTAINS, "invoice"))), actions)));
    }

    @Test
    void aBlockEntryMatchingTheEnvelopeShouldRefuseAtRcptAndNameTheEntry() throws Exception {
        lists.add(ListScope.alias(DOMAIN, LocalPart.of("sales")), NewListEntry.block("sender.example"));

        Optional<RecipientDecision> refusal = decisions.atRcpt(BOB, Optional.empty(), new MailAddress("sales@example.com"));

        assertThat(refusal).hasValueSatisfying(decision -> {
            assertThat(decision.refusal()).contains(OwnerDecisions.BLOCKED);
            assertThat(decision.refusedBy()).contains("sender.example");
        });
        assertThat(decisions.atRcpt(BOB, Optional.empty(), new MailAddress("info@example.com"))).isEmpty();
    }

    @Test
    void aBlockEntryOnTheHeaderFromShouldOnlyDecideAfterData() throws Exception {
        lists.add(ListScope.domain(DOMAIN), NewListEntry.block("ceo@fraud.example"));

        assertThat(decisions.atRcpt(BOB, Optional.empty(), new MailAddress("sales@example.com"))).isEmpty();
        assertThat(afterData("ceo@fraud.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com")).refusal())
            .contains(OwnerDecisions.BLOCKED);
    }

    @Test
    void aBlockEntryThatQuarantinesShouldWithholdTheRecipient() throws Exception {
        lists.add(ListScope.account("acc1"), NewListEntry.block("192.0.2.0/24").action(ListAction.QUARANTINE));

        RecipientDecision decision = afterData("a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com"));

        assertThat(decision.directive().disposition()).isEqualTo(RecipientDirective.Disposition.QUARANTINE);
        assertThat(decision.directive().decidedBy().orElseThrow()).contains("192.0.2.0/24");
    }

    @Test
    void rulesShouldDecideForTheirAliasOnly() throws Exception {
        aliasRule("sales", RuleAction.drop());

        Map<MailAddress, RecipientDecision> decided = afterData("a@b.example", "your invoice", "sales@example.com", "info@example.com");

        assertThat(decided.get(new MailAddress("sales@example.com")).directive().disposition()).isEqualTo(RecipientDirective.Disposition.DROP);
        assertThat(decided.get(new MailAddress("sales@example.com")).directive().decidedBy()).contains("rule 'r' of sales@example.com");
        assertThat(decided.get(new MailAddress("info@example.com")).directive().disposition()).isEqualTo(RecipientDirective.Disposition.DELIVER);
    }

    @Test
    void aRejectRuleShouldBeARefusalWithTheOwnersText() throws Exception {
        aliasRule("sales", RuleAction.reject("no invoices please"));

        RecipientDecision decision = afterData("a@b.example", "invoice", "sales@example.com").get(new MailAddress("sales@example.com"));

        assertThat(decision.refusal()).hasValueSatisfying(status -> {
            assertThat(status.code()).isEqualTo(550);
            assertThat(status.text()).isEqualTo("no invoices please");
        });
        assertThat(decision.refusedBy()).isEqualTo("rule 'r' of sales@example.com");
    }

    @Test
    void anAllowedSenderShouldGetThroughWithholdingRulesButStillBeRouted() throws Exception {
        aliasRule("sales", RuleAction.quarantine(), RuleAction.alsoForward(List.of(new MailAddress("boss@dest.example"))));
        lists.add(ListScope.alias(DOMAIN, LocalPart.of("sales")), NewListEntry.allow("bob@sender.example"));

        RecipientDirective directive = afterData("a@b.example", "invoice", "sales@example.com")
            .get(new MailAddress("sales@example.com")).directive();

        assertThat(directive.disposition()).isEqualTo(RecipientDirective.Disposition.DELIVER);
        assertThat(directive.addedDestinations()).containsExactly(new MailAddress("boss@dest.example"));
    }

    private static ScanVerdict spam(double score) {
        return new ScanVerdict(SpamVerdict.scanned(score, 5.0, List.of("GTUBE", "MISSING_DATE")), VirusVerdict.CLEAN);
    }

    @Test
    void spamOverTheDomainsThresholdShouldGetItsActionAndSayWhy() throws Exception {
        directory.updateDomain(DOMAIN, b -> b.spam(new SpamSettings(true, 5, 10, ScanAction.REJECT)));

        RecipientDecision decision = scanned(spam(1000), "a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com"));

        assertThat(decision.refusal()).hasValueSatisfying(status -> assertThat(status.code() + " " + status.reply()).isEqualTo("550 5.7.1 message refused as spam"));
        assertThat(decision.refusedBy()).isEqualTo("spam score 1000.0 >= 10.0 (GTUBE,MISSING_DATE)");
    }

    @Test
    void spamBetweenTheThresholdsShouldOnlyBeTaggedAndCleanMailCarryItsScore() throws Exception {
        directory.updateDomain(DOMAIN, b -> b.spam(new SpamSettings(true, 5, 10, ScanAction.QUARANTINE)).blockLinks(false));

        RecipientDirective tagged = scanned(spam(7.2), "a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com")).directive();
        RecipientDirective clean = scanned(spam(0.4), "a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com")).directive();

        assertThat(tagged.disposition()).isEqualTo(RecipientDirective.Disposition.DELIVER);
        assertThat(tagged.addedFields()).contains(new HeaderField("X-Spam-Score", "7.2"), new HeaderField("X-Spam-Flag", "YES"),
            new HeaderField("X-Spam-Status", "Yes, score=7.2 tag=5.0 tests=GTUBE,MISSING_DATE"));
        assertThat(clean.addedFields()).contains(new HeaderField("X-Spam-Score", "0.4"), new HeaderField("X-Virus-Scanned", "clean (ClamAV via smtpy)"))
            .extracting(HeaderField::name).doesNotContain("X-Spam-Flag");
    }

    @Test
    void eachDomainShouldApplyItsOwnThresholdToTheSameScore() throws Exception {
        DomainName other = DomainName.of("other.example");
        directory.createDomain(other, b -> b.spam(new SpamSettings(true, 2, 4, ScanAction.DROP)));
        directory.createAlias(AliasAddress.of(other, LocalPart.of("ops")), b -> b.destinations(List.of(Destination.of("o@dest.example"))));

        Map<MailAddress, RecipientDecision> decided = scanned(spam(6), "a@b.example", "hi", "sales@example.com", "ops@other.example");

        assertThat(decided.get(new MailAddress("sales@example.com")).directive().disposition()).isEqualTo(RecipientDirective.Disposition.DELIVER);
        assertThat(decided.get(new MailAddress("ops@other.example")).directive().disposition()).isEqualTo(RecipientDirective.Disposition.DROP);
    }

    @Test
    void anAllowedSenderShouldSkipSpamButNotVirusActions() throws Exception {
        lists.add(ListScope.alias(DOMAIN, LocalPart.of("sales")), NewListEntry.allow("bob@sender.example"));
        ScanVerdict infected = new ScanVerdict(SpamVerdict.scanned(1000, 5, List.of("GTUBE")), VirusVerdict.infected("Eicar-Test-Signature.UNOFFICIAL"));

        RecipientDecision spammy = scanned(spam(1000), "a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com"));
        RecipientDecision virus = scanned(infected, "a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com"));

        assertThat(spammy.refusal()).isEmpty();
        assertThat(spammy.directive().disposition()).isEqualTo(RecipientDirective.Disposition.DELIVER);
        assertThat(spammy.directive().addedFields()).extracting(HeaderField::name).doesNotContain("X-Spam-Score");
        assertThat(virus.refusal()).hasValueSatisfying(status -> assertThat(status.text()).isEqualTo("message refused: it contains a virus"));
        assertThat(virus.refusedBy()).isEqualTo("virus Eicar-Test-Signature.UNOFFICIAL");
        assertThat(decisions.scanNeeds(BOB, List.of(new MailAddress("sales@example.com")), Optional.empty(), () -> new byte[0]))
            .satisfies(needs -> {
                assertThat(needs.spam()).isFalse();
                assertThat(needs.virus()).isTrue();
            });
        assertThat(decisions.scanNeeds(BOB, List.of(new MailAddress("info@example.com")), Optional.empty(), () -> new byte[0]).spam()).isTrue();
    }

    @Test
    void aVirusShouldBeQuarantinedWhenTheDomainSaysSo() throws Exception {
        directory.updateDomain(DOMAIN, b -> b.virus(new VirusSettings(true, ScanAction.QUARANTINE)));
        ScanVerdict infected = new ScanVerdict(SpamVerdict.NOT_ASKED, VirusVerdict.infected("Eicar-Test-Signature.UNOFFICIAL"));

        RecipientDirective directive = scanned(infected, "a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com")).directive();

        assertThat(directive.disposition()).isEqualTo(RecipientDirective.Disposition.QUARANTINE);
        assertThat(directive.decidedBy()).contains("virus Eicar-Test-Signature.UNOFFICIAL");
    }

    @Test
    void rulesShouldReadTheSpamScoreAndTheVirus() throws Exception {
        directory.updateDomain(DOMAIN, b -> b.spam(new SpamSettings(true, 5, 10, ScanAction.TAG)));
        rules.put(RuleScope.alias(DOMAIN, LocalPart.of("sales")), RuleSet.of(Rule.of("scored",
            Condition.all(List.of(Condition.of("spamScore", Condition.Operator.GTE, "3.5"))), RuleAction.prefixSubject("[maybe spam]"))));

        RecipientDirective high = scanned(spam(3.5), "a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com")).directive();
        RecipientDirective low = scanned(spam(3.4), "a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com")).directive();
        RecipientDirective unscored = afterData("a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com")).directive();

        assertThat(high.subjectPrefixes()).containsExactly("[maybe spam]");
        assertThat(low.subjectPrefixes()).isEmpty();
        assertThat(unscored.subjectPrefixes()).isEmpty();
    }

    @Test
    void anUnavailableScannerThatPassesShouldMarkTheCopies() throws Exception {
        ScanVerdict unavailable = new ScanVerdict(SpamVerdict.unavailable("spamd unavailable: connection refused"), VirusVerdict.CLEAN);

        RecipientDirective directive = scanned(unavailable, "a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com")).directive();

        assertThat(directive.addedFields()).contains(new HeaderField("X-Smtpy-Unscanned", "spam (spamd unavailable: connection refused)"));
    }

    @Test
    void aForwardedAliasShouldCarryItsOneClickBlockLink() throws Exception {
        RecipientDirective directive = afterData("a@b.example", "hi", "sales@example.com").get(new MailAddress("sales@example.com")).directive();

        assertThat(directive.addedFields()).extracting(HeaderField::name).contains("List-Unsubscribe", "List-Unsubscribe-Post");
        assertThat(directive.addedFields()).filteredOn(field -> field.name().equals("List-Unsubscribe")).singleElement()
            .satisfies(field -> assertThat(field.value()).startsWith("<https://mx.example.net/smtpy/links/"));
    }

    @Test
    void aDomainThatTurnedLinksOffAndAMailWithoutRulesShouldBeLeftAlone() throws Exception {
        directory.updateDomain(DOMAIN, b -> b.blockLinks(false));

        assertThat(afterData("a@b.example", "hi", "sales@example.com", "someone@elsewhere.example")).isEmpty();
        assertThat(reads).hasValue(0);
    }

    @Test
    void decisionsShouldRoundTripThroughTheMailAttribute() throws Exception {
        aliasRule("sales", RuleAction.prefixSubject("[inv]"), RuleAction.forward(List.of(new MailAddress("acc@dest.example"))),
            RuleAction.post("https://hooks.example/x", RuleAction.PostFormat.JSON));
        aliasRule("info", RuleAction.quarantine());
        Map<MailAddress, RecipientDecision> decided = afterData("a@b.example", "invoice", "sales@example.com", "info@example.com");

        Map<MailAddress, RecipientDecision> read = DecisionsJson.read(DecisionsJson.write(decided));

        assertThat(read.keySet()).containsExactlyElementsOf(decided.keySet());
        for (MailAddress recipient : decided.keySet()) {
            RecipientDirective expected = decided.get(recipient).directive();
            RecipientDirective actual = read.get(recipient).directive();
            assertThat(actual.disposition()).isEqualTo(expected.disposition());
            assertThat(actual.decidedBy()).isEqualTo(expected.decidedBy());
            assertThat(actual.replacedDestinations()).isEqualTo(expected.replacedDestinations());
            assertThat(actual.addedFields()).isEqualTo(expected.addedFields());
            assertThat(actual.subjectPrefixes()).isEqualTo(expected.subjectPrefixes());
            assertThat(read.get(recipient).posts()).isEqualTo(decided.get(recipient).posts());
        }
    }

    @Test
    void anUnreadableAttributeShouldBeRefusedClearly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DecisionsJson.read("{not json"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a decisions attribute");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DecisionsJson.read("[{\"recipient\": \"x\"}]"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void returnedMailShouldCarryNoBlockLink() throws Exception {
        Map<MailAddress, RecipientDecision> decided = decisions.afterData(MaybeSender.nullSender(),
            List.of(new MailAddress("sales@example.com")), Optional.empty(),
            () -> "Subject: bounce\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), Verdicts.none(), ScanVerdict.NOT_SCANNED, true);

        assertThat(decided).isEmpty();
    }
}
