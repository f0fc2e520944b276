package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.dns.FakeDnsLookup;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.Cidr;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.protection.ConnectionGuard;
import io.smtpy.protection.ProtectionSettings;

/** The protection hook over the real guard, a fake DNS and memory storage; pauses are recorded, not slept. */
class SmtpyProtectionHookTest {
    private static final DomainName DOMAIN = DomainName.of("d1.example");
    private static final MaybeSender SENDER = MaybeSender.getMailSender("jane@sender.example");
    private static final String LISTED = "127.0.0.2";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final FakeDnsLookup dns = new FakeDnsLookup();
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final List<Duration> pauses = new ArrayList<>();
    private ConnectionGuard guard;
    private SmtpyProtectionHook hook;

    @BeforeEach
    void setUp() throws Exception {
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        directory.createDomain(DOMAIN, b -> b);
        dns.address("2.0.0.127.bl.example", InetAddress.getByName("127.0.0.2"));
        guard = ConnectionGuard.of(ProtectionSettings.builder()
            .dnsblZones(List.of("bl.example"))
            .trustedNetworks(List.of(Cidr.parse("127.0.0.2/32", "trustedNetworks")))
            .slowAfter(2).refuseAfter(4).delayStep(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(150))
            .build(), dns, clock);
        hook = new SmtpyProtectionHook(guard, new RcptRefusals(new MailEvents(events), clock), directory, pauses::add);
    }

    private SmtpyProtectionHook untrustingHook() {
        ConnectionGuard strict = ConnectionGuard.of(ProtectionSettings.builder().dnsblZones(List.of("bl.example")).build(), dns, clock);
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        directory.createDomain(DOMAIN, b -> b);
        return new SmtpyProtectionHook(strict, new RcptRefusals(new MailEvents(events), clock), directory, pauses::add);
    }

    private static HookResult rcpt(SmtpyProtectionHook hook, SMTPSession session, String recipient) throws Exception {
        return hook.doRcpt(session, SENDER, new MailAddress(recipient));
    }

    @Test
    void listedClientShouldBeRefusedWith554AndARejectedEvent() throws Exception {
        HookResult result = rcpt(untrustingHook(), FakeSmtpSession.from("s1", LISTED), "info@d1.example");

        assertThat(result.getSmtpRetCode()).isEqualTo("554");
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.1 client address listed by bl.example");
        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(events.list(MailEventQuery.of(DOMAIN))).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.REJECTED);
            assertThat(event.smtpCode()).contains(554);
            assertThat(event.detail()).contains("listed by bl.example");
        });
    }

    @Test
    void blocklistsShouldBeAskedOncePerSession() throws Exception {
        SmtpyProtectionHook strict = untrustingHook();
        SMTPSession session = FakeSmtpSession.from("s1", "192.0.2.9");

        rcpt(strict, session, "a@d1.example");
        rcpt(strict, session, "b@d1.example");

        assertThat(dns.queries()).containsExactly("A 9.2.0.192.bl.example");
    }

    @Test
    void refusalForAForeignDomainShouldRecordNoEvent() throws Exception {
        HookResult result = rcpt(untrustingHook(), FakeSmtpSession.from("s1", LISTED), "someone@foreign.example");

        assertThat(result.getSmtpRetCode()).isEqualTo("554");
        assertThat(events.list(MailEventQuery.of(DomainName.of("foreign.example")))).isEmpty();
    }

    @Test
    void unlistedClientShouldBeLeftToTheNextHooks() throws Exception {
        assertThat(rcpt(hook, FakeSmtpSession.from("s1", "192.0.2.9"), "info@d1.example")).isEqualTo(HookResult.DECLINED);
        assertThat(pauses).isEmpty();
    }

    @Test
    void trustedClientShouldPassEvenWhenListed() throws Exception {
        assertThat(rcpt(hook, FakeSmtpSession.from("s1", LISTED), "info@d1.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void relayingClientShouldNotBeChecked() throws Exception {
        assertThat(rcpt(untrustingHook(), FakeSmtpSession.relaying("s1"), "info@d1.example")).isEqualTo(HookResult.DECLINED);
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void probingClientShouldBeHeldThenRefusedWith421AndDisconnected() throws Exception {
        InetAddress prober = InetAddress.getByName("192.0.2.9");
        SMTPSession session = FakeSmtpSession.from("s1", "192.0.2.9");
        guard.unknownRecipient(prober);
        guard.unknownRecipient(prober);
        assertThat(rcpt(hook, session, "x@d1.example")).isEqualTo(HookResult.DECLINED);
        guard.unknownRecipient(prober);
        assertThat(rcpt(hook, session, "y@d1.example")).isEqualTo(HookResult.DECLINED);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
        guard.unknownRecipient(prober);

        HookResult result = rcpt(hook, session, "z@d1.example");

        assertThat(result.getSmtpRetCode()).isEqualTo("421");
        assertThat(result.getSmtpDescription()).isEqualTo("4.7.0 too many unknown recipients from your address, try again later");
        assertThat(result.getResult().isDisconnected()).isTrue();
        assertThat(events.list(MailEventQuery.of(DOMAIN))).singleElement()
            .satisfies(event -> assertThat(event.smtpCode()).contains(421));
        assertThat(rcpt(hook, FakeSmtpSession.from("s2", "192.0.2.9"), "info@d1.example").getSmtpRetCode()).isEqualTo("421");
    }
}
