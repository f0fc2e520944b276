package io.smtpy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.core.model.InvalidFieldException;

class RuleJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VALID = "{\"timeZone\": \"Europe/Paris\", \"rules\": ["
        + "{\"name\": \"invoices\", \"conditions\": {\"all\": ["
        + "  {\"field\": \"subject\", \"op\": \"contains\", \"value\": \"invoice\"},"
        + "  {\"any\": [{\"field\": \"header:X-Spam\", \"op\": \"exists\"}, {\"not\": {\"field\": \"size\", \"op\": \"gt\", \"value\": 2048}}]},"
        + "  {\"field\": \"from\", \"op\": \"matches\", \"value\": \"@(a|b)\\\\.org$\", \"caseSensitive\": true}]},"
        + " \"actions\": [{\"type\": \"forward\", \"to\": [\"acc@example.org\"]}, {\"type\": \"alsoForward\", \"to\": [\"b@example.org\"]},"
        + "  {\"type\": \"post\", \"url\": \"https://hooks.example.net/x\", \"format\": \"json\"},"
        + "  {\"type\": \"addHeader\", \"name\": \"X-Rule\", \"value\": \"invoices\"}, {\"type\": \"prefixSubject\", \"prefix\": \"[inv]\"},"
        + "  {\"type\": \"stop\"}]},"
        + "{\"name\": \"night\", \"enabled\": false, \"conditions\": {\"all\": [{\"field\": \"time\", \"op\": \"in\", \"value\": \"22:00-06:00\"},"
        + "  {\"field\": \"weekday\", \"op\": \"in\", \"value\": \"sat,sun\"}, {\"field\": \"dmarc\", \"op\": \"equals\", \"value\": \"fail\"}]},"
        + " \"actions\": [{\"type\": \"reject\", \"text\": \"not now\"}, {\"type\": \"quarantine\"}, {\"type\": \"drop\"}, {\"type\": \"reject\"}]}"
        + "]}";

    private static String field(String json) {
        Throwable thrown = catchThrowable(() -> RuleJson.read(json, RuleLimits.DEFAULT));
        assertThat(thrown).isInstanceOf(InvalidFieldException.class);
        return ((InvalidFieldException) thrown).field();
    }

    /** A one-rule document with the given conditions and actions. */
    private static String rule(String conditions, String actions) {
        return "{\"rules\": [{\"name\": \"r\", \"conditions\": " + conditions + ", \"actions\": [" + actions + "]}]}";
    }

    private static String when(String condition) {
        return rule("{\"all\": [" + condition + "]}", "{\"type\": \"drop\"}");
    }

    private static String then(String action) {
        return rule("{\"all\": []}", action);
    }

    @Test
    void aValidDocumentShouldBeRead() {
        RuleSet set = RuleJson.read(VALID, RuleLimits.DEFAULT);

        assertThat(set.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(set.rules()).extracting(Rule::name).containsExactly("invoices", "night");
        assertThat(set.rules().get(0).enabled()).isTrue();
        assertThat(set.rules().get(1).enabled()).isFalse();
        assertThat(set.rules().get(0).conditions().conditions().get(0))
            .isEqualTo(Condition.of("subject", Condition.Operator.CONTAINS, "invoice"));
        assertThat(set.rules().get(0).actions().get(2)).isEqualTo(RuleAction.post("https://hooks.example.net/x", RuleAction.PostFormat.JSON));
        assertThat(set.rules().get(1).actions().get(0).rejectText()).contains("not now");
    }

    @Test
    void writeShouldRoundTripWhatReadAccepts() throws Exception {
        RuleSet set = RuleJson.read(VALID, RuleLimits.DEFAULT);

        assertThat(RuleJson.read(RuleJson.write(set, Map.of()), RuleLimits.DEFAULT)).isEqualTo(set);
        assertThat(RuleJson.read(RuleJson.write(RuleRepositoryContract.richSet(), Map.of()), RuleLimits.DEFAULT))
            .isEqualTo(RuleRepositoryContract.richSet());
    }

    @Test
    void aDocumentWithoutTimeZoneShouldBeInUtc() {
        RuleSet set = RuleJson.read("{\"rules\": []}", RuleLimits.DEFAULT);

        assertThat(set).isEqualTo(RuleSet.empty());
        assertThat(RuleJson.write(set, Map.of()).get("timeZone").asText()).isEqualTo("UTC");
        assertThat(RuleJson.read("{\"timeZone\": \"UTC\", \"rules\": []}", RuleLimits.DEFAULT).timeZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void writeShouldAddHitsToTheRulesThatHaveSome() {
        RuleSet set = RuleJson.read(VALID, RuleLimits.DEFAULT);

        JsonNode written = RuleJson.write(set, Map.of("invoices", new RuleHits(3, Optional.of(Instant.parse("2026-01-01T10:00:00Z")))));

        assertThat(written.get("rules").get(0).get("hits").toString()).isEqualTo("{\"count\":3,\"lastHit\":\"2026-01-01T10:00:00Z\"}");
        assertThat(written.get("rules").get(1).has("hits")).isFalse();
        assertThat(RuleJson.read(written, RuleLimits.DEFAULT)).as("hits are ignored when read back").isEqualTo(set);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown field                | {\"field\": \"colour\", \"op\": \"equals\", \"value\": \"x\"}    | rules[0].conditions.all[0].field",
        "unknown operator             | {\"field\": \"subject\", \"op\": \"like\", \"value\": \"x\"}     | rules[0].conditions.all[0].op",
        "text op on a size            | {\"field\": \"size\", \"op\": \"contains\", \"value\": \"1\"}    | rules[0].conditions.all[0].op",
        "number op on text            | {\"field\": \"subject\", \"op\": \"gt\", \"value\": \"1\"}       | rules[0].conditions.all[0].op",
        "in on text                   | {\"field\": \"subject\", \"op\": \"in\", \"value\": \"1\"}       | rules[0].conditions.all[0].op",
        "not a size                   | {\"field\": \"size\", \"op\": \"gt\", \"value\": \"ten\"}        | rules[0].conditions.all[0].value",
        "not a verdict                | {\"field\": \"spf\", \"op\": \"equals\", \"value\": \"ok\"}      | rules[0].conditions.all[0].value",
        "not a spam score             | {\"field\": \"spamScore\", \"op\": \"gt\", \"value\": \"high\"} | rules[0].conditions.all[0].value",
        "text op on a spam score      | {\"field\": \"spamScore\", \"op\": \"contains\", \"value\": \"5\"} | rules[0].conditions.all[0].op",
        "number op on a virus         | {\"field\": \"virus\", \"op\": \"gt\", \"value\": \"1\"}      | rules[0].conditions.all[0].op",
        "not a time window            | {\"field\": \"time\", \"op\": \"in\", \"value\": \"25:00-06:00\"}| rules[0].conditions.all[0].value",
        "empty time window            | {\"field\": \"time\", \"op\": \"in\", \"value\": \"06:00-06:00\"}| rules[0].conditions.all[0].value",
        "not a weekday                | {\"field\": \"weekday\", \"op\": \"in\", \"value\": \"mon,xyz\"} | rules[0].conditions.all[0].value",
        "bad regex                    | {\"field\": \"subject\", \"op\": \"matches\", \"value\": \"(a\"}  | rules[0].conditions.all[0].value",
        "backreference (not RE2)      | {\"field\": \"subject\", \"op\": \"matches\", \"value\": \"(a)\\\\1\"} | rules[0].conditions.all[0].value",
        "missing value                | {\"field\": \"subject\", \"op\": \"equals\"}                   | rules[0].conditions.all[0].value",
        "value of wrong type          | {\"field\": \"subject\", \"op\": \"equals\", \"value\": [1]}     | rules[0].conditions.all[0].value",
        "bad header name              | {\"field\": \"header:X Spam\", \"op\": \"exists\"}             | rules[0].conditions.all[0].field",
        "caseSensitive not boolean    | {\"field\": \"subject\", \"op\": \"exists\", \"caseSensitive\": \"yes\"} | rules[0].conditions.all[0].caseSensitive",
        "unknown property             | {\"field\": \"subject\", \"op\": \"exists\", \"colour\": 1}      | rules[0].conditions.all[0].colour",
        "two group kinds              | {\"all\": [], \"any\": []}                                     | rules[0].conditions.all[0]",
        "unknown group                | {\"some\": []}                                                 | rules[0].conditions.all[0].some",
        "nested error                 | {\"any\": [{\"not\": {\"field\": \"subject\", \"op\": \"nope\", \"value\": \"\"}}]} | rules[0].conditions.all[0].any[0].not.op",
    })
    void invalidConditionsShouldNameTheirPath(String why, String condition, String path) {
        assertThat(field(when(condition))).as(why).isEqualTo(path);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown type            | {\"type\": \"bounce\"}                                              | rules[0].actions[0].type",
        "not an address          | {\"type\": \"forward\", \"to\": [\"a@x.org\", \"b@x.org\", \"c@x.org\", \"nope\"]} | rules[0].actions[0].to[3]",
        "no address              | {\"type\": \"alsoForward\", \"to\": []}                              | rules[0].actions[0].to",
        "to not a list           | {\"type\": \"forward\", \"to\": \"a@x.org\"}                         | rules[0].actions[0].to",
        "ftp url                 | {\"type\": \"post\", \"url\": \"ftp://x.org/in\"}                    | rules[0].actions[0].url",
        "url with credentials    | {\"type\": \"post\", \"url\": \"https://u:p@x.org/in\"}              | rules[0].actions[0].url",
        "unknown format          | {\"type\": \"post\", \"url\": \"https://x.org/in\", \"format\": \"xml\"} | rules[0].actions[0].format",
        "reject text not ascii   | {\"type\": \"reject\", \"text\": \"non merci \u00e0 vous\"}          | rules[0].actions[0].text",
        "protected header        | {\"type\": \"addHeader\", \"name\": \"DKIM-Signature\", \"value\": \"x\"} | rules[0].actions[0].name",
        "arc header              | {\"type\": \"addHeader\", \"name\": \"ARC-Seal\", \"value\": \"x\"}   | rules[0].actions[0].name",
        "header name with colon  | {\"type\": \"addHeader\", \"name\": \"X-A:\", \"value\": \"x\"}       | rules[0].actions[0].name",
        "header value with CRLF  | {\"type\": \"addHeader\", \"name\": \"X-A\", \"value\": \"x\\r\\nBcc: y@x.org\"} | rules[0].actions[0].value",
        "prefix with newline     | {\"type\": \"prefixSubject\", \"prefix\": \"[a]\\n\"}               | rules[0].actions[0].prefix",
        "missing prefix          | {\"type\": \"prefixSubject\"}                                       | rules[0].actions[0].prefix",
        "parameter of other type | {\"type\": \"drop\", \"to\": [\"a@x.org\"]}                          | rules[0].actions[0].to",
    })
    void invalidActionsShouldNameTheirPath(String why, String action, String path) {
        assertThat(field(then(action))).as(why).isEqualTo(path);
    }

    @Test
    void rulesShouldBeCheckedAsAWhole() {
        assertThat(field("{\"rules\": [{\"name\": \"a\", \"conditions\": {\"all\": []}, \"actions\": []},"
            + "{\"name\": \"A\", \"conditions\": {\"all\": []}, \"actions\": []}]}")).isEqualTo("rules[1].name");
        assertThat(field("{\"rules\": [{\"name\": \"\", \"conditions\": {\"all\": []}, \"actions\": []}]}")).isEqualTo("rules[0].name");
        assertThat(field("{\"rules\": [{\"name\": \"" + "n".repeat(101) + "\", \"conditions\": {\"all\": []}, \"actions\": []}]}"))
            .isEqualTo("rules[0].name");
        assertThat(field("{\"rules\": [{\"name\": \"a\", \"actions\": []}]}")).isEqualTo("rules[0].conditions");
        assertThat(field("{\"rules\": [{\"name\": \"a\", \"conditions\": {\"field\": \"subject\", \"op\": \"exists\"}, \"actions\": []}]}"))
            .isEqualTo("rules[0].conditions");
        assertThat(field("{\"rules\": [{\"name\": \"a\", \"enabled\": \"yes\", \"conditions\": {\"all\": []}, \"actions\": []}]}"))
            .isEqualTo("rules[0].enabled");
        assertThat(field("{\"timeZone\": \"Mars/Olympus\", \"rules\": []}")).isEqualTo("timeZone");
        assertThat(field("{\"rules\": {}}")).isEqualTo("rules");
        assertThat(field("{\"rule\": []}")).isEqualTo("rule");
    }

    @Test
    void limitsShouldBeEnforcedWithTheirPath() {
        RuleLimits small = new RuleLimits(2, 3, 2, 2, 2, 10, 100_000);
        String always = "\"conditions\": {\"all\": []}";

        assertThat(fieldUnder(small, "{\"rules\": [{\"name\": \"a\", " + always + ", \"actions\": []}, {\"name\": \"b\", " + always
            + ", \"actions\": []}, {\"name\": \"c\", " + always + ", \"actions\": []}]}")).isEqualTo("rules");
        assertThat(fieldUnder(small, rule("{\"all\": [{\"any\": [{\"all\": []}]}]}", ""))).isEqualTo("rules[0].conditions.all[0].any[0]");
        String leaf = "{\"field\": \"subject\", \"op\": \"exists\"}";
        assertThat(fieldUnder(small, rule("{\"all\": [" + leaf + ", {\"any\": [" + leaf + ", " + leaf + "]}]}", "")))
            .isEqualTo("rules[0].conditions");
        assertThat(fieldUnder(small, rule("{\"all\": []}", "{\"type\": \"drop\"}, {\"type\": \"drop\"}, {\"type\": \"drop\"}")))
            .isEqualTo("rules[0].actions");
        assertThat(fieldUnder(small, rule("{\"all\": []}", "{\"type\": \"forward\", \"to\": [\"a@x.org\", \"b@x.org\", \"c@x.org\"]}")))
            .isEqualTo("rules[0].actions[0].to");
        assertThat(fieldUnder(small, rule("{\"all\": [{\"field\": \"subject\", \"op\": \"contains\", \"value\": \"12345678901\"}]}", "")))
            .isEqualTo("rules[0].conditions.all[0].value");
        assertThat(fieldUnder(new RuleLimits(2, 3, 2, 2, 2, 10, 50), VALID)).isEqualTo("rules");
    }

    private static String fieldUnder(RuleLimits limits, String json) {
        Throwable thrown = catchThrowable(() -> RuleJson.read(json, limits));
        assertThat(thrown).isInstanceOf(InvalidFieldException.class);
        return ((InvalidFieldException) thrown).field();
    }

    @Test
    void theDefaultLimitsShouldAllowWhatTheyPromise() {
        StringBuilder rules = new StringBuilder("{\"rules\": [");
        for (int i = 0; i < 200; i++) {
            rules.append(i == 0 ? "" : ",").append("{\"name\": \"r").append(i).append("\", \"conditions\": {\"all\": [")
                .append("{\"field\": \"subject\", \"op\": \"contains\", \"value\": \"").append(i).append("\"}]}, \"actions\": [{\"type\": \"drop\"}]}");
        }
        String nested = "{\"all\": [{\"any\": [{\"all\": [{\"any\": [{\"not\": {\"field\": \"subject\", \"op\": \"exists\"}}]}]}]}]}";

        assertThat(RuleJson.read(rules.append("]}").toString(), RuleLimits.DEFAULT).rules()).hasSize(200);
        assertThat(RuleJson.read(rule(nested, ""), RuleLimits.DEFAULT).rules()).hasSize(1);
        assertThat(field(rule("{\"all\": [" + nested + "]}", ""))).startsWith("rules[0].conditions.all[0]");
    }

    @Test
    void malformedJsonShouldBeAnInvalidRulesField() {
        assertThat(field("{\"rules\": [")).isEqualTo("rules");
        assertThat(field("")).isEqualTo("rules");
        assertThat(field("[]")).isEqualTo("rules");
        assertThat(field("null")).isEqualTo("rules");
        assertThat(field("\"rules\"")).isEqualTo("rules");
        assertThatThrownBy(() -> RuleJson.read((String) null, RuleLimits.DEFAULT)).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void deepNestingShouldBeRefusedWithoutExhaustingTheStack() {
        String deep = "{\"rules\": [{\"name\": \"a\", \"conditions\": " + "{\"not\": ".repeat(50_000) + "{}" + "}".repeat(50_000) + "}]}";
        String deepArrays = "{\"rules\": " + "[".repeat(20_000) + "]".repeat(20_000) + "}";

        assertThat(field(deep)).isNotEmpty();
        assertThat(field(deepArrays)).isEqualTo("rules");
        assertThat(catchThrowable(() -> RuleJson.read(deepArrays, RuleLimits.lenient()))).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void hugeStringsShouldBeRefused() {
        assertThat(field(when("{\"field\": \"subject\", \"op\": \"contains\", \"value\": \"" + "x".repeat(300_000) + "\"}")))
            .isEqualTo("rules");
        assertThat(field(when("{\"field\": \"subject\", \"op\": \"contains\", \"value\": \"" + "x".repeat(1001) + "\"}")))
            .isEqualTo("rules[0].conditions.all[0].value");
    }

    /** Whatever the input, reading either succeeds or throws InvalidFieldException: never a 500. */
    @Test
    void readingShouldNeverFailOtherwiseOnRandomInput() {
        Random random = new Random(13);
        String alphabet = "{}[]\":,  abcdefghijklmnopqrstuvwxyz0123456789.-+*?\\@/<>_ \u00e9\uD83D\uDCEC";
        String[] tokens = {"{", "}", "[", "]", ",", ":", "\"rules\"", "\"name\"", "\"conditions\"", "\"actions\"", "\"all\"",
            "\"any\"", "\"not\"", "\"field\"", "\"op\"", "\"value\"", "\"type\"", "\"to\"", "\"subject\"", "\"matches\"",
            "\"size\"", "\"gt\"", "\"time\"", "\"in\"", "\"forward\"", "\"post\"", "\"url\"", "null", "true", "1e999", "-1",
            "\"(\"", "\"a@b\"", "\"header:\"", "\"\"", "\"timeZone\"", "\"+99:99\"", "\"10G\"", "\"99999999999999999999k\""};
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            String input;
            switch (i % 4) {
                case 0:
                    input = VALID.substring(0, random.nextInt(VALID.length() + 1));
                    break;
                case 1:
                    StringBuilder mutated = new StringBuilder(VALID);
                    for (int m = 0; m < 1 + random.nextInt(4); m++) {
                        int at = random.nextInt(mutated.length());
                        mutated.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    input = mutated.toString();
                    break;
                case 2:
                    StringBuilder built = new StringBuilder();
                    for (int t = 0; t < random.nextInt(60); t++) {
                        built.append(tokens[random.nextInt(tokens.length)]);
                    }
                    input = built.toString();
                    break;
                default:
                    String json = VALID;
                    String[] values = {"\"x\"", "1", "[]", "{}", "null", "true", "[\"a\"]", "{\"all\": []}", "-5", "\"99999999999999999999\""};
                    for (String key : new String[] {"\"invoice\"", "\"contains\"", "\"subject\"", "[\"acc@example.org\"]", "\"json\"",
                        "2048", "\"22:00-06:00\"", "\"Europe/Paris\"", "false", "\"stop\"", "\"invoices\""}) {
                        if (random.nextInt(4) == 0) {
                            json = json.replace(key, values[random.nextInt(values.length)]);
                        }
                    }
                    input = json;
            }
            try {
                RuleSet set = RuleJson.read(input, RuleLimits.DEFAULT);
                assertThat(RuleJson.read(RuleJson.write(set, Map.of()), RuleLimits.DEFAULT)).isEqualTo(set);
                accepted++;
            } catch (InvalidFieldException expected) {
                assertThat(expected.field()).isNotNull();
            }
        }
        assertThat(accepted).as("the fuzzer also produces valid documents").isPositive();
    }

    @Test
    void aParsedDocumentShouldBeReadLikeItsText() throws Exception {
        JsonNode node = MAPPER.readTree(VALID);

        assertThat(RuleJson.read(node, RuleLimits.DEFAULT)).isEqualTo(RuleJson.read(VALID, RuleLimits.DEFAULT));
        assertThat(catchThrowable(() -> RuleJson.read(MAPPER.readTree("[1]"), RuleLimits.DEFAULT))).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void numericValuesShouldBeReadAsText() {
        RuleSet set = RuleJson.read(when("{\"field\": \"size\", \"op\": \"gt\", \"value\": 2048}"), RuleLimits.DEFAULT);

        assertThat(set.rules().get(0).conditions().conditions())
            .containsExactly(Condition.of("size", Condition.Operator.GT, "2048"));
        assertThat(List.of(field(when("{\"field\": \"size\", \"op\": \"gt\", \"value\": 1.5}")))).containsExactly("rules[0].conditions.all[0].value");
    }
}
