package io.smtpy.core.mailpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.model.RegexAlias;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.core.cluster.StoreHealth;

/** The RCPT decision over the real directory, resolver and SRS, with memory storage. */
class RecipientPolicyTest {
    private static final DomainName DOMAIN = DomainName.of("d1.example");

    private MovableClock clock;
    private AliasDirectory directory;
    private SenderRewriting srs;
    private RecipientPolicy policy;

    @BeforeEach
    void setUp() {
        clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        AliasResolver resolver = new AliasResolver(directory);
        srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
        policy = new RecipientPolicy(resolver, new AliasExpansion(resolver, srs),
            new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver));
        directory.createDomain(DOMAIN, b -> b);
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("info")),
            b -> b.destinations(List.of(Destination.of("owner@ext.example"))));
    }

    private RcptDecision decide(String recipient) throws Exception {
        return policy.decide(new MailAddress(recipient));
    }

    @Test
    void anAliasShouldBeAcceptedAsThatAlias() throws Exception {
        assertThat(decide("info@d1.example")).isEqualTo(RcptDecision.accept(MatchedBy.ALIAS, "info@d1.example"));
    }

    @Test
    void aRegexAliasShouldBeAcceptedWithItsPattern() throws Exception {
        directory.setRegexAliases(DOMAIN, List.of(RegexAlias.of("^ops-[0-9]+$", List.of("ops@team.example"), 10, "", Limits.DEFAULT)));

        assertThat(decide("ops-12@d1.example")).isEqualTo(RcptDecision.accept(MatchedBy.REGEX_ALIAS, "^ops-[0-9]+$"));
    }

    @Test
    void theCatchAllShouldAcceptUnknownAddresses() throws Exception {
        catchAll();

        assertThat(decide("anything@d1.example")).isEqualTo(RcptDecision.accept(MatchedBy.CATCH_ALL, "catch-all"));
    }

    @Test
    void aDropExceptionShouldBeAcceptedForThePipelineToDiscard() throws Exception {
        catchAll();

        assertThat(decide("spam-1@d1.example")).isEqualTo(RcptDecision.accept(MatchedBy.CATCH_ALL_DROP, "spam-*"));
    }

    @Test
    void aDeferExceptionShouldBeA421ThatClosesTheConnection() throws Exception {
        catchAll();

        RcptDecision decision = decide("later-1@d1.example");

        assertThat(decision.status()).contains(
            SmtpStatus.of(421, "4.7.0", "mail for this address is not accepted now, try again later"));
        assertThat(decision.disconnect()).isTrue();
    }

    @Test
    void aRejectExceptionShouldBeA550() throws Exception {
        catchAll();

        assertThat(decide("reject-1@d1.example")).isEqualTo(RcptDecision.refuse(SmtpStatus.of(550, "5.1.1", "no such recipient here")));
    }

    @Test
    void unknownDisabledAndExpiredAddressesShouldBeRefusedAlike() throws Exception {
        RcptDecision unknown = RcptDecision.refuse(SmtpStatus.of(550, "5.1.1", "no such recipient here"));
        assertThat(decide("nobody@d1.example")).isEqualTo(unknown);

        directory.updateAlias(AliasAddress.of(DOMAIN, LocalPart.of("info")), b -> b.expiresAt(Optional.of(clock.instant().minusSeconds(1))));
        assertThat(decide("info@d1.example")).isEqualTo(unknown);

        directory.updateDomain(DOMAIN, b -> b.enabled(false));
        assertThat(decide("info@d1.example")).isEqualTo(unknown);
    }

    @Test
    void anotherDomainShouldBeLeftToJames() throws Exception {
        assertThat(decide("someone@foreign.example")).isEqualTo(RcptDecision.notOurs());
    }

    @Test
    void theDmarcReportAddressShouldBeAcceptedEvenWhereTheCatchAllRejects() throws Exception {
        directory.setCatchAll(DOMAIN, Optional.of(new CatchAll(List.of(Destination.of("all@ext.example")),
            List.of(new CatchAll.ExceptionRule(LocalPartPattern.of("dmarc-*"), ExceptionAction.REJECT)))));

        assertThat(decide("dmarc-reports@d1.example")).isEqualTo(RcptDecision.accept(MatchedBy.DMARC_REPORT_ADDRESS, "d1.example"));
    }

    @Test
    void everyRecipientOfAnSmtpyDomainShouldBeDeferredWhileTheSharedStoreIsUnavailable() throws Exception {
        AliasResolver resolver = new AliasResolver(directory);
        StoreHealth health = new StoreHealth();
        RecipientPolicy clustered = new RecipientPolicy(resolver, new AliasExpansion(resolver, srs),
            new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver), ComplaintsAddress.NONE, health);
        health.markUnavailable("Cassandra unreachable");

        RcptDecision deferred = clustered.decide(new MailAddress("info@d1.example"));
        assertThat(deferred.verdict()).isEqualTo(RcptDecision.Verdict.REFUSE);
        assertThat(deferred.status().orElseThrow().code()).isEqualTo(451);
        assertThat(deferred.status().orElseThrow().enhanced()).contains("4.3.0");
        assertThat(clustered.decide(new MailAddress("nobody@d1.example")).status().orElseThrow().code()).isEqualTo(451);
        assertThat(clustered.decide(new MailAddress("someone@elsewhere.example"))).isEqualTo(RcptDecision.notOurs());

        assertThat(health.markAvailable()).isTrue();
        assertThat(clustered.decide(new MailAddress("info@d1.example")).verdict()).isEqualTo(RcptDecision.Verdict.ACCEPT);
    }

    @Test
    void theOperatorsComplaintsAddressShouldBeAcceptedOnAnSmtpyDomainWhateverAliasesSay() throws Exception {
        AliasResolver resolver = new AliasResolver(directory);
        RecipientPolicy withComplaints = new RecipientPolicy(resolver, new AliasExpansion(resolver, srs),
            new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver),
            ComplaintsAddress.of(new MailAddress("fbl@d1.example")));

        assertThat(withComplaints.decide(new MailAddress("FBL@d1.example")))
            .isEqualTo(RcptDecision.accept(MatchedBy.COMPLAINTS_ADDRESS, "FBL@d1.example"));
        assertThat(withComplaints.decide(new MailAddress("other@d1.example")).verdict()).isEqualTo(RcptDecision.Verdict.REFUSE);
        assertThat(decide("fbl@d1.example").verdict()).isEqualTo(RcptDecision.Verdict.REFUSE);
    }

    @Test
    void aValidSrsAddressShouldBeAcceptedForTheOriginalSender() throws Exception {
        MailAddress returnAddress = srs.forward(new MailAddress("jane@sender.example"), DOMAIN);

        assertThat(policy.decide(returnAddress)).isEqualTo(RcptDecision.accept(MatchedBy.SRS_RETURN_ADDRESS, "jane@sender.example"));
    }

    @Test
    void aForgedSrsAddressShouldBeRefusedSayingWhy() throws Exception {
        MailAddress genuine = srs.forward(new MailAddress("jane@sender.example"), DOMAIN);
        MailAddress forged = new MailAddress(genuine.getLocalPart().replace("jane", "joan") + "@d1.example");

        assertThat(policy.decide(forged)).isEqualTo(RcptDecision.refuse(
            SmtpStatus.of(550, "5.1.1", "invalid or expired return address (forged)")));
    }

    @Test
    void smtpyRecipientsShouldBeThoseOfSmtpyDomainsWhateverTheyResolveTo() throws Exception {
        assertThat(policy.isSmtpyRecipient(new MailAddress("nobody@d1.example"))).isTrue();
        assertThat(policy.isSmtpyRecipient(new MailAddress("someone@foreign.example"))).isFalse();
    }

    private void catchAll() {
        directory.setCatchAll(DOMAIN, Optional.of(new CatchAll(List.of(Destination.of("all@ext.example")), List.of(
            new CatchAll.ExceptionRule(LocalPartPattern.of("spam-*"), ExceptionAction.DROP),
            new CatchAll.ExceptionRule(LocalPartPattern.of("later-*"), ExceptionAction.DEFER),
            new CatchAll.ExceptionRule(LocalPartPattern.of("reject-*"), ExceptionAction.REJECT)))));
    }
}
