package io.smtpy.sending.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class ReplyHeadersTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");

    @Test
    void replyHeaderShouldNameTheAliasAndTheOriginalSendersOnly() throws Exception {
        ReverseAlias ann = ReverseAlias.issue(DOMAIN, LocalPart.of("sales"), new MailAddress("ann@customer.example"), "Ann A.",
            Instant.EPOCH);
        ReverseAlias bob = ReverseAlias.issue(DOMAIN, LocalPart.of("sales"), new MailAddress("bob@customer.example"), "",
            Instant.EPOCH);
        List<String> original = List.of(
            "Received: from mail.mailbox.example by mx.mailbox.example\r\n\tfor <jane@mailbox.example>; Tue, 1 Mar 2026",
            "Return-Path: <jane@mailbox.example>",
            "DKIM-Signature: v=1; d=mailbox.example; i=jane@mailbox.example; s=s1; b=abc",
            "From: \"Jane D.\" <Jane@Mailbox.example>",
            "Sender: jane@mailbox.example",
            "Reply-To: jane@mailbox.example",
            "To: \"Ann A.\" <" + ann.address().asString() + ">,\r\n " + bob.address().asString(),
            "Cc: jane@mailbox.example",
            "Subject: Re: =?UTF-8?Q?caf=C3=A9?=",
            "X-Mailer: Mailbox Web",
            "Message-ID: <abc@mailbox.example>",
            "In-Reply-To: <q@customer.example>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8");

        List<String> rewritten = ReplyHeaders.rewrite(original, new MailAddress("jane@mailbox.example"),
            new MailAddress("sales@brand.example"), Map.of(ann.address().asString(), ann, bob.address().asString(), bob));

        assertThat(rewritten).containsExactly(
            "From: \"Jane D.\" <sales@brand.example>\r\n",
            "To: \"Ann A.\" <ann@customer.example>, bob@customer.example\r\n",
            "Cc: sales@brand.example\r\n",
            "Subject: Re: =?UTF-8?Q?caf=C3=A9?=\r\n",
            "Message-ID: <abc@mailbox.example>\r\n",
            "In-Reply-To: <q@customer.example>\r\n",
            "MIME-Version: 1.0\r\n",
            "Content-Type: text/plain; charset=utf-8\r\n");
        assertThat(String.join("", rewritten).toLowerCase()).doesNotContain("jane@mailbox.example");
    }
}
