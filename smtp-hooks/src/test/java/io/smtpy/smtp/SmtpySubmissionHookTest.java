package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import io.smtpy.access.service.AttemptThrottle;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
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
import io.smtpy.sending.CredentialChange;
import io.smtpy.sending.CredentialRequest;
import io.smtpy.sending.IssuedCredential;
import io.smtpy.sending.MemorySmtpCredentialRepository;
import io.smtpy.sending.SmtpCredentials;
import io.smtpy.sending.SubmissionAuthenticator;
import io.smtpy.suppression.MemorySuppressionRepository;
import io.smtpy.suppression.SuppressionSettings;
import io.smtpy.suppression.Suppressions;
import io.smtpy.suppression.Suppression;
import io.smtpy.suppression.SuppressionCause;
import io.smtpy.suppression.SuppressionId;

class SmtpySubmissionHookTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final MemorySmtpCredentialRepository repository = new MemorySmtpCredentialRepository();
    private final SmtpCredentials credentials = new SmtpCredentials(repository, CLOCK);
    private final MemorySuppressionRepository suppressions = new MemorySuppressionRepository();
    private final LimitSettings limitSettings = new LimitSettings(new MemoryLimitSettingsRepository());
    private final SmtpySubmissionHook hook = new SmtpySubmissionHook(
        new SubmissionAuthenticator(repository, new AttemptThrottle(CLOCK, 20, 2, Duration.ofMinutes(15))),
        new Suppressions(suppressions, new MailEvents(new MemoryMailEventRepository()), CLOCK, SuppressionSettings.ofDays(30)),
        new LimitPolicy(limitSettings, new MemoryLimitCounters(), new MailEvents(new MemoryMailEventRepository()), LimitAlerts.NONE, CLOCK));
    private final IssuedCredential sales = credentials.create(DOMAIN,
        new CredentialRequest(Optional.empty(), Optional.of("sales"), Optional.empty(), false, ""));

    @Test
    void rightSecretShouldAuthenticateTheSessionAsTheCredentialAndLetItRelay() {
        SMTPSession session = FakeSmtpSession.unauthenticated("s1");

        HookResult result = hook.doAuth(session, Username.of("SALES@brand.example"), sales.password());

        assertThat(result.getResult()).isEqualTo(HookReturnCode.ok());
        assertThat(session.getUsername()).isEqualTo(Username.of("sales@brand.example"));
        assertThat(session.isRelayingAllowed()).isTrue();
    }

    @Test
    void wrongSecretShouldBeRefusedWith535AndLeaveTheSessionAnonymous() {
        SMTPSession session = FakeSmtpSession.unauthenticated("s1");

        HookResult result = hook.doAuth(session, Username.of("sales@brand.example"), "guess");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("535");
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.8 Authentication credentials invalid");
        assertThat(session.getUsername()).isNull();
        assertThat(session.isRelayingAllowed()).isFalse();
    }

    @Test
    void guessingShouldBeAnsweredWithATemporaryRefusal() {
        SMTPSession session = FakeSmtpSession.unauthenticated("s1");
        hook.doAuth(session, Username.of("sales@brand.example"), "guess1");
        hook.doAuth(session, Username.of("sales@brand.example"), "guess2");

        HookResult result = hook.doAuth(session, Username.of("sales@brand.example"), sales.password());

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("454");
        assertThat(session.getUsername()).isNull();
    }

    @Test
    void mailWithoutAuthenticationShouldBeRefused() throws Exception {
        HookResult result = hook.doMail(FakeSmtpSession.unauthenticated("s1"), MaybeSender.of(new MailAddress("sales@brand.example")));

        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void envelopeSenderShouldBeOneTheCredentialMaySendAs() throws Exception {
        SMTPSession session = authenticated();

        assertThat(hook.doMail(session, MaybeSender.of(new MailAddress("sales@brand.example")))).isEqualTo(HookResult.DECLINED);
        HookResult foreign = hook.doMail(session, MaybeSender.of(new MailAddress("ceo@brand.example")));
        assertThat(foreign.getSmtpRetCode()).isEqualTo("550");
        assertThat(foreign.getSmtpDescription()).startsWith("5.7.1 ceo@brand.example is not an address this credential may send as");
    }

    @Test
    void credentialRevokedDuringTheSessionShouldRefuseItsNextMail() throws Exception {
        SMTPSession session = authenticated();
        credentials.revoke(DOMAIN, sales.credential().id());

        HookResult result = hook.doMail(session, MaybeSender.of(new MailAddress("sales@brand.example")));

        assertThat(result.getSmtpRetCode()).isEqualTo("535");
        assertThat(hook.doRcpt(session, MaybeSender.of(new MailAddress("sales@brand.example")), new MailAddress("x@dest.example")))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void sendAsChangedDuringTheSessionShouldCountFromTheNextMail() throws Exception {
        SMTPSession session = authenticated();
        credentials.update(DOMAIN, sales.credential().id(),
            new CredentialChange(Optional.of(List.of("support@brand.example")), Optional.empty(), Optional.empty()));

        assertThat(hook.doMail(session, MaybeSender.of(new MailAddress("sales@brand.example"))).getSmtpRetCode()).isEqualTo("550");
        assertThat(hook.doMail(session, MaybeSender.of(new MailAddress("support@brand.example")))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void destinationSuppressedForTheSenderShouldBeRefusedAtRcpt() throws Exception {
        suppressions.add(new Suppression(SuppressionId.random(), DOMAIN, LocalPart.of("sales"), Destination.of("dead@dest.example"),
            "550 5.1.1 no such user", SuppressionCause.MANUAL, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(30)),
            Optional.empty()));
        SMTPSession session = authenticated();
        MaybeSender sender = MaybeSender.of(new MailAddress("sales+news@brand.example"));
        hook.doMail(session, sender);

        HookResult dead = hook.doRcpt(session, sender, new MailAddress("Dead@dest.example"));

        assertThat(dead.getSmtpRetCode()).isEqualTo("550");
        assertThat(dead.getSmtpDescription()).startsWith("5.7.1 Dead@dest.example is suppressed for sales+news@brand.example")
            .contains("550 5.1.1 no such user");
        assertThat(hook.doRcpt(session, sender, new MailAddress("alive@dest.example"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void headerFromShouldBeOneTheCredentialMaySendAs() throws Exception {
        SMTPSession session = authenticated();
        hook.doMail(session, MaybeSender.of(new MailAddress("sales@brand.example")));

        assertThat(hook.onMessage(session, mail("Sales <sales@brand.example>", null))).isEqualTo(HookResult.DECLINED);
        HookResult forged = hook.onMessage(session, mail("\"Sales\" <sales@brand.example>, CEO <ceo@brand.example>", null));
        assertThat(forged.getSmtpRetCode()).isEqualTo("550");
        assertThat(forged.getSmtpDescription()).startsWith("5.7.1 The From header field's ceo@brand.example is not");
        assertThat(hook.onMessage(session, mail("sales@brand.example", "ceo@brand.example")).getSmtpDescription())
            .startsWith("5.7.1 The Sender header field's ceo@brand.example");
        assertThat(hook.onMessage(session, mail(null, null)).getSmtpDescription())
            .isEqualTo("5.6.0 A submitted mail needs a From header field");
        assertThat(hook.onMessage(session, mail("undisclosed:;", null)).getSmtpRetCode()).isEqualTo("550");
    }

    @Test
    void credentialsOutboundLimitShouldDeferTheMailOverIt() throws Exception {
        limitSettings.put(LimitSet.of(LimitSubject.credential(DOMAIN, sales.credential().id().asString()), LimitDirection.OUTBOUND,
            Map.of(LimitMetric.MESSAGES_PER_HOUR, 1L), LimitAction.DEFER, false));
        SMTPSession session = authenticated();
        hook.doMail(session, MaybeSender.of(new MailAddress("sales@brand.example")));

        assertThat(hook.onMessage(session, mail("sales@brand.example", null))).isEqualTo(HookResult.DECLINED);
        HookResult second = hook.onMessage(session, mail("sales@brand.example", null));

        assertThat(second.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(second.getSmtpRetCode()).isEqualTo("451");
        assertThat(second.getSmtpDescription()).startsWith("4.7.1").contains("try again after");
    }

    @Test
    void messageOfASessionWithoutCredentialShouldBeLeftAlone() throws Exception {
        assertThat(hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail("ceo@bank.example", null))).isEqualTo(HookResult.DECLINED);
    }

    private SMTPSession authenticated() {
        SMTPSession session = FakeSmtpSession.unauthenticated("s1");
        assertThat(hook.doAuth(session, Username.of("sales@brand.example"), sales.password()).getResult())
            .isEqualTo(HookReturnCode.ok());
        return session;
    }

    private static FakeMail mail(String from, String sender) throws Exception {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi");
        if (from != null) {
            message.addHeader("From", from);
        }
        if (sender != null) {
            message.addHeader("Sender", sender);
        }
        return FakeMail.builder().name("m1").sender("sales@brand.example").recipient("friend@dest.example")
            .mimeMessage(message.build()).build();
    }
}
