package io.smtpy.rules.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.rules.mime.MessageContent;

class UnsubscribeFieldsTest {
    private static final String TOKEN = "AQEAbc-_9";
    private static final String LINK = "<https://mx.example.com:8000/smtpy/links/AQEAbc-_9>";

    @Test
    void aMessageWithoutListUnsubscribeGetsOneClickUnsubscribeAndTheBlockField() {
        assertThat(UnsubscribeFields.fields("https://mx.example.com:8000", TOKEN, false)).containsExactly(
            new HeaderField("List-Unsubscribe", LINK),
            new HeaderField("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            new HeaderField("X-Smtpy-Block", LINK));
    }

    @Test
    void aMailingListsOwnUnsubscribeIsKeptAndOnlyTheBlockFieldIsAdded() {
        assertThat(UnsubscribeFields.fields("https://mx.example.com:8000", TOKEN, true))
            .containsExactly(new HeaderField("X-Smtpy-Block", LINK));
    }

    @Test
    void aTrailingSlashOnTheBaseIsNotDoubled() {
        assertThat(UnsubscribeFields.linkUrl("https://mx.example.com:8000/", TOKEN))
            .isEqualTo("https://mx.example.com:8000/smtpy/links/AQEAbc-_9");
        assertThat(UnsubscribeFields.linkUrl("https://example.com/mail/", TOKEN))
            .isEqualTo("https://example.com/mail/smtpy/links/AQEAbc-_9");
    }

    @Test
    void tellsWhetherTheMessageHasItsOwnListUnsubscribe() {
        MessageContent list = MessageContent.header(("From: list@lists.example\r\n"
            + "list-unsubscribe: <https://lists.example/u/1>, <mailto:leave@lists.example>\r\n\r\nhi\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        MessageContent personal = MessageContent.header("From: friend@example.org\r\nSubject: hi\r\n\r\nhi\r\n"
            .getBytes(StandardCharsets.US_ASCII));

        assertThat(UnsubscribeFields.hasListUnsubscribe(list)).isTrue();
        assertThat(UnsubscribeFields.hasListUnsubscribe(personal)).isFalse();
    }

    @Test
    void aLoneListUnsubscribePostCountsToo() {
        MessageContent odd = MessageContent.header("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));

        assertThat(UnsubscribeFields.hasListUnsubscribe(odd)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mx.example.com", "ftp://mx.example.com", "https://mx.example.com/?a=b",
        "https://mx.example.com/#x", "https://user@mx.example.com", "https://mx.example.com/>\r\nBcc: x", ""})
    void aBaseThatIsNotAPlainHttpUrlIsRefused(String base) {
        assertThatThrownBy(() -> UnsubscribeFields.fields(base, TOKEN, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc>def", "abc\r\nBcc: x", "a b", "abc="})
    void aTokenThatIsNotBase64UrlIsRefused(String token) {
        assertThatThrownBy(() -> UnsubscribeFields.fields("https://mx.example.com", token, false))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
