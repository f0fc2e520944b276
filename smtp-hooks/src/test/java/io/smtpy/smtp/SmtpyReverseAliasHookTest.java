package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.sending.reverse.ReplyFixture;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliases;

class SmtpyReverseAliasHookTest {
    private static final DomainName DOMAIN = ReplyFixture.DOMAIN;

    private final ReplyFixture fixture = new ReplyFixture();
    private final ReverseAliases reverseAliases = fixture.reverseAliases;
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final SmtpyReverseAliasHook hook = new SmtpyReverseAliasHook(reverseAliases, fixture.resolver,
        new RcptRefusals(new MailEvents(events), ReplyFixture.CLOCK));
    private final ReverseAlias reverse = fixture.ann;

    private List<MailEvent> rejected() {
        return events.list(MailEventQuery.of(DOMAIN)).stream().filter(event -> event.type() == MailEventType.REJECTED)
            .collect(java.util.stream.Collectors.toList());
    }

    private HookResult rcpt(MailAddress recipient) throws Exception {
        return hook.doRcpt(FakeSmtpSession.unauthenticated("s1"), MaybeSender.of(new MailAddress("jane@mailbox.example")), recipient);
    }

    @Test
    void knownReverseAliasShouldBeAccepted() throws Exception {
        assertThat(rcpt(reverse.address()).getResult()).isEqualTo(HookReturnCode.ok());
    }

    @Test
    void unknownTokenShouldBeRefusedAsNoSuchRecipient() throws Exception {
        HookResult result = rcpt(new MailAddress("ra+aaaaaaaaaaaaaaaaaaaa@brand.example"));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.1.1");
        List<MailEvent> rejected = rejected();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).detail()).contains("unknown reverse alias");
    }

    @Test
    void disabledReverseAliasShouldBeRefusedForItsAlias() throws Exception {
        reverseAliases.setEnabled(DOMAIN, reverse.id(), false);

        assertThat(rcpt(reverse.address()).getSmtpRetCode()).isEqualTo("550");
        MailEvent rejected = rejected().get(0);
        assertThat(rejected.alias()).contains(LocalPart.of("sales"));
        assertThat(rejected.detail()).contains("is disabled");
    }

    @Test
    void reverseAliasOfADisabledAliasShouldBeRefused() throws Exception {
        fixture.directory.updateAlias(AliasAddress.of(DOMAIN, LocalPart.of("sales")), alias -> alias.enabled(false));

        assertThat(rcpt(reverse.address()).getSmtpRetCode()).isEqualTo("550");
    }

    @Test
    void otherAddressesShouldBeLeftToTheNextHooks() throws Exception {
        assertThat(rcpt(new MailAddress("sales@brand.example"))).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(new MailAddress("ra+aaaaaaaaaaaaaaaaaaaa@not-smtpy.example"))).isEqualTo(HookResult.DECLINED);
    }
}
