package io.smtpy.rules;

import static io.smtpy.rules.Condition.Operator.CONTAINS;
import static io.smtpy.rules.Condition.Operator.EQUALS;
import static io.smtpy.rules.Condition.Operator.EXISTS;
import static io.smtpy.rules.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class MessageViewTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final LocalPart SALES = LocalPart.of("sales");

    private static RuleBook book(Condition... conditions) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < conditions.length; i++) {
            rules.add(Rule.of("rule " + i, Condition.all(List.of(conditions[i])), RuleAction.drop()));
        }
        RuleBook book = new RuleBook(new MemoryRuleRepository(), Clock.systemUTC(), RuleLimits.DEFAULT);
        book.put(RuleScope.alias(EXAMPLE, SALES), new RuleSet(java.time.ZoneOffset.UTC, rules));
        return book;
    }

    private static RuleEvaluation evaluate(RuleBook book, MessageView view) {
        return book.evaluate(EXAMPLE, Optional.of(SALES), view);
    }

    @Test
    void headerConditionsShouldParseTheHeaderOnceAndNeverTheBody() {
        Condition[] conditions = new Condition[100];
        for (int i = 0; i < 100; i++) {
            conditions[i] = i % 2 == 0 ? Condition.of("subject", CONTAINS, "word" + i) : Condition.of("from", EQUALS, "user" + i + "@x.org");
        }
        RuleBook book = book(conditions);
        MessageView view = message().header("Subject", "hello").header("From", "alice@sender.org").view();

        RuleEvaluation evaluation = evaluate(book, view);

        assertThat(evaluation.trace()).hasSize(100).allMatch(step -> !step.matched());
        assertThat(view.headerParses()).isEqualTo(1);
        assertThat(view.fullParses()).isZero();
    }

    @Test
    void envelopeConditionsShouldNotReadTheMessage() {
        Mails mail = message().recipient("sales+tag@example.com").verdicts(Map.of("spf", "pass"));
        RuleBook book = book(Condition.of("sender", EQUALS, "x@y.org"), Condition.of("recipient", CONTAINS, "nobody"),
            Condition.of("tag", EQUALS, "other"), Condition.of("spf", EQUALS, "fail"), Condition.of("time", Condition.Operator.IN, "00:00-00:01"),
            Condition.of("weekday", Condition.Operator.IN, "sun"));
        MessageView view = mail.view();

        evaluate(book, view);

        assertThat(mail.rawReads.get()).isZero();
        assertThat(view.headerParses()).isZero();
    }

    @Test
    void bodyConditionsShouldParseTheMessageOnceForEveryRule() {
        RuleBook book = book(Condition.of("body", CONTAINS, "a"), Condition.of("body", CONTAINS, "b"),
            Condition.of("attachment", EXISTS, ""), Condition.of("subject", CONTAINS, "c"));
        Mails mail = message().header("Subject", "x").body("nothing here\r\n");
        MessageView view = mail.view();

        evaluate(book, view);

        assertThat(view.fullParses()).isEqualTo(1);
        assertThat(view.headerParses()).as("the full parse serves the header").isZero();
        assertThat(mail.rawReads.get()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "no header at all, no blank line",
        "Subject: ok\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nunterminated",
        "Subject: ok\r\nContent-Type: multipart/mixed\r\n\r\nno boundary parameter\r\n",
        "Subject: ok\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64***\r\n",
        "Subject: =?utf-8?B?broken?=\r\nFrom: <<<@@@>>>\r\nContent-Type: text/html; charset=nonexistent\r\n\r\n<p>unclosed <b>tags",
        "Subject: ok\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: application/pdf; name=\"x.pdf\"\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n--b\r\n--b--\r\n",
        "\u0000\u0001\u0002binary\u00ff\r\n\r\n\u0000",
    })
    void brokenMimeShouldNeverMakeEvaluationThrow(String raw) {
        RuleBook book = book(Condition.of("subject", CONTAINS, "x"), Condition.of("from", EQUALS, "a@b.org"),
            Condition.of("body", CONTAINS, "text"), Condition.of("attachment-name", CONTAINS, "pdf"),
            Condition.of("attachment-size", Condition.Operator.GT, "1"), Condition.of("attachment-type", EXISTS, ""),
            Condition.of("header:Content-Type", EXISTS, ""), Condition.of("size", Condition.Operator.GT, "0"));
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);

        assertThatCode(() -> evaluate(book, MessageView.of(MaybeSender.nullSender(), Mails.address("sales@example.com"), () -> bytes,
            Verdicts.none(), Mails.NOON)).trace().forEach(TraceStep::why)).doesNotThrowAnyException();
    }
}
