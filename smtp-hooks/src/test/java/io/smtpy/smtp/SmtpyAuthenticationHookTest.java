package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.inbound.CheckTimeBudget;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

/**
 * What the end-of-DATA hook does before asking DNS: which mails it leaves unchecked. The checks themselves (SPF,
 * DKIM, DMARC, ARC against a real DNS server) are covered end to end by the server's AuthenticationEndToEndTest.
 * The mails here fail the test with an {@link AssertionError} (which the hook does not catch) as soon as the hook
 * reads more of them than the skip needs, so a hook that starts checking them is noticed.
 */
class SmtpyAuthenticationHookTest {
    private MovableClock clock;
    private AliasDirectory directory;
    private SmtpyAuthenticationHook hook;

    @BeforeEach
    void setUp() {
        clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        directory.createDomain(DomainName.of("d1.example"), b -> b);
        hook = hook(InboundChecks.ON);
    }

    /** No check is reached in these tests: the checks (and their DNS) are left out. */
    private SmtpyAuthenticationHook hook(InboundChecks checks) {
        return new SmtpyAuthenticationHook(null, null, directory,
            new RcptRefusals(new MailEvents(new MemoryMailEventRepository()), clock), CheckTimeBudget.unbounded(), checks);
    }

    /** A mail that fails the test as soon as the hook reads anything of it. */
    private static Mail untouchable(String why) {
        return (Mail) Proxy.newProxyInstance(SmtpyAuthenticationHookTest.class.getClassLoader(), new Class<?>[] {Mail.class},
            (proxy, method, arguments) -> {
                throw new AssertionError("the hook read Mail." + method.getName() + " of " + why);
            });
    }

    /** A mail that answers its name and recipients only. */
    private static Mail mailTo(MailAddress... recipients) {
        return (Mail) Proxy.newProxyInstance(SmtpyAuthenticationHookTest.class.getClassLoader(), new Class<?>[] {Mail.class},
            (proxy, method, arguments) -> {
                switch (method.getName()) {
                    case "getRecipients":
                        return List.of(recipients);
                    case "getName":
                        return "mail-1";
                    case "toString":
                        return "mail-1";
                    default:
                        throw new AssertionError("the hook read Mail." + method.getName() + " of a mail it should leave unchecked");
                }
            });
    }

    @Test
    void mailFromARelayingClientShouldBeLeftUncheckedAndUntouched() throws Exception {
        assertThat(hook.onMessage(FakeSmtpSession.relaying("s1"), untouchable("an outbound mail"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void withInboundChecksOffInboundMailForAnSmtpyDomainShouldFlowOnUncheckedWithoutVerdicts() throws Exception {
        SmtpyAuthenticationHook unchecking = hook(InboundChecks.OFF);

        assertThat(unchecking.onMessage(FakeSmtpSession.unauthenticated("s3"), untouchable("a mail with the checks off")))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void mailWithoutAnSmtpyRecipientShouldBeLeftUnchecked() throws Exception {
        Mail mail = mailTo(new MailAddress("someone@foreign.example"), new MailAddress("other@sub.d1.example"));

        assertThat(hook.onMessage(FakeSmtpSession.unauthenticated("s2"), mail)).isEqualTo(HookResult.DECLINED);
    }
}
