package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.mailpath.RecipientPolicy;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.model.RegexAlias;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.dns.FakeDnsLookup;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.protection.ConnectionGuard;
import io.smtpy.protection.ProtectionSettings;

/** The RCPT decision over the real directory, resolver and SRS, with memory storage. */
class SmtpyRcptHookTest {
    private static final DomainName DOMAIN = DomainName.of("d1.example");
    private static final MaybeSender SENDER = MaybeSender.getMailSender("jane@sender.example");
    private static final SMTPSession SESSION = FakeSmtpSession.unauthenticated("session-7");

    private MovableClock clock;
    private AliasDirectory directory;
    private SenderRewriting srs;
    private MemoryMailEventRepository events;
    private ConnectionGuard guard;
    private SmtpyRcptHook hook;

    @BeforeEach
    void setUp() {
        clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        AliasResolver resolver = new AliasResolver(directory);
        srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
        events = new MemoryMailEventRepository();
        guard = ConnectionGuard.of(ProtectionSettings.builder().slowAfter(1).refuseAfter(2).build(), new FakeDnsLookup(), clock);
        hook = new SmtpyRcptHook(new RecipientPolicy(resolver, new AliasExpansion(resolver, srs),
            new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver)), new RcptRefusals(new MailEvents(events), clock),
            guard);
        directory.createDomain(DOMAIN, b -> b);
        alias("info");
    }

    private void alias(String localPart) {
        directory.createAlias(address(localPart), b -> b.destinations(List.of(Destination.of("owner@ext.example"))));
    }

    private static AliasAddress address(String localPart) {
        return AliasAddress.of(DOMAIN, LocalPart.of(localPart));
    }

    private HookResult rcpt(String recipient) throws Exception {
        return hook.doRcpt(SESSION, SENDER, new MailAddress(recipient));
    }

    private HookResult rcpt(MailAddress recipient) {
        return hook.doRcpt(SESSION, SENDER, recipient);
    }

    private List<MailEvent> recordedEvents() {
        return events.list(MailEventQuery.of(DOMAIN));
    }

    private static void assertRefused(HookResult result, String code, String descriptionStart) {
        assertThat(result.getSmtpRetCode()).isEqualTo(code);
        assertThat(result.getSmtpDescription()).startsWith(descriptionStart);
        assertThat(result.getResult().getAction())
            .isEqualTo(code.startsWith("4") ? HookReturnCode.Action.DENYSOFT : HookReturnCode.Action.DENY);
    }

    @Test
    void knownAliasShouldBeAcceptedWithOkSoThatJamesRelayCheckIsNotReached() throws Exception {
        assertThat(rcpt("info@d1.example")).isEqualTo(HookResult.OK);
        assertThat(recordedEvents()).isEmpty();
    }

    @Test
    void aliasShouldBeMatchedWhateverTheCaseOfItsDomain() throws Exception {
        assertThat(rcpt("info@D1.Example")).isEqualTo(HookResult.OK);
    }

    @Test
    void regexAliasShouldBeAccepted() throws Exception {
        directory.setRegexAliases(DOMAIN, List.of(RegexAlias.of("^ops-[0-9]+$", List.of("ops@team.example"), 10, "", Limits.DEFAULT)));

        assertThat(rcpt("ops-12@d1.example")).isEqualTo(HookResult.OK);
        assertRefused(rcpt("ops-x@d1.example"), "550", "5.1.1 no such recipient here");
    }

    @Test
    void unknownAddressOnAnSmtpyDomainShouldBeRefusedWith550AndRecorded() throws Exception {
        HookResult result = rcpt("nobody@d1.example");

        assertRefused(result, "550", "5.1.1 no such recipient here");
        assertThat(result.getResult().isDisconnected()).isFalse();
        assertThat(recordedEvents()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.REJECTED);
            assertThat(event.smtpCode()).contains(550);
            assertThat(event.enhancedStatus()).contains("5.1.1");
            assertThat(event.alias()).contains(LocalPart.of("nobody"));
            assertThat(event.mailId()).contains("smtp-session-session-7");
            assertThat(event.sender()).isEqualTo("jane@sender.example");
            assertThat(event.recipients()).containsExactly("nobody@d1.example");
            assertThat(event.detail()).isEqualTo("no such recipient here");
            assertThat(event.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void unknownRecipientsShouldBeCountedForTheClientSoThatProbersAreRefused() throws Exception {
        rcpt("nobody@d1.example");
        rcpt("nobody-else@d1.example");

        assertThat(guard.refusedClients()).singleElement()
            .satisfies(refused -> assertThat(refused.address().getHostAddress()).isEqualTo(FakeSmtpSession.CLIENT));
    }

    @Test
    void acceptedAndForeignRecipientsAndRelayingClientsShouldNotCountAsProbes() throws Exception {
        rcpt("info@d1.example");
        rcpt("info@d1.example");
        rcpt("someone@foreign.example");
        rcpt("someone@foreign.example");
        SMTPSession relaying = FakeSmtpSession.relaying("session-8");
        hook.doRcpt(relaying, SENDER, new MailAddress("nobody@d1.example"));
        hook.doRcpt(relaying, SENDER, new MailAddress("nobody-else@d1.example"));

        assertThat(guard.refusedClients()).isEmpty();
    }

    @Test
    void disabledAliasShouldBeRefused() throws Exception {
        directory.updateAlias(address("info"), b -> b.enabled(false));

        assertRefused(rcpt("info@d1.example"), "550", "5.1.1 no such recipient here");
        assertThat(recordedEvents()).hasSize(1);
    }

    @Test
    void expiringAliasShouldBeAcceptedBeforeItsExpiryAndRefusedAfter() throws Exception {
        directory.updateAlias(address("info"), b -> b.expiresAt(Optional.of(clock.instant().plusSeconds(600))));

        assertThat(rcpt("info@d1.example")).isEqualTo(HookResult.OK);
        clock.moveBy(Duration.ofSeconds(601));
        assertRefused(rcpt("info@d1.example"), "550", "5.1.1 no such recipient here");
    }

    @Test
    void disabledDomainShouldRefuseItsAliases() throws Exception {
        directory.updateDomain(DOMAIN, b -> b.enabled(false));

        assertRefused(rcpt("info@d1.example"), "550", "5.1.1 no such recipient here");
    }

    @Test
    void foreignDomainShouldBeLeftToJamesSoAnUnauthenticatedClientCannotRelayThroughThisHook() throws Exception {
        assertThat(rcpt("someone@foreign.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("info@sub.d1.example")).isEqualTo(HookResult.DECLINED);
        assertThat(recordedEvents()).isEmpty();
    }

    @Test
    void srsAddressOfAForeignDomainShouldBeLeftToJames() throws Exception {
        MailAddress foreignSrs = new MailAddress(srs.forward(new MailAddress("jane@sender.example"), DOMAIN).getLocalPart()
            + "@foreign.example");

        assertThat(rcpt(foreignSrs)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void validSrsReturnAddressShouldBeAccepted() throws Exception {
        MailAddress returnAddress = srs.forward(new MailAddress("jane@sender.example"), DOMAIN);

        assertThat(rcpt(returnAddress)).isEqualTo(HookResult.OK);
    }

    @Test
    void forgedSrsReturnAddressShouldBeRefused() throws Exception {
        MailAddress genuine = srs.forward(new MailAddress("jane@sender.example"), DOMAIN);
        MailAddress forged = new MailAddress(genuine.getLocalPart().replace("jane", "joan") + "@d1.example");

        assertRefused(rcpt(forged), "550", "5.1.1 invalid or expired return address (forged)");
        assertThat(recordedEvents()).singleElement()
            .satisfies(event -> assertThat(event.detail()).isEqualTo("invalid or expired return address (forged)"));
    }

    @Test
    void expiredSrsReturnAddressShouldBeRefused() throws Exception {
        MailAddress returnAddress = srs.forward(new MailAddress("jane@sender.example"), DOMAIN);
        clock.moveBy(SrsSettings.DEFAULT_MAX_AGE.plusDays(2));

        assertRefused(rcpt(returnAddress), "550", "5.1.1 invalid or expired return address (expired)");
    }

    @Test
    void malformedSrsAddressShouldBeRefused() throws Exception {
        assertRefused(rcpt("SRS0=x@d1.example"), "550", "5.1.1 invalid or expired return address (malformed)");
    }

    @Test
    void catchAllShouldAcceptUnknownAddressesButLoseToExactAliases() throws Exception {
        catchAll();

        assertThat(rcpt("anything@d1.example")).isEqualTo(HookResult.OK);
        directory.updateAlias(address("info"), b -> b.enabled(false));
        assertRefused(rcpt("info@d1.example"), "550", "5.1.1 no such recipient here");
    }

    @Test
    void catchAllRejectExceptionShouldBeRefusedWith550() throws Exception {
        catchAll();

        assertRefused(rcpt("reject-me@d1.example"), "550", "5.1.1 no such recipient here");
        assertThat(recordedEvents()).singleElement().satisfies(event -> assertThat(event.smtpCode()).contains(550));
    }

    @Test
    void catchAllDeferExceptionShouldBeRefusedWith421AndCloseTheConnection() throws Exception {
        catchAll();

        HookResult result = rcpt("later-1@d1.example");

        assertRefused(result, "421", "4.7.0 mail for this address is not accepted now, try again later");
        assertThat(result.getResult().isDisconnected()).isTrue();
        assertThat(recordedEvents()).singleElement().satisfies(event -> {
            assertThat(event.smtpCode()).contains(421);
            assertThat(event.enhancedStatus()).contains("4.7.0");
        });
    }

    @Test
    void catchAllDropExceptionShouldBeAcceptedForThePipelineToDiscard() throws Exception {
        catchAll();

        assertThat(rcpt("spam-1@d1.example")).isEqualTo(HookResult.OK);
        assertThat(recordedEvents()).isEmpty();
    }

    @Test
    void dmarcReportAddressShouldBeAcceptedWithoutAnAlias() throws Exception {
        assertThat(rcpt("dmarc-reports@d1.example")).isEqualTo(HookResult.OK);
    }

    @Test
    void dmarcReportAddressShouldBeAcceptedEvenWhenTheCatchAllRejectsIt() throws Exception {
        directory.setCatchAll(DOMAIN, Optional.of(new CatchAll(List.of(Destination.of("all@ext.example")),
            List.of(new CatchAll.ExceptionRule(LocalPartPattern.of("dmarc-*"), ExceptionAction.REJECT)))));

        assertThat(rcpt("dmarc-reports@d1.example")).isEqualTo(HookResult.OK);
    }

    @Test
    void dmarcReportAddressOfADisabledDomainShouldBeRefused() throws Exception {
        directory.updateDomain(DOMAIN, b -> b.enabled(false));

        assertRefused(rcpt("dmarc-reports@d1.example"), "550", "5.1.1");
    }

    private void catchAll() {
        directory.setCatchAll(DOMAIN, Optional.of(new CatchAll(List.of(Destination.of("all@ext.example")), List.of(
            new CatchAll.ExceptionRule(LocalPartPattern.of("spam-*"), ExceptionAction.DROP),
            new CatchAll.ExceptionRule(LocalPartPattern.of("later-*"), ExceptionAction.DEFER),
            new CatchAll.ExceptionRule(LocalPartPattern.of("reject-*"), ExceptionAction.REJECT)))));
    }
}
