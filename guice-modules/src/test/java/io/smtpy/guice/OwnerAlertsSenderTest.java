package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.notifications.MemoryNotificationPreferenceRepository;
import io.smtpy.notifications.NotificationPreferences;
import io.smtpy.notifications.NotificationType;
import io.smtpy.notifications.OwnerAlerts;
import io.smtpy.notifications.UnsubscribeLinks;
import io.smtpy.notifications.UnsubscribeTokens;

/** Alerts raised by the mail events reach the members who want them, once per incident, off the mail path. */
class OwnerAlertsSenderTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final AccessId ACCOUNT = AccessId.of("acc_team");
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final UnsubscribeTokens TOKENS = new UnsubscribeTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final MemoryAccessStores access = new MemoryAccessStores();
    private final NotificationPreferences preferences = new NotificationPreferences(new MemoryNotificationPreferenceRepository(), access);
    private final QuarantineDigestScheduleTest.RecordingNotices notices = new QuarantineDigestScheduleTest.RecordingNotices();

    private void failThreeTimes(String destination, Optional<String> publicUrl) throws Exception {
        OwnerAlerts alerts = new OwnerAlerts(new MovableClock(T0));
        NotificationsModule.Sender sender = new NotificationsModule.Sender(alerts,
            new MemberNotices(preferences, new UnsubscribeLinks(TOKENS, publicUrl), notices));
        MailEvents events = new MailEvents(new MemoryMailEventRepository(), java.util.Set.of(alerts));
        try {
            for (int i = 0; i < 3; i++) {
                events.record(MailEvent.builder(EXAMPLE, MailEventType.BOUNCED, T0).recipients(List.of(destination))
                    .smtpCode(Optional.of(550)).enhancedStatus(Optional.of("5.1.1")).detail("no such user").build());
            }
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (notices.recipients().isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
        } finally {
            sender.stop();
        }
    }

    private void setUp() {
        access.ownership().assign(EXAMPLE, ACCOUNT);
        member("owner@team.example", Role.OWNER);
        member("member@team.example", Role.MEMBER);
        member("admin@team.example", Role.ADMIN);
    }

    @Test
    void aFailingDestinationShouldBeMailedToTheOwnersAndAdminsOnce() throws Exception {
        setUp();

        failThreeTimes("gone@dest.example", Optional.empty());

        assertThat(notices.recipients()).containsExactly("admin@team.example", "owner@team.example");
        assertThat(notices.sent).allSatisfy(sent -> assertThat(sent.fields()).isEmpty());
    }

    @Test
    void eachCopyShouldCarryItsMembersOwnOneClickLinkWhenThereIsAPublicUrl() throws Exception {
        setUp();

        failThreeTimes("gone@dest.example", Optional.of("https://mx.example.com:8000/"));

        assertThat(notices.sent).hasSize(2).allSatisfy(sent -> {
            String member = "mem_" + sent.to().replaceAll("@.*", "").replaceAll("[^a-z]", "");
            String token = TOKENS.token(AccessId.of(member), NotificationType.DESTINATION_FAILING);
            assertThat(sent.fields()).containsExactly(
                new HeaderField("List-Unsubscribe", "<https://mx.example.com:8000/smtpy/notifications/unsubscribe/" + token + ">"),
                new HeaderField("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
            assertThat(sent.text()).contains("notifications of type 'destination-failing'");
        });
    }

    @Test
    void aMemberWhoOptedOutShouldNotGetTheAlertAndOneWhoOptedInShould() throws Exception {
        setUp();
        preferences.optOut(AccessId.of("mem_owner"), NotificationType.DESTINATION_FAILING);
        preferences.choose(AccessId.of("mem_member"), Map.of(NotificationType.DESTINATION_FAILING, Optional.of(true)));

        failThreeTimes("gone@dest.example", Optional.empty());

        assertThat(notices.recipients()).containsExactly("admin@team.example", "member@team.example");
    }

    private void member(String email, Role role) {
        AccessId id = AccessId.of("mem_" + email.replaceAll("@.*", "").replaceAll("[^a-z]", ""));
        access.members().create(new Member(id, email, email, Optional.empty(), true, Optional.empty(), T0));
        access.members().putMembership(new Membership(ACCOUNT, id, role, java.util.Map.of()));
    }
}
