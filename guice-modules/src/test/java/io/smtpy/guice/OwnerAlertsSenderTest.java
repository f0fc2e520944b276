package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.notifications.OwnerAlerts;

/** Alerts raised by the mail events reach the domain's owners and admins, once per incident, off the mail path. */
class OwnerAlertsSenderTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final AccessId ACCOUNT = AccessId.of("acc_team");
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aFailingDestinationShouldBeMailedToTheOwnersAndAdminsOnce() throws Exception {
        MemoryAccessStores access = new MemoryAccessStores();
        access.ownership().assign(EXAMPLE, ACCOUNT);
        member(access, "owner@team.example", Role.OWNER);
        member(access, "member@team.example", Role.MEMBER);
        member(access, "admin@team.example", Role.ADMIN);
        OwnerAlerts alerts = new OwnerAlerts(new MovableClock(T0));
        QuarantineDigestScheduleTest.RecordingNotices notices = new QuarantineDigestScheduleTest.RecordingNotices();
        NotificationsModule.Sender sender = new NotificationsModule.Sender(alerts, access, notices);
        MailEvents events = new MailEvents(new MemoryMailEventRepository(), java.util.Set.of(alerts));
        try {
            for (int i = 0; i < 3; i++) {
                events.record(MailEvent.builder(EXAMPLE, MailEventType.BOUNCED, T0).recipients(List.of("gone@dest.example"))
                    .smtpCode(Optional.of(550)).enhancedStatus(Optional.of("5.1.1")).detail("no such user").build());
            }

            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (notices.recipients().size() < 2 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
            assertThat(notices.recipients()).containsExactly("admin@team.example", "owner@team.example");
        } finally {
            sender.stop();
        }
    }

    private static void member(MemoryAccessStores access, String email, Role role) {
        AccessId id = AccessId.of("mem_" + email.replaceAll("[^a-z]", ""));
        access.members().create(new Member(id, email, email, Optional.empty(), true, Optional.empty(), T0));
        access.members().putMembership(new Membership(ACCOUNT, id, role, java.util.Map.of()));
    }
}
