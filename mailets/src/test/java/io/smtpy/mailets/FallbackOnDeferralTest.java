package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.mailpath.FallbackPolicy;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class FallbackOnDeferralTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final Instant FORWARDED = Instant.parse("2026-03-01T12:00:00Z");
    private final MovableClock clock = new MovableClock(FORWARDED);
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final DeliveryDeferrals deferrals = new DeliveryDeferrals();

    @BeforeEach
    void setUp() {
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        directory.createDomain(DOMAIN, b -> b);
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("sales")), b -> b
            .destinations(List.of(Destination.of("slow@dest.example"), Destination.of("other@dest.example")))
            .fallbacks(List.of(Destination.of("backup@dest.example"))));
        new FallbackOnDeferral(deferrals, new FallbackPolicy(directory, Duration.ofHours(4)), () -> context, new MailEvents(events), clock);
    }

    private static FakeMail deferredCopy(String... recipients) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("copy-1").sender("SRS0=abcd=xy=sender.example=bob@example.com")
            .state("error")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi").build())
            .attribute(new Attribute(ForwardingAttributes.DOMAIN, AttributeValue.of("example.com")))
            .attribute(new Attribute(ForwardingAttributes.ALIASES, AttributeValue.of("sales@example.com")))
            .attribute(ForwardingAttributes.forwardedAt(FORWARDED));
        for (String recipient : recipients) {
            builder.recipient(new MailAddress(recipient));
        }
        return builder.build();
    }

    @Test
    void aCopyDeferredForLessThanTheSetTimeShouldBeTriedAgainAsItIs() throws Exception {
        clock.moveBy(Duration.ofHours(3));
        FakeMail mail = deferredCopy("slow@dest.example");

        assertThat(deferrals.beforeRetry(mail, 3)).isTrue();

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("slow@dest.example"));
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void aCopyDeferredLongerShouldGoToTheFallbackAndNotBeTriedAgain() throws Exception {
        clock.moveBy(Duration.ofHours(5));
        FakeMail mail = deferredCopy("slow@dest.example");

        assertThat(deferrals.beforeRetry(mail, 6)).isFalse();

        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getRecipients()).containsExactly(new MailAddress("backup@dest.example"));
            assertThat(sent.getState()).isEqualTo("relay");
        });
        assertThat(events.list(MailEventQuery.of(DOMAIN)).stream().filter(event -> event.type() == MailEventType.FALLBACK)
            .map(event -> event.detail()).collect(Collectors.toList()))
            .containsExactly("slow@dest.example failed (still deferred after 300 min and 6 attempts); sent to the fallback backup@dest.example");
    }

    @Test
    void recipientsWithoutAFallbackShouldStayToBeTriedAgain() throws Exception {
        clock.moveBy(Duration.ofHours(5));
        FakeMail mail = deferredCopy("slow@dest.example", "stranger@dest.example");

        assertThat(deferrals.beforeRetry(mail, 6)).isTrue();

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("stranger@dest.example"));
    }
}
