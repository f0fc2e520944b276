package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import io.smtpy.sending.pools.SourcePools;
import io.smtpy.sending.queue.DomainPriorities;

class SourceAddressChoiceTest {
    private static final SourcePools POOLS = SourcePools.parse(Map.of(
        "pools.premium.addresses", "127.0.0.2",
        "pools.premium.domains", "vip.example",
        "pools.gold.addresses", "127.0.0.5",
        "pools.gold.classes", "high",
        "pools.shared.addresses", "127.0.0.3",
        "pools.default", "shared"));

    private static SourceAddressChoice mailet(SourcePools pools) throws Exception {
        SourceAddressChoice mailet = new SourceAddressChoice(pools, DomainPriorities.parse("rich.example"));
        mailet.init(FakeMailetConfig.builder().mailetName("SourceAddressChoice").build());
        return mailet;
    }

    private static FakeMail copyOf(Optional<String> domain) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("m").sender("a@sender.example")
            .recipient(new MailAddress("b@dest.example"));
        domain.ifPresent(name -> builder.attribute(new Attribute(ForwardingAttributes.DOMAIN, AttributeValue.of(name))));
        return builder.build();
    }

    private static Optional<String> chosen(FakeMail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, SourceAddressChoice.SOURCE_ADDRESS, String.class);
    }

    @Test
    void aCopyShouldLeaveFromItsDomainsItsClasssOrTheDefaultPool() throws Exception {
        SourceAddressChoice mailet = mailet(POOLS);
        FakeMail vip = copyOf(Optional.of("vip.example"));
        FakeMail rich = copyOf(Optional.of("rich.example"));
        FakeMail plain = copyOf(Optional.of("plain.example"));
        FakeMail bounce = copyOf(Optional.empty());

        for (FakeMail mail : new FakeMail[] {vip, rich, plain, bounce}) {
            mailet.service(mail);
        }

        assertThat(chosen(vip)).contains("127.0.0.2");
        assertThat(chosen(rich)).contains("127.0.0.5");
        assertThat(chosen(plain)).contains("127.0.0.3");
        assertThat(chosen(bounce)).contains("127.0.0.3");
    }

    @Test
    void aChosenAddressShouldBeKept() throws Exception {
        FakeMail vip = copyOf(Optional.of("vip.example"));
        vip.setAttribute(new Attribute(SourceAddressChoice.SOURCE_ADDRESS, AttributeValue.of("127.0.0.3")));

        mailet(POOLS).service(vip);

        assertThat(chosen(vip)).contains("127.0.0.3");
    }

    @Test
    void withoutPoolsNothingShouldBeChosen() throws Exception {
        FakeMail vip = copyOf(Optional.of("vip.example"));

        mailet(SourcePools.NONE).service(vip);

        assertThat(chosen(vip)).isEmpty();
    }
}
