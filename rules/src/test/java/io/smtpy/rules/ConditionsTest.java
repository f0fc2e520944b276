package io.smtpy.rules;

import static io.smtpy.rules.Condition.Operator.CONTAINS;
import static io.smtpy.rules.Condition.Operator.ENDS_WITH;
import static io.smtpy.rules.Condition.Operator.EQUALS;
import static io.smtpy.rules.Condition.Operator.EXISTS;
import static io.smtpy.rules.Condition.Operator.GLOB;
import static io.smtpy.rules.Condition.Operator.GT;
import static io.smtpy.rules.Condition.Operator.GTE;
import static io.smtpy.rules.Condition.Operator.IN;
import static io.smtpy.rules.Condition.Operator.LT;
import static io.smtpy.rules.Condition.Operator.LTE;
import static io.smtpy.rules.Condition.Operator.MATCHES;
import static io.smtpy.rules.Condition.Operator.STARTS_WITH;
import static io.smtpy.rules.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class ConditionsTest {
    private static final RuleScope SCOPE = RuleScope.domain(DomainName.of("example.com"));

    static boolean holds(Condition condition, MessageView view) {
        return holds(condition, view, ZoneId.of("UTC"));
    }

    static boolean holds(Condition condition, MessageView view, ZoneId zone) {
        Condition.Group group = condition instanceof Condition.Group ? (Condition.Group) condition : Condition.all(List.of(condition));
        RuleSet set = new RuleSet(zone, List.of(Rule.of("r", group, RuleAction.drop())));
        List<RuleRef> matched = new ArrayList<>();
        CompiledRules.compile(set, RuleLimits.DEFAULT).in(SCOPE).evaluate(view, new RuleEvaluation.Builder(), matched);
        return !matched.isEmpty();
    }

    private static boolean holds(String field, Condition.Operator operator, String value, Mails mail) {
        return holds(Condition.of(field, operator, value), mail.view());
    }

    private static final Mails INVOICE = message().header("Subject", "Your Invoice 42").header("From", "Alice <Alice@Sender.org>");

    @Test
    void textOperatorsShouldIgnoreCaseByDefault() {
        assertThat(holds("subject", EQUALS, "your invoice 42", INVOICE)).isTrue();
        assertThat(holds("subject", CONTAINS, "INVOICE", INVOICE)).isTrue();
        assertThat(holds("subject", STARTS_WITH, "your", INVOICE)).isTrue();
        assertThat(holds("subject", ENDS_WITH, "ICE 42", INVOICE)).isTrue();
        assertThat(holds("subject", GLOB, "your*4?", INVOICE)).isTrue();
        assertThat(holds("subject", MATCHES, "invoice [0-9]+", INVOICE)).isTrue();
        assertThat(holds("subject", EXISTS, "", INVOICE)).isTrue();
    }

    @Test
    void textOperatorsShouldSayNoWhenTheTextDiffers() {
        assertThat(holds("subject", EQUALS, "your invoice", INVOICE)).isFalse();
        assertThat(holds("subject", CONTAINS, "receipt", INVOICE)).isFalse();
        assertThat(holds("subject", STARTS_WITH, "invoice", INVOICE)).isFalse();
        assertThat(holds("subject", ENDS_WITH, "your", INVOICE)).isFalse();
        assertThat(holds("subject", GLOB, "invoice*", INVOICE)).isFalse();
        assertThat(holds("subject", MATCHES, "^invoice", INVOICE)).isFalse();
        assertThat(holds("subject", EXISTS, "", message())).isFalse();
    }

    @Test
    void spamScoreShouldCompareAsANumberAndNeverMatchAnUnscoredMail() {
        Mails scored = message().scanned(Optional.of(6.5), Optional.empty());

        assertThat(holds("spamScore", GT, "6", scored)).isTrue();
        assertThat(holds("spamScore", GTE, "6.5", scored)).isTrue();
        assertThat(holds("spamScore", LT, "6.5", scored)).isFalse();
        assertThat(holds("spamScore", LTE, "-1", scored)).isFalse();
        assertThat(holds("spamScore", EXISTS, "", scored)).isTrue();
        assertThat(holds("spamScore", LT, "100", message())).isFalse();
        assertThat(holds("spamScore", EXISTS, "", message())).isFalse();
    }

    @Test
    void virusShouldReadTheSignaturesName() {
        Mails infected = message().scanned(Optional.of(1.0), Optional.of("Eicar-Test-Signature.UNOFFICIAL"));

        assertThat(holds("virus", EXISTS, "", infected)).isTrue();
        assertThat(holds("virus", STARTS_WITH, "eicar", infected)).isTrue();
        assertThat(holds("virus", EXISTS, "", message().scanned(Optional.of(1.0), Optional.empty()))).isFalse();
    }

    @Test
    void caseSensitiveConditionsShouldCompareExactly() {
        assertThat(holds(Condition.of("subject", CONTAINS, "invoice", true), INVOICE.view())).isFalse();
        assertThat(holds(Condition.of("subject", CONTAINS, "Invoice", true), INVOICE.view())).isTrue();
        assertThat(holds(Condition.of("subject", MATCHES, "invoice", true), INVOICE.view())).isFalse();
        assertThat(holds(Condition.of("subject", GLOB, "*Invoice*", true), INVOICE.view())).isTrue();
    }

    @Test
    void globShouldTreatOtherCharactersLiterally() {
        Mails mail = message().header("Subject", "a.b (c)");

        assertThat(holds("subject", GLOB, "a.b (?)", mail)).isTrue();
        assertThat(holds("subject", GLOB, "a?b*", mail)).isTrue();
        assertThat(holds("subject", GLOB, "axb*", mail)).isFalse();
    }

    @Test
    void addressFieldsShouldMatchEachAddressAndTheWholeValue() {
        Mails mail = message().header("From", "\"Alice Doe\" <Alice@Sender.org>")
            .header("To", "sales@example.com, Bob <bob@other.org>")
            .header("Cc", "carol@cc.org")
            .header("Reply-To", "replies@sender.org");

        assertThat(holds("from", EQUALS, "alice@sender.org", mail)).isTrue();
        assertThat(holds("from", CONTAINS, "alice doe", mail)).isTrue();
        assertThat(holds("to", EQUALS, "bob@other.org", mail)).isTrue();
        assertThat(holds("to", ENDS_WITH, "@example.com", mail)).isTrue();
        assertThat(holds("cc", EQUALS, "carol@cc.org", mail)).isTrue();
        assertThat(holds("reply-to", STARTS_WITH, "replies@", mail)).isTrue();
        assertThat(holds("from", EQUALS, "bob@other.org", mail)).isFalse();
    }

    @Test
    void senderShouldBeTheEnvelopeSenderAndEmptyForTheNullSender() {
        assertThat(holds("sender", EQUALS, "alice@sender.org", message().header("From", "bob@other.org"))).isTrue();
        assertThat(holds("sender", EQUALS, "", message().sender(MaybeSender.nullSender()))).isTrue();
        assertThat(holds("sender", EXISTS, "", message().sender(MaybeSender.nullSender()))).isFalse();
    }

    @Test
    void recipientAndTagShouldComeFromTheEnvelopeRecipient() {
        Mails tagged = message().recipient("sales+Newsletters@example.com");

        assertThat(holds("recipient", EQUALS, "sales+newsletters@example.com", tagged)).isTrue();
        assertThat(holds("tag", EQUALS, "newsletters", tagged)).isTrue();
        assertThat(holds("tag", EQUALS, "", message())).isTrue();
        assertThat(holds("tag", EXISTS, "", message())).isFalse();
    }

    @Test
    void listIdAndAnyHeaderFieldShouldBeRead() {
        Mails mail = message().header("List-Id", "Announcements <announce.lists.example.org>")
            .header("X-Spam-Flag", "NO").header("X-Spam-Flag", "YES");

        assertThat(holds("list-id", CONTAINS, "<announce.lists.example.org>", mail)).isTrue();
        assertThat(holds("header:X-Spam-Flag", EQUALS, "yes", mail)).isTrue();
        assertThat(holds("header:x-spam-flag", EQUALS, "no", mail)).isTrue();
        assertThat(holds("header:X-Other", EXISTS, "", mail)).isFalse();
    }

    @Test
    void unfoldedHeaderValuesShouldBeTested() {
        Mails mail = message().raw("Subject: a long\r\n subject line\r\n\r\nbody\r\n");

        assertThat(holds("subject", CONTAINS, "long subject", mail)).isTrue();
    }

    @Test
    void bodyShouldBeTheTextOfTheMessage() {
        assertThat(holds("body", CONTAINS, "unsubscribe", message().body("Click here to UNSUBSCRIBE.\r\n"))).isTrue();
        assertThat(holds("body", CONTAINS, "unsubscribe", message().body("Nothing to see.\r\n"))).isFalse();
    }

    @Test
    void sizeShouldCompareTheMessageBytesWithUnits() {
        Mails big = message().body("x".repeat(20 * 1024));

        assertThat(holds("size", GT, "10k", big)).isTrue();
        assertThat(holds("size", LT, "10k", big)).isFalse();
        assertThat(holds("size", LTE, "1M", big)).isTrue();
        assertThat(holds("size", GTE, "2M", big)).isFalse();
        long exact = big.bytes().length;
        assertThat(holds("size", EQUALS, Long.toString(exact), big)).isTrue();
    }

    @Test
    void verdictsShouldReadNoneWhenAbsent() {
        Mails mail = message().verdicts(Map.of("spf", "pass", "DMARC", "Fail"));

        assertThat(holds("spf", EQUALS, "pass", mail)).isTrue();
        assertThat(holds("dmarc", EQUALS, "fail", mail)).isTrue();
        assertThat(holds("dkim", EQUALS, "none", mail)).isTrue();
        assertThat(holds("arc", EQUALS, "pass", mail)).isFalse();
    }

    @Test
    void aTimeWindowAcrossMidnightShouldBeReadInTheListsTimeZone() {
        Condition night = Condition.of("time", IN, "22:00-06:30");
        ZoneId paris = ZoneId.of("Europe/Paris");

        // 21:30 UTC is 22:30 in Paris in winter: inside; 05:00 UTC is 06:00: inside; 06:00 UTC is 07:00: outside.
        assertThat(holds(night, message().at(Instant.parse("2026-01-07T21:30:00Z")).view(), paris)).isTrue();
        assertThat(holds(night, message().at(Instant.parse("2026-01-07T05:00:00Z")).view(), paris)).isTrue();
        assertThat(holds(night, message().at(Instant.parse("2026-01-07T06:00:00Z")).view(), paris)).isFalse();
        assertThat(holds(night, message().at(Instant.parse("2026-01-07T21:30:00Z")).view(), ZoneId.of("UTC"))).isFalse();
    }

    @Test
    void aTimeWindowShouldIncludeItsStartAndExcludeItsEnd() {
        Condition office = Condition.of("time", IN, "09:00-17:00");

        assertThat(holds(office, message().at(Instant.parse("2026-01-07T09:00:00Z")).view())).isTrue();
        assertThat(holds(office, message().at(Instant.parse("2026-01-07T16:59:59Z")).view())).isTrue();
        assertThat(holds(office, message().at(Instant.parse("2026-01-07T17:00:00Z")).view())).isFalse();
    }

    @Test
    void weekdaysShouldBeReadInTheListsTimeZone() {
        Condition weekend = Condition.of("weekday", IN, "sat, Sun");
        Instant fridayLateUtc = Instant.parse("2026-01-09T23:30:00Z");

        assertThat(holds(weekend, message().at(fridayLateUtc).view(), ZoneId.of("UTC"))).isFalse();
        assertThat(holds(weekend, message().at(fridayLateUtc).view(), ZoneId.of("Europe/Paris"))).isTrue();
        assertThat(holds(Condition.of("weekday", IN, "wednesday"), message().view())).isTrue();
    }

    @Test
    void groupsShouldCombineConditions() {
        Condition subject = Condition.of("subject", CONTAINS, "invoice");
        Condition fromBob = Condition.of("from", EQUALS, "bob@other.org");
        MessageView view = INVOICE.view();

        assertThat(holds(Condition.all(List.of(subject, fromBob)), view)).isFalse();
        assertThat(holds(Condition.any(List.of(subject, fromBob)), view)).isTrue();
        assertThat(holds(Condition.all(List.of(subject, Condition.not(fromBob))), view)).isTrue();
        assertThat(holds(Condition.all(List.of()), view)).isTrue();
        assertThat(holds(Condition.any(List.of()), view)).isFalse();
        assertThat(holds(Condition.all(List.of(Condition.any(List.of(fromBob, Condition.not(Condition.not(subject)))))), view))
            .isTrue();
    }

    @Test
    void aMissingFieldShouldFailEveryTextTestButItsNegation() {
        Mails mail = message();

        assertThat(holds("header:X-Priority", CONTAINS, "", mail)).isFalse();
        assertThat(holds(Condition.not(Condition.of("header:X-Priority", EQUALS, "1")), mail.view())).isTrue();
    }

    @Test
    void regularExpressionsShouldRunInLinearTime() {
        Mails mail = message().header("Subject", "a".repeat(50_000) + "!");
        long start = System.nanoTime();

        assertThat(holds("subject", MATCHES, "^(a+)+$", mail)).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void attachmentConditionsShouldReadEveryAttachment() {
        Mails mail = Mails.withAttachment();

        assertThat(holds("attachment", EXISTS, "", mail)).isTrue();
        assertThat(holds("attachment", ENDS_WITH, ".pdf", mail)).isTrue();
        assertThat(holds("attachment-name", GLOB, "invoice-*.PDF", mail)).isTrue();
        assertThat(holds("attachment-type", EQUALS, "application/pdf", mail)).isTrue();
        assertThat(holds("attachment-size", EQUALS, "9", mail)).isTrue();
        assertThat(holds("attachment-size", GT, "1k", mail)).isFalse();
        assertThat(holds("body", CONTAINS, "invoice attached", mail)).isTrue();
    }

    @Test
    void aMessageWithoutAttachmentShouldHaveNone() {
        assertThat(holds("attachment", EXISTS, "", message())).isFalse();
        assertThat(holds("attachment-size", GTE, "0", message())).isFalse();
    }

    @Test
    void encodedHeaderFieldsShouldBeTestedDecoded() {
        Mails mail = message().header("Subject", "=?UTF-8?B?RmFjdHVyZSBuwrAgNDI=?=")
            .header("From", "=?ISO-8859-1?Q?Ren=E9?= <rene@sender.org>");

        assertThat(holds("subject", EQUALS, "facture n\u00b0 42", mail)).isTrue();
        assertThat(holds("from", CONTAINS, "ren\u00e9", mail)).isTrue();
        assertThat(holds("from", EQUALS, "rene@sender.org", mail)).isTrue();
    }

    @Test
    void theBodyOfAnHtmlMessageShouldBeItsTextWithoutTags() {
        Mails html = message().raw("Subject: news\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            + "<html><body><p>Special <b>offer</b></p><script>var hidden = 'secret';</script></body></html>\r\n");

        assertThat(holds("body", CONTAINS, "special offer", html)).isTrue();
        assertThat(holds("body", CONTAINS, "<b>", html)).isFalse();
        assertThat(holds("body", CONTAINS, "secret", html)).isFalse();
    }
}
