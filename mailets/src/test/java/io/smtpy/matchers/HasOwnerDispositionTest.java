package io.smtpy.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.Condition;
import io.smtpy.rules.Rule;
import io.smtpy.rules.RuleAction;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleScope;
import io.smtpy.rules.RuleSet;
import io.smtpy.rules.mailpath.DecisionsJson;
import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.rules.mailpath.OwnerDecisionsFixture;

class HasOwnerDispositionTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private RuleBook rules;
    private OwnerDecisions owners;

    @BeforeEach
    void setUp() {
        OwnerDecisionsFixture fixture = new OwnerDecisionsFixture(clock, DOMAIN, "sales", "info");
        rules = fixture.rules;
        owners = fixture.owners;
        rules.put(RuleScope.alias(DOMAIN, LocalPart.of("sales")), RuleSet.of(Rule.of("hold",
            Condition.all(List.of(Condition.of("subject", Condition.Operator.CONTAINS, "invoice"))), RuleAction.quarantine())));
    }

    private HasOwnerDisposition matcher(String condition) throws MessagingException {
        HasOwnerDisposition matcher = new HasOwnerDisposition(owners);
        matcher.init(FakeMatcherConfig.builder().matcherName("HasOwnerDisposition").condition(condition).build());
        return matcher;
    }

    private static FakeMail mail() throws Exception {
        return FakeMail.builder().name("m").sender("bob@sender.example")
            .recipients(new MailAddress("sales@example.com"), new MailAddress("info@example.com"), new MailAddress("x@other.example"))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("invoice 4").setText("x").build()).build();
    }

    @Test
    void shouldMatchTheRecipientsWhoseRulesDecideTheNamedDisposition() throws Exception {
        assertThat(matcher("quarantine").match(mail())).containsExactly(new MailAddress("sales@example.com"));
        assertThat(matcher("deliver").match(mail()))
            .containsExactly(new MailAddress("info@example.com"), new MailAddress("x@other.example"));
        assertThat(matcher("drop, reject").match(mail())).isEmpty();
    }

    @Test
    void shouldReadTheDecisionsTheMailCarries() throws Exception {
        FakeMail mail = mail();
        mail.setAttribute(Attribute.convertToAttribute(DecisionsJson.ATTRIBUTE, "[{\"recipient\":\"info@example.com\","
            + "\"disposition\":\"DROP\",\"decidedBy\":\"x\",\"added\":[],\"fields\":[],\"prefixes\":[],\"posts\":[]}]"));

        assertThat(matcher("drop").match(mail)).containsExactly(new MailAddress("info@example.com"));
        assertThat(matcher("quarantine").match(mail)).isEmpty();
    }

    @Test
    void aMissingOrUnknownConditionShouldFailAtInit() {
        assertThatThrownBy(() -> matcher("")).isInstanceOf(MessagingException.class).hasMessageContaining("needs a condition");
        assertThatThrownBy(() -> matcher("hold")).isInstanceOf(MessagingException.class).hasMessageContaining("unknown disposition 'hold'");
    }
}
