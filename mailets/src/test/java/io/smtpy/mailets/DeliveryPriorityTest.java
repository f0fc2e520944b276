package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.testing.MovableClock;
import io.smtpy.sending.queue.DomainPriorities;

class DeliveryPriorityTest {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private final DeliveryPriority mailet = new DeliveryPriority(DomainPriorities.parse("vip.example"), new MovableClock(NOW));

    @BeforeEach
    void init() throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName("DeliveryPriority").build());
    }

    private static FakeMail copyOf(String domain, Optional<Integer> mtPriority) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("m").sender("a@" + domain).recipient(new MailAddress("b@dest.example"))
            .attribute(new Attribute(ForwardingAttributes.DOMAIN, AttributeValue.of(domain)));
        mtPriority.ifPresent(value -> builder.attribute(new Attribute(DeliveryPriority.MT_PRIORITY, AttributeValue.of(value))));
        return builder.build();
    }

    private static Optional<Integer> priority(FakeMail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, DeliveryPriority.MAIL_PRIORITY, Integer.class);
    }

    @Test
    void aHighClassDomainsCopyShouldGetThePriorityLaneAndOthersNormal() throws Exception {
        FakeMail vip = copyOf("vip.example", Optional.empty());
        FakeMail plain = copyOf("plain.example", Optional.empty());

        mailet.service(vip);
        mailet.service(plain);

        assertThat(priority(vip)).contains(7);
        assertThat(priority(plain)).contains(5);
        assertThat(ForwardingAttributes.queuedAt(vip)).contains(NOW);
    }

    @Test
    void mtPriorityShouldCountOnlyForAHighClassDomain() throws Exception {
        FakeMail vip = copyOf("vip.example", Optional.of(9));
        FakeMail plain = copyOf("plain.example", Optional.of(9));

        mailet.service(vip);
        mailet.service(plain);

        assertThat(priority(vip)).contains(9);
        assertThat(priority(plain)).contains(5);
    }

    @Test
    void mailOfNoSmtpyDomainShouldOnlyBeStamped() throws Exception {
        FakeMail bounce = FakeMail.builder().name("b").recipient(new MailAddress("a@sender.example")).build();

        mailet.service(bounce);

        assertThat(priority(bounce)).isEmpty();
        assertThat(ForwardingAttributes.queuedAt(bounce)).contains(NOW);
    }
}
