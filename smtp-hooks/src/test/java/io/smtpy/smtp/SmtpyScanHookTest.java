package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.SpamSettings;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.NewListEntry;
import io.smtpy.rules.mailpath.OwnerDecisionsFixture;
import io.smtpy.scan.MessageScanner;
import io.smtpy.scan.OnFailure;
import io.smtpy.scan.OutboundScanPolicy;
import io.smtpy.scan.ScanPolicy;
import io.smtpy.scan.ScanVerdict;
import io.smtpy.scan.SpamVerdict;
import io.smtpy.scan.VirusVerdict;
import io.smtpy.sending.SendAs;
import io.smtpy.sending.SmtpCredential;
import io.smtpy.sending.SubmissionAttributes;

/** The scan at the end of DATA, over the real decisions with memory storage and a scanner that answers as told. */
class SmtpyScanHookTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final ScanVerdict CLEAN = new ScanVerdict(SpamVerdict.scanned(1.5, 5, List.of("MISSING_DATE")), VirusVerdict.CLEAN);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final AnsweringScanner scanner = new AnsweringScanner();
    private OwnerDecisionsFixture fixture;
    private RcptRefusals refusals;

    /** Answers {@link #answer} and remembers what it was asked: a unit test's stand-in for spamd and clamd. */
    private static final class AnsweringScanner implements MessageScanner {
        ScanVerdict answer = CLEAN;
        boolean configured = true;
        final List<String> asked = new ArrayList<>();

        @Override
        public ScanVerdict scan(byte[] message, boolean spam, boolean virus) {
            asked.add("spam=" + spam + " virus=" + virus);
            return answer;
        }

        @Override
        public boolean scoresSpam() {
            return configured;
        }

        @Override
        public boolean scansViruses() {
            return configured;
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new OwnerDecisionsFixture(clock, DOMAIN, "sales");
        refusals = new RcptRefusals(new MailEvents(events), clock);
    }

    private SmtpyScanHook hook(ScanPolicy policy) {
        return new SmtpyScanHook(scanner, policy, new OutboundScanPolicy(scanner, policy, 5.0), fixture.owners, refusals, metrics);
    }

    private static FakeMail mail(String... recipients) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("m1").sender("bob@sender.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi").build());
        for (String recipient : recipients) {
            builder.recipient(new MailAddress(recipient));
        }
        return builder.build();
    }

    private List<MailEvent> recorded(MailEventType type) {
        return events.list(MailEventQuery.of(DOMAIN)).stream().filter(event -> event.type() == type).collect(Collectors.toList());
    }

    @Test
    void theVerdictShouldBeLeftOnTheMailForTheDecisionsThatFollow() throws Exception {
        FakeMail mail = mail("sales@example.com");

        assertThat(hook(ScanPolicy.DEFAULT).onMessage(FakeSmtpSession.unauthenticated("s1"), mail)).isEqualTo(HookResult.DECLINED);

        assertThat(SmtpyScanHook.verdict(mail)).isEqualTo(CLEAN);
        assertThat(scanner.asked).containsExactly("spam=true virus=true");
    }

    @Test
    void mailToNoSmtpyDomainAndAnInstallationWithoutScannersShouldNotBeScanned() throws Exception {
        FakeMail foreign = mail("someone@elsewhere.example");
        assertThat(hook(ScanPolicy.DEFAULT).onMessage(FakeSmtpSession.unauthenticated("s1"), foreign)).isEqualTo(HookResult.DECLINED);
        scanner.configured = false;
        FakeMail ours = mail("sales@example.com");
        assertThat(hook(ScanPolicy.DEFAULT).onMessage(FakeSmtpSession.unauthenticated("s2"), ours)).isEqualTo(HookResult.DECLINED);

        assertThat(scanner.asked).isEmpty();
        assertThat(SmtpyScanHook.verdict(foreign)).isEqualTo(ScanVerdict.NOT_SCANNED);
        assertThat(SmtpyScanHook.verdict(ours)).isEqualTo(ScanVerdict.NOT_SCANNED);
    }

    @Test
    void anAllowListedSenderOrADomainThatDoesNotScoreShouldOnlyBeScannedForViruses() throws Exception {
        fixture.lists.add(ListScope.domain(DOMAIN), NewListEntry.allow("sender.example"));
        hook(ScanPolicy.DEFAULT).onMessage(FakeSmtpSession.unauthenticated("s1"), mail("sales@example.com"));
        fixture.lists.list(ListScope.domain(DOMAIN)).forEach(entry -> fixture.lists.delete(ListScope.domain(DOMAIN), entry.id()));
        fixture.directory.updateDomain(DOMAIN, b -> b.spam(SpamSettings.DEFAULT.withEnabled(false)));
        hook(ScanPolicy.DEFAULT).onMessage(FakeSmtpSession.unauthenticated("s2"), mail("sales@example.com"));

        assertThat(scanner.asked).containsExactly("spam=false virus=true", "spam=false virus=true");
    }

    @Test
    void anUnavailableScannerSetToDeferShouldAnswer451AndRecordWhy() throws Exception {
        scanner.answer = new ScanVerdict(SpamVerdict.unavailable("spamd unavailable: connection refused"), VirusVerdict.CLEAN);

        HookResult result = hook(ScanPolicy.DEFAULT).onMessage(FakeSmtpSession.unauthenticated("s1"), mail("sales@example.com"));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).isEqualTo("4.7.1 message could not be scanned now, try again later");
        assertThat(recorded(MailEventType.REJECTED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("spamd unavailable: connection refused"));
        assertThat(metrics.countFor("smtpy_scan_deferred")).isEqualTo(1);
    }

    @Test
    void anUnavailableScannerSetToPassShouldLetTheMailThroughMarked() throws Exception {
        scanner.answer = new ScanVerdict(SpamVerdict.scanned(0.1, 5, List.of()), VirusVerdict.unavailable("clamd unavailable: timed out"));
        FakeMail mail = mail("sales@example.com");

        HookResult result = hook(new ScanPolicy(OnFailure.DEFER, OnFailure.PASS)).onMessage(FakeSmtpSession.unauthenticated("s1"), mail);

        assertThat(result).isEqualTo(HookResult.DECLINED);
        assertThat(SmtpyScanHook.verdict(mail).virus().state()).isEqualTo(VirusVerdict.State.UNAVAILABLE);
        assertThat(recorded(MailEventType.UNSCANNED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("clamd unavailable: timed out"));
        assertThat(metrics.countFor("smtpy_scan_passed_unscanned")).isEqualTo(1);
    }

    @Test
    void aRelayingClientsVirusOrSpamShouldBeRefusedByTheOutboundCheck() throws Exception {
        scanner.answer = new ScanVerdict(SpamVerdict.scanned(0.0, 5, List.of()), VirusVerdict.infected("Eicar-Test-Signature.UNOFFICIAL"));
        HookResult virus = hook(ScanPolicy.DEFAULT).onMessage(FakeSmtpSession.relaying("s1"), mail("friend@elsewhere.example"));
        scanner.answer = new ScanVerdict(SpamVerdict.scanned(5.0, 5, List.of("X")), VirusVerdict.CLEAN);
        HookResult spam = hook(ScanPolicy.DEFAULT).onMessage(FakeSmtpSession.relaying("s2"), mail("friend@elsewhere.example"));
        scanner.answer = new ScanVerdict(SpamVerdict.scanned(4.9, 5, List.of("X")), VirusVerdict.CLEAN);
        HookResult clean = hook(ScanPolicy.DEFAULT).onMessage(FakeSmtpSession.relaying("s3"), mail("friend@elsewhere.example"));

        assertThat(virus.getSmtpRetCode()).isEqualTo("550");
        assertThat(virus.getSmtpDescription()).isEqualTo("5.7.1 message refused: it contains a virus");
        assertThat(spam.getSmtpRetCode()).isEqualTo("550");
        assertThat(spam.getSmtpDescription()).contains("spam");
        assertThat(clean).isEqualTo(HookResult.DECLINED);
        assertThat(metrics.countFor("smtpy_scan_outbound_refused")).isEqualTo(2);
    }

    @Test
    void anOwnersSubmissionOverTheSpamThresholdShouldBeMarkedForHoldingButAVirusStillRefused() throws Exception {
        SMTPSession owner = FakeSmtpSession.relaying("s1");
        owner.setAttachment(SmtpySubmissionHook.CREDENTIAL, new SmtpCredential(AccessId.generate(SmtpCredential.ID_PREFIX),
            DomainName.of("brand.example"), Optional.empty(), "sales@brand.example", "hash",
            SendAs.anyAddressOf(DomainName.of("brand.example")), false, "", Instant.parse("2026-03-01T12:00:00Z")),
            ProtocolSession.State.Connection);
        scanner.answer = new ScanVerdict(SpamVerdict.scanned(7.5, 5, List.of("X")), VirusVerdict.CLEAN);
        FakeMail spammy = mail("friend@elsewhere.example");

        HookResult spam = hook(ScanPolicy.DEFAULT).onMessage(owner, spammy);

        assertThat(spam).isEqualTo(HookResult.DECLINED);
        assertThat(AttributeUtils.getValueAndCastFromMail(spammy, AttributeName.of(SubmissionAttributes.HELD), String.class))
            .hasValueSatisfying(reason -> assertThat(reason).contains("spam score 7.5").contains("threshold 5.0"));
        assertThat(metrics.countFor("smtpy_scan_outbound_held")).isEqualTo(1);

        scanner.answer = new ScanVerdict(SpamVerdict.scanned(0.0, 5, List.of()), VirusVerdict.infected("Eicar-Test-Signature.UNOFFICIAL"));
        assertThat(hook(ScanPolicy.DEFAULT).onMessage(owner, mail("friend@elsewhere.example")).getSmtpRetCode()).isEqualTo("550");
    }
}
