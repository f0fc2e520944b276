package io.smtpy.core.mailpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.mailpath.MessageDecision.Action;
import io.smtpy.core.mailpath.MessageDecision.RecipientOutcome;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.ForwardedSignatures;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

/** The decision after DATA over the real directory, expansion and SRS, with memory storage. */
class MessagePolicyTest {
    private static final DomainName D1 = DomainName.of("d1.example");
    private static final DomainName D2 = DomainName.of("d2.example");
    private static final MaybeSender BOB = MaybeSender.getMailSender("bob@sender.example");
    private static final String VERDICTS = "spf=pass smtp.mailfrom=sender.example; dkim=pass header.d=sender.example";

    private AliasDirectory directory;
    private SenderRewriting srs;
    private MessagePolicy policy;

    @BeforeEach
    void setUp() {
        MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
        policy = new MessagePolicy(new AliasExpansion(new AliasResolver(directory), srs), srs, directory, "mx.smtpy.test");
        directory.createDomain(D1, b -> b);
        directory.createDomain(D2, b -> b);
        alias(D1, "sales", "jane@dest.example", "ops@dest.example");
        alias(D2, "info", "jane@dest.example", "max@dest.example");
    }

    private void alias(DomainName domain, String localPart, String... destinations) {
        directory.createAlias(AliasAddress.of(domain, LocalPart.of(localPart)),
            b -> b.destinations(List.of(destinations).stream().map(Destination::of).collect(Collectors.toList())));
    }

    private static MailAddress address(String raw) throws Exception {
        return new MailAddress(raw);
    }

    private MessageDecision decide(MaybeSender sender, Optional<String> verdicts, String... recipients) throws Exception {
        return decide(MessageFacts.of(sender, addresses(recipients), 0, 1, verdicts));
    }

    private MessageDecision decide(MessageFacts facts) {
        return policy.decide(facts, LoopLimits.DEFAULT);
    }

    private static List<MailAddress> addresses(String... raw) throws Exception {
        List<MailAddress> addresses = new java.util.ArrayList<>();
        for (String address : raw) {
            addresses.add(address(address));
        }
        return addresses;
    }

    @Test
    void anAliasShouldMakeOneCopyWithAnSrsSenderOfItsDomainAndTheTraceField() throws Exception {
        MessageDecision decision = decide(BOB, Optional.empty(), "sales@d1.example");

        assertThat(decision.copies()).singleElement().satisfies(copy -> {
            assertThat(copy.forwardingDomain()).isEqualTo(D1);
            assertThat(copy.aliases()).containsExactly(address("sales@d1.example"));
            assertThat(copy.destinations()).containsExactly(address("jane@dest.example"), address("ops@dest.example"));
            assertThat(copy.envelopeSender().get().getLocalPart()).startsWith("SRS0=");
            assertThat(copy.envelopeSender().get().getDomain().asString()).isEqualTo("d1.example");
            assertThat(srs.reverse(copy.envelopeSender().get()).address()).contains(address("bob@sender.example"));
            assertThat(copy.fieldsInFront()).containsExactly(new HeaderField("X-Smtpy-Forwarded", "d1.example for sales@d1.example"));
            assertThat(copy.returnedMail()).isFalse();
        });
        assertThat(decision.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.action()).isEqualTo(Action.FORWARD);
            assertThat(outcome.matchedBy()).contains(MatchedBy.ALIAS);
            assertThat(outcome.reason()).isEqualTo("alias sales@d1.example");
            assertThat(outcome.destinations()).containsExactly(Destination.of("jane@dest.example"), Destination.of("ops@dest.example"));
        });
        assertThat(decision.bounceReason()).isEmpty();
    }

    @Test
    void eachForwardingDomainShouldGetItsCopyAndEachMailboxOneCopyOnly() throws Exception {
        MessageDecision decision = decide(BOB, Optional.empty(), "sales@d1.example", "info@d2.example");

        assertThat(decision.copies()).extracting(CopyPlan::forwardingDomain).containsExactly(D1, D2);
        assertThat(decision.copies().get(1).destinations()).containsExactly(address("max@dest.example"));
        assertThat(decision.outcomes()).extracting(RecipientOutcome::action).containsExactly(Action.FORWARD, Action.FORWARD);
    }

    @Test
    void aCheckedMailShouldCarrySmtpysAuthenticationResultsAfterTheTraceField() throws Exception {
        CopyPlan copy = decide(BOB, Optional.of(VERDICTS), "sales@d1.example").copies().get(0);

        assertThat(copy.fieldsInFront()).containsExactly(
            new HeaderField("X-Smtpy-Forwarded", "d1.example for sales@d1.example"),
            new HeaderField("Authentication-Results", "mx.smtpy.test; " + VERDICTS));
        assertThat(copy.arcSeal()).isTrue();
        assertThat(copy.dkimSign()).isTrue();
    }

    @Test
    void anUncheckedMailShouldHaveNoAuthenticationResultsAndNoArcSet() throws Exception {
        CopyPlan copy = decide(BOB, Optional.empty(), "sales@d1.example").copies().get(0);

        assertThat(copy.fieldsInFront()).extracting(HeaderField::name).containsExactly("X-Smtpy-Forwarded");
        assertThat(copy.arcSeal()).isFalse();
        assertThat(copy.dkimSign()).isTrue();
    }

    @Test
    void signaturesShouldFollowTheForwardingDomainsChoice() throws Exception {
        directory.updateDomain(D1, b -> b.forwardedSignatures(ForwardedSignatures.ARC));
        directory.updateDomain(D2, b -> b.forwardedSignatures(ForwardedSignatures.NONE));

        List<CopyPlan> copies = decide(BOB, Optional.of(VERDICTS), "sales@d1.example", "info@d2.example").copies();

        assertThat(copies.get(0).arcSeal()).isTrue();
        assertThat(copies.get(0).dkimSign()).isFalse();
        assertThat(copies.get(1).arcSeal()).isFalse();
        assertThat(copies.get(1).dkimSign()).isFalse();
    }

    @Test
    void theNullSenderShouldStayNull() throws Exception {
        CopyPlan copy = decide(MaybeSender.nullSender(), Optional.empty(), "sales@d1.example").copies().get(0);

        assertThat(copy.envelopeSender().isNullSender()).isTrue();
    }

    @Test
    void mailToAnSrsAddressShouldGoBackToTheOriginalSenderKeepingItsSender() throws Exception {
        MailAddress returnAddress = srs.forward(address("jane@origin.example"), D1);
        MaybeSender remote = MaybeSender.getMailSender("postmaster@dest.example");

        MessageDecision decision = decide(MessageFacts.of(remote, List.of(returnAddress), 0, 1, Optional.empty()));

        assertThat(decision.copies()).singleElement().satisfies(copy -> {
            assertThat(copy.returnedMail()).isTrue();
            assertThat(copy.envelopeSender()).isEqualTo(remote);
            assertThat(copy.destinations()).containsExactly(address("jane@origin.example"));
        });
        assertThat(decision.outcomes()).singleElement().satisfies(outcome -> {
            assertThat(outcome.matchedBy()).contains(MatchedBy.SRS_RETURN_ADDRESS);
            assertThat(outcome.reason()).isEqualTo("srs-return-address jane@origin.example");
        });
    }

    @Test
    void aCatchAllForwardShouldSaySoAndADropExceptionShouldDropWithItsPattern() throws Exception {
        directory.setCatchAll(D1, Optional.of(new CatchAll(List.of(Destination.of("all@dest.example")),
            List.of(new CatchAll.ExceptionRule(LocalPartPattern.of("spam-*"), ExceptionAction.DROP)))));

        MessageDecision decision = decide(BOB, Optional.empty(), "anyone@d1.example", "spam-1@d1.example");

        assertThat(decision.outcomes()).satisfiesExactly(
            forward -> assertThat(forward.matchedBy()).contains(MatchedBy.CATCH_ALL),
            drop -> {
                assertThat(drop.action()).isEqualTo(Action.DROP);
                assertThat(drop.recipient()).isEqualTo(address("spam-1@d1.example"));
                assertThat(drop.reason()).isEqualTo("catch-all exception 'spam-*' drops it");
            });
        assertThat(decision.copies()).singleElement()
            .satisfies(copy -> assertThat(copy.aliases()).containsExactly(address("anyone@d1.example")));
        assertThat(decision.bounceReason()).isEmpty();
    }

    @Test
    void aRecipientGoneSinceRcptShouldBounceWithA550AndTheOthersStillBeForwarded() throws Exception {
        MessageDecision decision = decide(BOB, Optional.empty(), "sales@d1.example", "gone@d1.example");

        assertThat(decision.copies()).hasSize(1);
        RecipientOutcome bounce = decision.outcomes().get(1);
        assertThat(bounce.action()).isEqualTo(Action.BOUNCE);
        assertThat(bounce.status()).contains(SmtpStatus.of(550, "5.1.1", "gone@d1.example does not accept mail (unknown)"));
        assertThat(bounce.reason()).isEqualTo("5.1.1 gone@d1.example does not accept mail (unknown)");
        assertThat(decision.bounceReason()).contains("gone@d1.example: 5.1.1 gone@d1.example does not accept mail (unknown)");
    }

    @Test
    void anAliasLoopShouldBeALoopWithTheChain() throws Exception {
        alias(D1, "a", "b@d2.example");
        alias(D2, "b", "a@d1.example");

        MessageDecision decision = decide(BOB, Optional.empty(), "a@d1.example");

        assertThat(decision.copies()).isEmpty();
        assertThat(decision.outcomes()).singleElement().satisfies(loop -> {
            assertThat(loop.action()).isEqualTo(Action.LOOP);
            assertThat(loop.status()).hasValueSatisfying(status -> {
                assertThat(status.code()).isEqualTo(550);
                assertThat(status.enhanced()).contains("5.4.6");
                assertThat(status.text()).isEqualTo("alias loop: a@d1.example -> b@d2.example -> a@d1.example");
            });
        });
    }

    @Test
    void mailForwardedMaxForwardsTimesShouldBeALoopForEveryRecipientAndNotBeCopied() throws Exception {
        MessageDecision decision = decide(MessageFacts.of(BOB, addresses("sales@d1.example", "info@d2.example"), 5, 3,
            Optional.empty()));

        SmtpStatus loop = SmtpStatus.of(554, "5.4.6", "mail loop: already forwarded 5 times by smtpy, 3 Received lines");
        assertThat(decision.copies()).isEmpty();
        assertThat(decision.outcomes()).extracting(RecipientOutcome::action).containsExactly(Action.LOOP, Action.LOOP);
        assertThat(decision.outcomes()).allSatisfy(outcome -> assertThat(outcome.status()).contains(loop));
        assertThat(decision.bounceReason()).contains("5.4.6 mail loop: already forwarded 5 times by smtpy, 3 Received lines");
    }

    @Test
    void tooManyReceivedLinesShouldBeALoopUnderTheGivenLimits() throws Exception {
        MessageFacts facts = MessageFacts.of(BOB, addresses("sales@d1.example"), 0, 11, Optional.empty());

        assertThat(policy.decide(facts, LoopLimits.of(5, 10)).outcomes()).extracting(RecipientOutcome::action).containsExactly(Action.LOOP);
        assertThat(policy.decide(facts, LoopLimits.DEFAULT).copies()).hasSize(1);
    }

    @Test
    void droppedAndQuarantinedRecipientsShouldNameTheirRuleAndGetNoCopy() throws Exception {
        alias(D1, "support", "help@dest.example");
        MessageFacts facts = MessageFacts.of(BOB, addresses("sales@d1.example", "info@d2.example", "support@d1.example"), 0, 1,
            Optional.empty()).withDirectives(java.util.Map.of(
                address("sales@d1.example"), RecipientDirective.withhold(RecipientDirective.Disposition.DROP, "rule 'spam' of d1.example"),
                address("info@d2.example"), RecipientDirective.withhold(RecipientDirective.Disposition.QUARANTINE, "block list entry 7")));

        MessageDecision decision = decide(facts);

        assertThat(decision.outcomes()).extracting(RecipientOutcome::action).containsExactly(Action.DROP, Action.QUARANTINE, Action.FORWARD);
        assertThat(decision.outcomes().get(0).decidedBy()).contains("rule 'spam' of d1.example");
        assertThat(decision.outcomes().get(0).reason()).isEqualTo("rule 'spam' of d1.example drops it");
        assertThat(decision.outcomes().get(1).reason()).isEqualTo("block list entry 7 quarantines it");
        assertThat(decision.copies()).singleElement().satisfies(copy ->
            assertThat(copy.destinations()).containsExactly(address("help@dest.example")));
        assertThat(decision.bounceReason()).isEmpty();
    }

    @Test
    void forwardShouldReplaceTheAliasDestinationsAndAlsoForwardAddToThem() throws Exception {
        MessageFacts facts = MessageFacts.of(BOB, addresses("sales@d1.example", "info@d2.example"), 0, 1, Optional.empty())
            .withDirectives(java.util.Map.of(
                address("sales@d1.example"), RecipientDirective.deliver(Optional.of("rule 'invoices'"),
                    Optional.of(List.of(address("accounting@dest.example"))), List.of(), List.of(), List.of()),
                address("info@d2.example"), RecipientDirective.deliver(Optional.of("rule 'cc boss'"), Optional.empty(),
                    List.of(address("boss@dest.example")), List.of(), List.of())));

        MessageDecision decision = decide(facts);

        assertThat(decision.copies()).hasSize(2);
        assertThat(decision.copies().get(0).destinations()).containsExactly(address("accounting@dest.example"));
        assertThat(decision.copies().get(1).destinations())
            .containsExactly(address("jane@dest.example"), address("max@dest.example"), address("boss@dest.example"));
    }

    @Test
    void aRuleThatChangesTheCopyShouldGiveItsRecipientACopyOfItsOwn() throws Exception {
        alias(D1, "support", "jane@dest.example");
        MessageFacts facts = MessageFacts.of(BOB, addresses("sales@d1.example", "support@d1.example"), 0, 1, Optional.empty())
            .withDirectives(java.util.Map.of(address("support@d1.example"), RecipientDirective.deliver(Optional.of("rule 'tag'"),
                Optional.empty(), List.of(), List.of(new HeaderField("X-Team", "support")), List.of("[support]", "[urgent]"))));

        MessageDecision decision = decide(facts);

        assertThat(decision.copies()).hasSize(2);
        CopyPlan plain = decision.copies().get(0);
        CopyPlan tagged = decision.copies().get(1);
        assertThat(plain.subjectPrefix()).isEmpty();
        assertThat(plain.fieldsInFront()).extracting(HeaderField::name).doesNotContain("X-Team");
        assertThat(tagged.aliases()).containsExactly(address("support@d1.example"));
        assertThat(tagged.destinations()).containsExactly(address("jane@dest.example"));
        assertThat(tagged.fieldsInFront()).contains(new HeaderField("X-Team", "support"));
        assertThat(tagged.subjectPrefix()).contains("[support] [urgent]");
    }

    @Test
    void aRedirectionToAnAliasOfOursShouldBeExpandedAndCheckedForLoops() throws Exception {
        MessageFacts facts = MessageFacts.of(BOB, addresses("sales@d1.example"), 0, 1, Optional.empty())
            .withDirectives(java.util.Map.of(address("sales@d1.example"), RecipientDirective.deliver(Optional.of("rule 'r'"),
                Optional.of(List.of(address("info@d2.example"), address("sales@d1.example"))), List.of(), List.of(), List.of())));

        MessageDecision decision = decide(facts);

        assertThat(decision.copies()).singleElement().satisfies(copy -> assertThat(copy.destinations())
            .containsExactly(address("jane@dest.example"), address("max@dest.example")));
        assertThat(decision.outcomes()).extracting(RecipientOutcome::action).contains(Action.LOOP);
    }

    @Test
    void aDomainWithAnArchiveAddressShouldGetAnArchiveCopyOfEveryMailWithTheOriginalEnvelope() throws Exception {
        directory.updateDomain(D1, b -> b.archiveAddress(Optional.of(Destination.of("vault@archive.example"))));
        MessageFacts facts = MessageFacts.of(BOB, addresses("sales@d1.example", "info@d2.example"), 0, 1, Optional.empty())
            .withDirectives(java.util.Map.of(address("sales@d1.example"),
                RecipientDirective.withhold(RecipientDirective.Disposition.QUARANTINE, "rule 'q'")));

        MessageDecision decision = decide(facts);

        assertThat(decision.copies()).filteredOn(CopyPlan::archive).singleElement().satisfies(archive -> {
            assertThat(archive.destinations()).containsExactly(address("vault@archive.example"));
            assertThat(archive.aliases()).containsExactly(address("sales@d1.example"));
            assertThat(archive.envelopeSender().asString()).startsWith("SRS0=").endsWith("@d1.example");
            assertThat(archive.fieldsInFront()).contains(new HeaderField(MessagePolicy.ENVELOPE_FIELD,
                "from=<bob@sender.example>; to=sales@d1.example"));
        });
        assertThat(decision.copies()).filteredOn(copy -> !copy.archive()).singleElement()
            .satisfies(copy -> assertThat(copy.forwardingDomain()).isEqualTo(D2));
    }
}
