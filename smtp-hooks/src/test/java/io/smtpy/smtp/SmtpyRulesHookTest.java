package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.mailpath.RecipientDirective;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.Condition;
import io.smtpy.rules.Rule;
import io.smtpy.rules.RuleAction;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleScope;
import io.smtpy.rules.RuleSet;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.NewListEntry;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.rules.mailpath.DecisionsJson;
import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.rules.mailpath.OwnerDecisionsFixture;

/** The owners' lists and rules at RCPT and at the end of DATA, over the real decisions with memory storage. */
class SmtpyRulesHookTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final MaybeSender BOB = MaybeSender.getMailSender("bob@sender.example");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private RuleBook rules;
    private SenderLists lists;
    private SmtpyRulesHook hook;
    private SmtpyBlockListHook rcptHook;

    @BeforeEach
    void setUp() {
        OwnerDecisionsFixture fixture = new OwnerDecisionsFixture(clock, DOMAIN, "sales", "info");
        rules = fixture.rules;
        lists = fixture.lists;
        OwnerDecisions owners = fixture.owners;
        RcptRefusals refusals = new RcptRefusals(new MailEvents(events), clock);
        hook = new SmtpyRulesHook(owners, refusals);
        rcptHook = new SmtpyBlockListHook(owners, refusals);
    }

    private void rule(String alias, RuleAction action) {
        rules.put(RuleScope.alias(DOMAIN, LocalPart.of(alias)), RuleSet.of(Rule.of("r",
            Condition.all(List.of(Condition.of("subject", Condition.Operator.CONTAINS, "invoice"))), action)));
    }

    private static FakeMail mail(String subject, String... recipients) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("m1").sender("bob@sender.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject(subject).setText("hi").build());
        for (String recipient : recipients) {
            builder.recipient(new MailAddress(recipient));
        }
        return builder.build();
    }

    private List<MailEvent> recorded(MailEventType type) {
        return events.list(MailEventQuery.of(DOMAIN)).stream().filter(event -> event.type() == type).collect(Collectors.toList());
    }

    @Test
    void aMailEveryRecipientRefusesShouldBeRefusedWithTheOwnersText() throws Exception {
        rule("sales", RuleAction.reject("no invoices"));

        HookResult result = hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail("invoice 3", "sales@example.com"));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.1 no invoices");
        assertThat(recorded(MailEventType.REJECTED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).isEqualTo("no invoices (rule 'r' of sales@example.com)"));
    }

    @Test
    void aRecipientRefusedBesideAcceptedOnesShouldLeaveTheMailWithADroppedEvent() throws Exception {
        rule("sales", RuleAction.reject("no invoices"));
        FakeMail mail = mail("invoice 3", "sales@example.com", "info@example.com");

        assertThat(hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail)).isEqualTo(HookResult.DECLINED);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("info@example.com"));
        assertThat(recorded(MailEventType.DROPPED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).startsWith("refused by rule 'r' of sales@example.com"));
    }

    @Test
    void otherDecisionsShouldTravelWithTheMail() throws Exception {
        rule("sales", RuleAction.quarantine());
        FakeMail mail = mail("invoice 3", "sales@example.com");

        assertThat(hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail)).isEqualTo(HookResult.DECLINED);

        String carried = AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(DecisionsJson.ATTRIBUTE), String.class).orElseThrow();
        assertThat(DecisionsJson.read(carried).get(new MailAddress("sales@example.com")).directive().disposition())
            .isEqualTo(RecipientDirective.Disposition.QUARANTINE);
        assertThat(mail.getRecipients()).hasSize(1);
    }

    @Test
    void aMailNoRuleOrListConcernsShouldOnlyBeMarkedAsEvaluated() throws Exception {
        FakeMail mail = mail("hello", "sales@example.com");

        assertThat(hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail)).isEqualTo(HookResult.DECLINED);

        assertThat(AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(DecisionsJson.ATTRIBUTE), String.class))
            .contains("[]");
    }

    @Test
    void theRcptHookShouldRefuseABlockedEnvelopeWithAnEventNamingTheEntryAndDeclineOtherwise() throws Exception {
        lists.add(ListScope.domain(DOMAIN), NewListEntry.block("192.0.2.0/24"));

        HookResult refused = rcptHook.doRcpt(FakeSmtpSession.unauthenticated("s2"), BOB, new MailAddress("sales@example.com"));
        HookResult declined = rcptHook.doRcpt(FakeSmtpSession.unauthenticated("s2"), BOB, new MailAddress("someone@other.example"));

        assertThat(refused.getSmtpRetCode()).isEqualTo("550");
        assertThat(refused.getSmtpDescription()).isEqualTo("5.7.1 the recipient does not accept mail from this sender");
        assertThat(declined).isEqualTo(HookResult.DECLINED);
        assertThat(recorded(MailEventType.REJECTED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("192.0.2.0/24"));
    }

    @Test
    void theVerdictsShouldBeReadFromTheAuthenticationAttributes() throws Exception {
        FakeMail mail = mail("x", "sales@example.com");
        mail.setAttribute(org.apache.mailet.Attribute.convertToAttribute("io.smtpy.auth.dmarc", "fail"));

        assertThat(SmtpyRulesHook.verdicts(mail).of("dmarc")).isEqualTo("fail");
        assertThat(SmtpyRulesHook.verdicts(mail).of("spf")).isEqualTo("none");
        assertThat(Optional.of(SmtpyRulesHook.verdicts(mail("y", "sales@example.com")).of("dmarc"))).contains("none");
    }
}
