package io.smtpy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.core.testing.MovableClock;

class LimitPolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:20:00Z");
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LocalPart SALES = LocalPart.of("sales");
    private static final LimitSubject SALES_SUBJECT = LimitSubject.alias(DOMAIN, SALES);
    private static final LimitSubject DOMAIN_SUBJECT = LimitSubject.domain(DOMAIN);

    private final MovableClock clock = new MovableClock(NOW);
    private final MemoryMailEventRepository eventStore = new MemoryMailEventRepository();
    private final LimitSettings settings = new LimitSettings(new MemoryLimitSettingsRepository());
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final LimitPolicy policy = new LimitPolicy(settings, new MemoryLimitCounters(), new MailEvents(eventStore),
        (domain, about, subject, text) -> alerts.add(domain.asString() + " | " + about + " | " + subject), clock);

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void limit(LimitSubject subject, LimitDirection direction, Map<LimitMetric, Long> limits, LimitAction action,
                       boolean notify) {
        settings.put(LimitSet.of(subject, direction, limits, action, notify));
    }

    private LimitDecision rcpt(InboundTransaction transaction, String localPart) {
        return policy.inboundRecipient(transaction, DOMAIN, LocalPart.ofRecipient(localPart),
            address(localPart + "@example.com"));
    }

    private LimitDecision oneMessageToSales() {
        return rcpt(new InboundTransaction("sender@outside.example"), "sales");
    }

    private List<MailEvent> events(MailEventType type) {
        return eventStore.list(MailEventQuery.of(DOMAIN).withType(Optional.of(type)));
    }

    @Test
    void withoutLimitsEveryRecipientShouldBeAllowedAndNothingCounted() {
        for (int i = 0; i < 100; i++) {
            assertThat(oneMessageToSales().allowed()).isTrue();
        }
        assertThat(policy.usage(DOMAIN)).isEmpty();
    }

    @Test
    void anAliasOverItsHourlyLimitShouldBeDeferredWith451NamingTheLimitAndTheEndOfTheHour() {
        limit(SALES_SUBJECT, LimitDirection.INBOUND, Map.of(LimitMetric.MESSAGES_PER_HOUR, 2L), LimitAction.DEFER, false);

        assertThat(oneMessageToSales().allowed()).isTrue();
        assertThat(oneMessageToSales().allowed()).isTrue();
        LimitDecision third = oneMessageToSales();

        assertThat(third.verdict()).isEqualTo(LimitDecision.Verdict.DEFER);
        assertThat(third.status()).contains(SmtpStatus.of(451, "4.7.1",
            "mail for sales@example.com has reached its limit of 2 messages per hour, try again after 2026-03-01T13:00:00Z"));
        assertThat(third.breach().orElseThrow().retryAfter()).contains(Instant.parse("2026-03-01T13:00:00Z"));
        assertThat(rcpt(new InboundTransaction("a@b.example"), "support").allowed()).as("another alias").isTrue();
    }

    @Test
    void theDomainsLimitShouldCountEveryAliasTogether() {
        limit(DOMAIN_SUBJECT, LimitDirection.INBOUND, Map.of(LimitMetric.MESSAGES_PER_DAY, 3L), LimitAction.DEFER, false);
        InboundTransaction transaction = new InboundTransaction("a@b.example");

        assertThat(rcpt(transaction, "sales").allowed()).isTrue();
        assertThat(rcpt(transaction, "support").allowed()).isTrue();
        assertThat(rcpt(new InboundTransaction("a@b.example"), "sales+tag").allowed()).isTrue();
        LimitDecision fourth = rcpt(new InboundTransaction("a@b.example"), "info");

        assertThat(fourth.status().orElseThrow().toString())
            .isEqualTo("451 4.7.1 mail for example.com has reached its limit of 3 messages per day, try again after 2026-03-02T00:00:00Z");
    }

    @Test
    void recipientsBeyondRecipientsPerMessageShouldGet452AndNotBeCounted() {
        limit(SALES_SUBJECT, LimitDirection.INBOUND, Map.of(LimitMetric.RECIPIENTS_PER_MESSAGE, 2L,
            LimitMetric.MESSAGES_PER_HOUR, 10L), LimitAction.DEFER, false);
        InboundTransaction transaction = new InboundTransaction("a@b.example");

        assertThat(rcpt(transaction, "sales").allowed()).isTrue();
        assertThat(rcpt(transaction, "sales+x").allowed()).isTrue();
        LimitDecision third = rcpt(transaction, "sales+y");

        assertThat(third.status().orElseThrow().toString()).isEqualTo("452 4.5.3 mail for sales@example.com is limited to"
            + " 2 recipients per message, send to the other recipients in another message");
        assertThat(policy.usage(DOMAIN)).singleElement().satisfies(usage -> assertThat(usage.used()).isEqualTo(2));
        assertThat(rcpt(new InboundTransaction("a@b.example"), "sales").allowed()).as("a new transaction").isTrue();
    }

    @Test
    void countersThatDoNotAnswerShouldDeferWith451_430AndTheEndOfDataGiveBackWhatRcptCounted() {
        AtomicBoolean down = new AtomicBoolean();
        LimitPolicy failing = new LimitPolicy(settings, new MemoryLimitCounters() {
            @Override
            public Acquisition acquire(List<Demand> demands, Instant now) {
                if (down.get()) {
                    throw new LimitCountersUnavailable("Cassandra failed counting: timed out", null);
                }
                return super.acquire(demands, now);
            }
        }, new MailEvents(eventStore), LimitAlerts.NONE, clock);
        limit(SALES_SUBJECT, LimitDirection.INBOUND, Map.of(LimitMetric.BYTES_PER_DAY, 25_000L,
            LimitMetric.MESSAGES_PER_HOUR, 2L), LimitAction.DEFER, false);
        InboundTransaction transaction = new InboundTransaction("a@b.example");
        assertThat(failing.inboundRecipient(transaction, DOMAIN, Optional.of(SALES), address("sales@example.com")).allowed()).isTrue();

        down.set(true);
        LimitDecision rcpt = failing.inboundRecipient(new InboundTransaction("a@b.example"), DOMAIN, Optional.of(SALES),
            address("sales@example.com"));
        LimitDecision data = failing.inboundMessage(transaction, 1_000, List.of(address("sales@example.com")));

        for (LimitDecision deferred : List.of(rcpt, data)) {
            assertThat(deferred.verdict()).isEqualTo(LimitDecision.Verdict.DEFER);
            assertThat(deferred.status().orElseThrow().toString())
                .isEqualTo("451 4.3.0 temporarily unable to count this mail toward its limits, try again later");
            assertThat(deferred.breach()).isEmpty();
        }
        assertThat(failing.usage(DOMAIN)).filteredOn(usage -> usage.key().metric() == LimitMetric.MESSAGES_PER_HOUR)
            .singleElement().satisfies(usage -> assertThat(usage.used()).isZero());
        down.set(false);
        assertThat(failing.inboundRecipient(new InboundTransaction("a@b.example"), DOMAIN, Optional.of(SALES),
            address("sales@example.com")).allowed()).isTrue();
    }

    @Test
    void aSetWithTheRejectActionShouldAnswer550() {
        limit(SALES_SUBJECT, LimitDirection.INBOUND, Map.of(LimitMetric.MESSAGES_PER_HOUR, 1L), LimitAction.REJECT, false);
        oneMessageToSales();

        LimitDecision second = oneMessageToSales();

        assertThat(second.verdict()).isEqualTo(LimitDecision.Verdict.REJECT);
        assertThat(second.status().orElseThrow().toString())
            .isEqualTo("550 5.7.1 mail for sales@example.com has reached its limit of 1 messages per hour");
    }

    @Test
    void bytesShouldCountOncePerRecipientAtTheEndOfDataAndARefusalGiveBackTheMessages() {
        limit(SALES_SUBJECT, LimitDirection.INBOUND, Map.of(LimitMetric.BYTES_PER_DAY, 25_000L,
            LimitMetric.MESSAGES_PER_HOUR, 10L), LimitAction.DEFER, false);
        InboundTransaction first = new InboundTransaction("a@b.example");
        rcpt(first, "sales");
        rcpt(first, "sales+copy");
        assertThat(policy.inboundMessage(first, 10_000, List.of(address("sales@example.com"))).allowed()).isTrue();

        InboundTransaction second = new InboundTransaction("a@b.example");
        rcpt(second, "sales");
        LimitDecision tooMuch = policy.inboundMessage(second, 10_000, List.of(address("sales@example.com")));

        assertThat(tooMuch.status().orElseThrow().toString()).isEqualTo("451 4.7.1 mail for sales@example.com has reached"
            + " its limit of 25000 bytes per day, try again after 2026-03-02T00:00:00Z");
        assertThat(policy.usage(DOMAIN)).extracting(usage -> usage.key().metric().field() + "=" + usage.used())
            .containsExactly("messagesPerHour=2", "bytesPerDay=20000");
    }

    @Test
    void eventsShouldSayApproachingAndReachedOncePerWindow() {
        limit(SALES_SUBJECT, LimitDirection.INBOUND, Map.of(LimitMetric.MESSAGES_PER_HOUR, 5L), LimitAction.DEFER, false);
        for (int i = 0; i < 8; i++) {
            oneMessageToSales();
        }

        assertThat(events(MailEventType.LIMIT_APPROACHING)).singleElement().satisfies(event -> {
            assertThat(event.alias()).contains(SALES);
            assertThat(event.detail()).isEqualTo("inbound messagesPerHour of sales@example.com: 4 of 5 counted in the window"
                + " from 2026-03-01T12:00:00Z (80 % reached)");
        });
        assertThat(events(MailEventType.LIMIT_REACHED)).singleElement().satisfies(event -> {
            assertThat(event.smtpCode()).contains(451);
            assertThat(event.enhancedStatus()).contains("4.7.1");
            assertThat(event.sender()).isEqualTo("sender@outside.example");
            assertThat(event.recipients()).containsExactly("sales@example.com");
            assertThat(event.detail()).contains("limit 5 reached").contains("deferred until 2026-03-01T13:00:00Z");
            assertThat(event.mailId()).isEmpty();
        });

        clock.moveBy(Duration.ofHours(1));
        for (int i = 0; i < 6; i++) {
            oneMessageToSales();
        }
        assertThat(events(MailEventType.LIMIT_APPROACHING)).hasSize(2);
        assertThat(events(MailEventType.LIMIT_REACHED)).hasSize(2);
    }

    @Test
    void ownersShouldBeAlertedOncePerIncidentOnlyWhenTheSetSaysNotify() {
        limit(SALES_SUBJECT, LimitDirection.INBOUND, Map.of(LimitMetric.MESSAGES_PER_HOUR, 1L), LimitAction.DEFER, true);
        limit(LimitSubject.alias(DOMAIN, LocalPart.of("quiet")), LimitDirection.INBOUND,
            Map.of(LimitMetric.MESSAGES_PER_HOUR, 1L), LimitAction.DEFER, false);
        for (int i = 0; i < 5; i++) {
            oneMessageToSales();
            rcpt(new InboundTransaction("a@b.example"), "quiet");
        }

        assertThat(alerts).containsExactly("example.com | inbound messagesPerHour of sales@example.com 2026-03-01T12:00:00Z"
            + " | Limit reached: messages per hour of sales@example.com");
        clock.moveBy(Duration.ofHours(1));
        oneMessageToSales();
        oneMessageToSales();
        assertThat(alerts).hasSize(2);
    }

    @Test
    void outboundShouldCountTheCredentialTheAliasAndTheDomain() {
        LimitSubject credential = LimitSubject.credential(DOMAIN, "cred-1");
        limit(credential, LimitDirection.OUTBOUND, Map.of(LimitMetric.MESSAGES_PER_HOUR, 2L), LimitAction.DEFER, false);
        limit(SALES_SUBJECT, LimitDirection.OUTBOUND, Map.of(LimitMetric.MESSAGES_PER_DAY, 100L), LimitAction.DEFER, false);
        limit(DOMAIN_SUBJECT, LimitDirection.OUTBOUND, Map.of(LimitMetric.BYTES_PER_DAY, 1_000_000L), LimitAction.DEFER, false);
        OutboundMessage message = new OutboundMessage(Optional.of("cred-1"), DOMAIN, Optional.of(SALES), "sales@example.com",
            List.of(address("x@dest.example")), 1_000);

        assertThat(policy.outbound(message).allowed()).isTrue();
        assertThat(policy.outbound(message).allowed()).isTrue();
        LimitDecision third = policy.outbound(message);

        assertThat(third.status().orElseThrow().toString()).isEqualTo("451 4.7.1 mail from credential cred-1 of example.com"
            + " has reached its limit of 2 messages per hour, try again after 2026-03-01T13:00:00Z");
        assertThat(policy.usage(DOMAIN)).extracting(usage -> usage.key().toString() + "=" + usage.used())
            .containsExactly("outbound bytesPerDay of example.com=2000", "outbound messagesPerDay of sales@example.com=2",
                "outbound messagesPerHour of credential cred-1 of example.com=2");
        OutboundMessage anotherCredential = new OutboundMessage(Optional.of("cred-2"), DOMAIN, Optional.of(SALES),
            "sales@example.com", List.of(address("x@dest.example")), 1_000);
        assertThat(policy.outbound(anotherCredential).allowed()).isTrue();
    }

    @Test
    void outboundPerRecipientDomainShouldCountEachRecipientDomainOncePerMessage() {
        limit(DOMAIN_SUBJECT, LimitDirection.OUTBOUND, Map.of(LimitMetric.PER_RECIPIENT_DOMAIN_PER_HOUR, 2L), LimitAction.DEFER, false);
        OutboundMessage toGmail = new OutboundMessage(Optional.empty(), DOMAIN, Optional.empty(), "me@example.com",
            List.of(address("a@gmail.example"), address("b@GMAIL.example"), address("c@yahoo.example")), 100);

        assertThat(policy.outbound(toGmail).allowed()).isTrue();
        assertThat(policy.outbound(toGmail).allowed()).isTrue();
        LimitDecision third = policy.outbound(toGmail);

        assertThat(third.status().orElseThrow().toString()).startsWith("451 4.7.1 mail from example.com to gmail.example has"
            + " reached its limit of 2 messages per hour to one recipient domain, try again after");
        assertThat(policy.usage(DOMAIN)).extracting(usage -> usage.key().recipientDomain().orElse("") + "=" + usage.used())
            .containsExactly("gmail.example=2", "yahoo.example=2");
    }

    @Test
    void outboundRecipientsPerMessageAndUndo() {
        limit(DOMAIN_SUBJECT, LimitDirection.OUTBOUND, Map.of(LimitMetric.RECIPIENTS_PER_MESSAGE, 1L,
            LimitMetric.MESSAGES_PER_HOUR, 1L), LimitAction.DEFER, false);
        OutboundMessage two = new OutboundMessage(Optional.empty(), DOMAIN, Optional.empty(), "me@example.com",
            List.of(address("a@x.example"), address("b@x.example")), 100);
        OutboundMessage one = new OutboundMessage(Optional.empty(), DOMAIN, Optional.empty(), "me@example.com",
            List.of(address("a@x.example")), 100);

        assertThat(policy.outbound(two).status().orElseThrow().code()).isEqualTo(452);
        LimitDecision allowed = policy.outbound(one);
        assertThat(allowed.allowed()).isTrue();
        assertThat(policy.outbound(one).allowed()).isFalse();
        policy.undo(allowed);
        assertThat(policy.outbound(one).allowed()).isTrue();
    }

    @Test
    void inboundLimitsShouldNotCountOutboundMailNorTheReverse() {
        limit(DOMAIN_SUBJECT, LimitDirection.OUTBOUND, Map.of(LimitMetric.MESSAGES_PER_HOUR, 1L), LimitAction.DEFER, false);

        assertThat(oneMessageToSales().allowed()).isTrue();
        assertThat(oneMessageToSales().allowed()).isTrue();
    }
}
