package io.smtpy.sending.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class ReplyPolicyTest {
    private static final DomainName DOMAIN = ReplyFixture.DOMAIN;
    private static final Optional<String> PASS = Optional.of(
        "spf=pass smtp.mailfrom=mailbox.example; dkim=none; dmarc=pass header.from=mailbox.example");

    private final ReplyFixture fixture = new ReplyFixture();
    private final AliasDirectory directory = fixture.directory;
    private final ReverseAliases reverseAliases = fixture.reverseAliases;
    private final ReplyPolicy policy = new ReplyPolicy(reverseAliases, fixture.resolver);
    private final ReverseAlias ann = fixture.ann;
    private ReverseAlias bob;
    private ReverseAlias ofInfo;

    @BeforeEach
    void setUp() throws Exception {
        fixture.alias(LocalPart.of("info"), ReplyFixture.MAILBOX);
        bob = reverseAliases.replyAddress(DOMAIN, LocalPart.of("sales"), new MailAddress("bob@customer.example"), "");
        ofInfo = reverseAliases.replyAddress(DOMAIN, LocalPart.of("info"), new MailAddress("ann@customer.example"), "");
    }

    private ReplyDecision decide(List<MailAddress> recipients, String from, String toAndCc, Optional<String> results) {
        return policy.decide(recipients, List.of(from), List.of(toAndCc), results);
    }

    @Test
    void mailWithoutReverseAliasRecipientShouldNotBeAReply() throws Exception {
        assertThat(decide(List.of(new MailAddress("sales@brand.example")), "x@y.example", "sales@brand.example", PASS).verdict())
            .isEqualTo(ReplyDecision.Verdict.NOT_A_REPLY);
    }

    @Test
    void authenticatedReplyFromTheAliasMailboxShouldBeSentOn() {
        ReplyDecision decision = decide(List.of(ann.address(), bob.address()), "Jane <JANE@mailbox.example>",
            "Ann <" + ann.address().asString() + ">, " + bob.address().asString() + ", jane@mailbox.example", PASS);

        assertThat(decision.verdict()).isEqualTo(ReplyDecision.Verdict.REPLY);
        assertThat(decision.through()).containsExactly(ann, bob);
        assertThat(decision.mailbox().orElseThrow().asString()).isEqualToIgnoringCase("jane@mailbox.example");
    }

    @Test
    void replyAllBringingTheAliasShouldDropItFromTheRecipients() throws Exception {
        MailAddress alias = new MailAddress("sales@brand.example");

        ReplyDecision decision = decide(List.of(ann.address(), alias), "jane@mailbox.example",
            ann.address().asString() + ", sales@brand.example", PASS);

        assertThat(decision.verdict()).isEqualTo(ReplyDecision.Verdict.REPLY);
        assertThat(decision.dropped()).containsExactly(alias);
    }

    @Test
    void strangerShouldBeRefusedAndTheOwnersAlerted() {
        ReplyDecision decision = decide(List.of(ann.address()), "mallory@evil.example", ann.address().asString(),
            Optional.of("spf=pass smtp.mailfrom=evil.example; dkim=none; dmarc=pass header.from=evil.example"));

        assertThat(decision.verdict()).isEqualTo(ReplyDecision.Verdict.REFUSE);
        assertThat(decision.status().orElseThrow().toString()).startsWith("550 5.7.1 only the alias's own mailboxes");
        assertThat(decision.alert()).isTrue();
    }

    @Test
    void forgedMailboxFromShouldBeRefusedAndTheOwnersAlerted() {
        ReplyDecision decision = decide(List.of(ann.address()), "jane@mailbox.example", ann.address().asString(),
            Optional.of("spf=pass smtp.mailfrom=evil.example; dkim=none; dmarc=fail header.from=mailbox.example"));

        assertThat(decision.verdict()).isEqualTo(ReplyDecision.Verdict.REFUSE);
        assertThat(decision.status().orElseThrow().toString())
            .startsWith("550 5.7.1 the reply does not authenticate as coming from mailbox.example");
        assertThat(decision.alert()).isTrue();
    }

    @Test
    void mailWithoutVerdictsShouldBeRefused() {
        assertThat(decide(List.of(ann.address()), "jane@mailbox.example", ann.address().asString(), Optional.empty()).verdict())
            .isEqualTo(ReplyDecision.Verdict.REFUSE);
    }

    @Test
    void severalFromAddressesShouldBeRefused() {
        assertThat(decide(List.of(ann.address()), "jane@mailbox.example, ann@customer.example", "", PASS).verdict())
            .isEqualTo(ReplyDecision.Verdict.REFUSE);
    }

    @Test
    void outsideAddressInCcShouldBeRefusedWithoutAlert() {
        ReplyDecision decision = decide(List.of(ann.address()), "jane@mailbox.example",
            ann.address().asString() + ", carol@elsewhere.example", PASS);

        assertThat(decision.status().orElseThrow().toString())
            .startsWith("550 5.7.1 a reply through an alias cannot also go to other addresses (carol@elsewhere.example)");
        assertThat(decision.alert()).isFalse();
    }

    @Test
    void outsideEnvelopeRecipientShouldBeRefused() throws Exception {
        ReplyDecision decision = decide(List.of(ann.address(), new MailAddress("info@brand.example")), "jane@mailbox.example",
            ann.address().asString(), PASS);

        assertThat(decision.status().orElseThrow().toString()).contains("cannot also go to other addresses (info@brand.example)");
    }

    @Test
    void reverseAliasesOfTwoAliasesShouldBeRefused() {
        ReplyDecision decision = decide(List.of(ann.address(), ofInfo.address()), "jane@mailbox.example", "", PASS);

        assertThat(decision.status().orElseThrow().toString()).contains("reply addresses of one alias only");
    }

    @Test
    void disabledReverseAliasShouldBeUnknown() {
        reverseAliases.setEnabled(DOMAIN, ann.id(), false);

        assertThat(decide(List.of(ann.address()), "jane@mailbox.example", "", PASS).status().orElseThrow().toString())
            .startsWith("550 5.1.1");
    }

    @Test
    void reverseAliasOfADeletedAliasShouldBeUnknown() {
        directory.deleteAlias(AliasAddress.of(DOMAIN, LocalPart.of("sales")));

        assertThat(decide(List.of(ann.address()), "jane@mailbox.example", "", PASS).status().orElseThrow().toString())
            .startsWith("550 5.1.1");
    }
}
