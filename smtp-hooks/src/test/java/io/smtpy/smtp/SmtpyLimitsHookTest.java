package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
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
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.limits.LimitAction;
import io.smtpy.limits.LimitAlerts;
import io.smtpy.limits.LimitDirection;
import io.smtpy.limits.LimitMetric;
import io.smtpy.limits.LimitPolicy;
import io.smtpy.limits.LimitSet;
import io.smtpy.limits.LimitSettings;
import io.smtpy.limits.LimitSubject;
import io.smtpy.limits.MemoryLimitCounters;
import io.smtpy.limits.MemoryLimitSettingsRepository;

/** The limits at RCPT and at the end of DATA, over the real directory and policy, with memory storage. */
class SmtpyLimitsHookTest {
    private static final DomainName DOMAIN = DomainName.of("d1.example");
    private static final MaybeSender SENDER = MaybeSender.getMailSender("jane@sender.example");

    private MovableClock clock;
    private MemoryMailEventRepository events;
    private LimitSettings settings;
    private SmtpyLimitsHook hook;

    @BeforeEach
    void setUp() {
        clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        AliasResolver resolver = new AliasResolver(directory);
        SenderRewriting srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
        events = new MemoryMailEventRepository();
        MailEvents mailEvents = new MailEvents(events);
        settings = new LimitSettings(new MemoryLimitSettingsRepository());
        hook = new SmtpyLimitsHook(new RecipientPolicy(resolver, new AliasExpansion(resolver, srs),
            new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver)),
            new LimitPolicy(settings, new MemoryLimitCounters(), mailEvents, LimitAlerts.NONE, clock),
            new RcptRefusals(mailEvents, clock));
        directory.createDomain(DOMAIN, b -> b);
        for (String alias : List.of("sales", "info")) {
            directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of(alias)),
                b -> b.destinations(List.of(Destination.of("owner@ext.example"))));
        }
    }

    private void limit(LimitSubject subject, Map<LimitMetric, Long> limits) {
        settings.put(LimitSet.of(subject, LimitDirection.INBOUND, limits, LimitAction.DEFER, false));
    }

    private static HookResult rcpt(SmtpyLimitsHook hook, SMTPSession session, String recipient) throws Exception {
        return hook.doRcpt(session, SENDER, new MailAddress(recipient));
    }

    private List<MailEvent> recorded(MailEventType type) {
        return events.list(MailEventQuery.of(DOMAIN)).stream().filter(event -> event.type() == type).collect(Collectors.toList());
    }

    @Test
    void recipientsWithinTheLimitShouldBeLeftToTheRcptHookAndTheNextDeferredWith451() throws Exception {
        limit(LimitSubject.alias(DOMAIN, LocalPart.of("sales")), Map.of(LimitMetric.MESSAGES_PER_HOUR, 2L));

        assertThat(rcpt(hook, FakeSmtpSession.unauthenticated("s1"), "sales@d1.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, FakeSmtpSession.unauthenticated("s2"), "sales@d1.example")).isEqualTo(HookResult.DECLINED);
        HookResult third = rcpt(hook, FakeSmtpSession.unauthenticated("s3"), "sales@d1.example");

        assertThat(third.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENYSOFT);
        assertThat(third.getSmtpRetCode()).isEqualTo("451");
        assertThat(third.getSmtpDescription()).isEqualTo("4.7.1 mail for sales@d1.example has reached its limit of 2"
            + " messages per hour, try again after 2026-03-01T13:00:00Z");
        assertThat(recorded(MailEventType.REJECTED)).singleElement().satisfies(event -> {
            assertThat(event.smtpCode()).contains(451);
            assertThat(event.mailId()).contains("smtp-session-s3");
            assertThat(event.detail()).contains("(limit: inbound messagesPerHour of sales@d1.example 2)");
        });
        assertThat(recorded(MailEventType.LIMIT_REACHED)).hasSize(1);
        assertThat(rcpt(hook, FakeSmtpSession.unauthenticated("s4"), "info@d1.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void unknownAndForeignRecipientsShouldNotBeCounted() throws Exception {
        limit(LimitSubject.domain(DOMAIN), Map.of(LimitMetric.MESSAGES_PER_HOUR, 1L));
        SMTPSession session = FakeSmtpSession.unauthenticated("s1");

        assertThat(rcpt(hook, session, "nobody@d1.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, session, "someone@elsewhere.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, session, "postmaster@d1.example")).isEqualTo(HookResult.DECLINED);

        assertThat(rcpt(hook, FakeSmtpSession.unauthenticated("s2"), "info@d1.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, FakeSmtpSession.unauthenticated("s3"), "info@d1.example").getSmtpRetCode()).isEqualTo("451");
    }

    @Test
    void recipientsOfOneTransactionBeyondTheLimitShouldGet452() throws Exception {
        limit(LimitSubject.domain(DOMAIN), Map.of(LimitMetric.RECIPIENTS_PER_MESSAGE, 1L));
        SMTPSession session = FakeSmtpSession.unauthenticated("s1");

        assertThat(rcpt(hook, session, "sales@d1.example")).isEqualTo(HookResult.DECLINED);
        HookResult second = rcpt(hook, session, "info@d1.example");

        assertThat(second.getSmtpRetCode()).isEqualTo("452");
        assertThat(second.getSmtpDescription()).startsWith("4.5.3 mail for d1.example is limited to 1 recipients per message");
        assertThat(rcpt(hook, FakeSmtpSession.unauthenticated("s2"), "info@d1.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aMessageOverBytesPerDayShouldBeRefusedAtTheEndOfData() throws Exception {
        limit(LimitSubject.alias(DOMAIN, LocalPart.of("sales")), Map.of(LimitMetric.BYTES_PER_DAY, 1_500L));
        SMTPSession first = FakeSmtpSession.unauthenticated("s1");
        rcpt(hook, first, "sales@d1.example");
        assertThat(hook.onMessage(first, FakeMail.builder().name("m1").sender("jane@sender.example")
            .recipient(new MailAddress("sales@d1.example")).size(1_000).build())).isEqualTo(HookResult.DECLINED);

        SMTPSession second = FakeSmtpSession.unauthenticated("s2");
        rcpt(hook, second, "sales@d1.example");
        HookResult refused = hook.onMessage(second, FakeMail.builder().name("m2").sender("jane@sender.example")
            .recipient(new MailAddress("sales@d1.example")).size(1_000).build());

        assertThat(refused.getSmtpRetCode()).isEqualTo("451");
        assertThat(refused.getSmtpDescription()).isEqualTo("4.7.1 mail for sales@d1.example has reached its limit of 1500"
            + " bytes per day, try again after 2026-03-02T00:00:00Z");
        assertThat(recorded(MailEventType.REJECTED)).singleElement()
            .satisfies(event -> assertThat(event.recipients()).containsExactly("sales@d1.example"));
    }

    @Test
    void aMessageWhoseRecipientsCountedNothingShouldBeLeftAlone() throws Exception {
        assertThat(hook.onMessage(FakeSmtpSession.unauthenticated("s1"), FakeMail.builder().name("m1")
            .recipient(new MailAddress("sales@d1.example")).size(10).build())).isEqualTo(HookResult.DECLINED);
    }
}
