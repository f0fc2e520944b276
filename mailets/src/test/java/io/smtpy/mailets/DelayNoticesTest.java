package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.sending.queue.DelayNoticePolicy;

class DelayNoticesTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final Instant QUEUED = Instant.parse("2026-03-01T08:00:00Z");
    private final MovableClock clock = new MovableClock(QUEUED);
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final FakeMailContext context = FakeMailContext.builder().postmaster(postmaster()).build();
    private final DeliveryDeferrals deferrals = new DeliveryDeferrals();

    private static MailAddress postmaster() {
        try {
            return new MailAddress("postmaster@smtpy.example");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void setUp() {
        new DelayNotices(deferrals, new DelayNoticePolicy(Duration.ofHours(4)), () -> context, new MailEvents(events), clock);
    }

    private static FakeMail copy(String sender) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("copy-1")
            .state("error")
            .recipient(new MailAddress("bob@dest.example"))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi").build())
            .attribute(new Attribute(ForwardingAttributes.DOMAIN, AttributeValue.of("example.com")))
            .attribute(new Attribute(ForwardingAttributes.ALIASES, AttributeValue.of("sales@example.com")))
            .attribute(new Attribute(ForwardingAttributes.QUEUED_AT, AttributeValue.of(Long.toString(QUEUED.toEpochMilli()))));
        if (sender != null) {
            builder.sender(sender);
        }
        return builder.build();
    }

    @Test
    void aCopyDeferredPastTheDelayShouldGetOneNoticeToItsSenderAndADelayedEvent() throws Exception {
        clock.moveBy(Duration.ofHours(5));
        FakeMail mail = copy("ann@sender.example");

        assertThat(deferrals.beforeRetry(mail, 6)).isTrue();
        assertThat(deferrals.beforeRetry(mail, 7)).isTrue();

        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getSender()).isNull();
            assertThat(sent.getRecipients()).containsExactly(new MailAddress("ann@sender.example"));
            assertThat(sent.getMsg().getContentType()).contains("report-type=delivery-status");
            assertThat(sent.getSubject()).contains("Delayed Mail (still being retried): hello");
        });
        assertThat(mail.getRecipients()).as("the copy is tried again as it is").containsExactly(new MailAddress("bob@dest.example"));
        List<MailEvent> recorded = events.list(MailEventQuery.of(DOMAIN));
        assertThat(recorded).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.DELAYED);
            assertThat(event.detail()).contains("300 min").contains("6 attempt(s)").contains("ann@sender.example");
        });
    }

    @Test
    void aCopyDeferredForLessThanTheDelayOrWithANullSenderShouldGetNone() throws Exception {
        clock.moveBy(Duration.ofHours(3));
        deferrals.beforeRetry(copy("ann@sender.example"), 3);
        clock.moveBy(Duration.ofHours(3));
        deferrals.beforeRetry(copy(null), 6);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(events.list(MailEventQuery.of(DOMAIN))).isEmpty();
    }
}
