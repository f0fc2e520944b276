package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.analytics.Analytics;
import io.smtpy.analytics.MemoryRollupRepository;
import io.smtpy.analytics.Rollups;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.notifications.DailyDigest;
import io.smtpy.notifications.MemoryNotificationPreferenceRepository;
import io.smtpy.notifications.NotificationPreferences;
import io.smtpy.notifications.NotificationType;
import io.smtpy.notifications.UnsubscribeLinks;
import io.smtpy.notifications.UnsubscribeTokens;

class DailyDigestScheduleTest {
    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final AccessId ACCOUNT = AccessId.of("acc_team");
    private static final AccessId READER = AccessId.of("mem_reader");

    private final MovableClock clock = new MovableClock(START);
    private final MemoryMailEventRepository repository = new MemoryMailEventRepository();
    private final Rollups rollups = new Rollups(new MemoryRollupRepository());
    private final MailEvents events = new MailEvents(repository, Set.of(rollups));
    private final AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
    private final MemoryAccessStores access = new MemoryAccessStores();
    private final NotificationPreferences preferences = new NotificationPreferences(new MemoryNotificationPreferenceRepository(), access);
    private final QuarantineDigestScheduleTest.RecordingNotices notices = new QuarantineDigestScheduleTest.RecordingNotices();
    private final DailyDigestSchedule schedule = new DailyDigestSchedule(new DailyDigest(new Analytics(rollups), repository), directory,
        new MemberNotices(preferences, new UnsubscribeLinks(new UnsubscribeTokens(new byte[32]), Optional.empty()), notices),
        clock, ClusterJobs.singleNode(), Optional.empty());

    @BeforeEach
    void setUp() {
        directory.createDomain(EXAMPLE, builder -> builder);
        access.ownership().assign(EXAMPLE, ACCOUNT);
        member("owner", Role.OWNER);
        member("reader", Role.READ_ONLY);
        preferences.choose(READER, Map.of(NotificationType.DIGEST, Optional.of(true)));
    }

    private void member(String name, Role role) {
        AccessId id = AccessId.of("mem_" + name);
        access.members().create(new Member(id, name + "@team.example", name, Optional.empty(), true, Optional.empty(), START));
        access.members().putMembership(new Membership(ACCOUNT, id, role, Map.of()));
    }

    private void received(int mails) {
        for (int i = 0; i < mails; i++) {
            events.record(MailEvent.builder(EXAMPLE, MailEventType.RECEIVED, clock.instant()).recipients(List.of("sales@example.com")).build());
        }
    }

    @Test
    void theDigestOfADayShouldGoOnceAfterItsMidnightToWhoOptedInOnly() {
        received(4);
        int sameDay = schedule.run();
        clock.moveTo(Instant.parse("2026-03-02T00:10:00Z"));

        int afterMidnight = schedule.run();
        int anHourLater = schedule.run();

        assertThat(sameDay).isZero();
        assertThat(afterMidnight).isEqualTo(1);
        assertThat(anHourLater).isZero();
        assertThat(notices.recipients()).containsExactly("reader@team.example");
        assertThat(notices.sent.get(0).subject()).isEqualTo("smtpy daily digest for example.com, 2026-03-01");
        assertThat(notices.sent.get(0).text()).containsPattern("received +4\n");
    }

    @Test
    void theDayBeforeTheStartShouldNotBeSentSoARestartNeverSendsADigestTwice() {
        clock.moveBy(Duration.ofDays(-1));
        received(2);
        clock.moveTo(START);

        assertThat(schedule.run()).isZero();
        assertThat(notices.sent).isEmpty();
    }

    @Test
    void whenEveryCopyFailsTheDigestShouldBeTriedAgain() {
        received(1);
        clock.moveTo(Instant.parse("2026-03-02T00:10:00Z"));
        notices.failing = true;
        assertThat(schedule.run()).isZero();

        notices.failing = false;

        assertThat(schedule.run()).isEqualTo(1);
    }
}
