package io.smtpy.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

import io.smtpy.mailets.SourceAddressChoice;

class LeavesFromTest {
    private static LeavesFrom matcher(String condition) throws MessagingException {
        LeavesFrom matcher = new LeavesFrom();
        matcher.init(FakeMatcherConfig.builder().matcherName("LeavesFrom").condition(condition).build());
        return matcher;
    }

    private static FakeMail leavingFrom(String address) throws MessagingException {
        FakeMail.Builder builder = FakeMail.builder().name("m").recipients(new MailAddress("a@dest.example"),
            new MailAddress("b@other.example"));
        if (address != null) {
            builder.attribute(new Attribute(SourceAddressChoice.SOURCE_ADDRESS, AttributeValue.of(address)));
        }
        return builder.build();
    }

    @Test
    void aCopyChosenForTheAddressShouldMatchWithAllItsRecipients() throws Exception {
        assertThat(matcher("127.0.0.2").match(leavingFrom("127.0.0.2")))
            .containsExactlyInAnyOrder(new MailAddress("a@dest.example"), new MailAddress("b@other.example"));
        assertThat(matcher("::1").match(leavingFrom("0:0:0:0:0:0:0:1"))).hasSize(2);
    }

    @Test
    void otherCopiesShouldNotMatch() throws Exception {
        assertThat(matcher("127.0.0.2").match(leavingFrom("127.0.0.3"))).isEmpty();
        assertThat(matcher("127.0.0.2").match(leavingFrom(null))).isEmpty();
    }

    @Test
    void aConditionThatIsNoAddressShouldBeRefused() {
        assertThatThrownBy(() -> matcher("mx.example.com")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("IPv4 or IPv6");
        assertThatThrownBy(() -> matcher("")).isInstanceOf(MessagingException.class);
    }
}
