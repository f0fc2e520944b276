package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.Account;
import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.quarantine.Hold;
import io.smtpy.rules.quarantine.MemoryQuarantineRepository;
import io.smtpy.rules.quarantine.Quarantine;
import io.smtpy.rules.quarantine.QuarantineDigest;
import io.smtpy.rules.quarantine.QuarantineKind;
import io.smtpy.rules.quarantine.QuarantineSettings;

class QuarantineDigestScheduleTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final DomainName QUIET = DomainName.of("quiet.example");
    private static final AccessId ACCOUNT = AccessId.of("acc_team");

    /** What the schedule sent, instead of mail. */
    static final class RecordingNotices implements NoticeSender {
        final List<Sent> sent = new ArrayList<>();
        boolean failing;

        @Override
        public synchronized void send(MailAddress to, String subject, String text, List<HeaderField> fields) {
            if (failing) {
                throw new IllegalStateException("the spool is full");
            }
            sent.add(new Sent(to.asString(), subject, text, fields));
        }

        synchronized List<String> recipients() {
            return sent.stream().map(Sent::to).sorted().collect(Collectors.toList());
        }
    }

    static final class Sent {
        private final String to;
        private final String subject;
        private final String text;
        private final List<HeaderField> fields;

        Sent(String to, String subject, String text, List<HeaderField> fields) {
            this.to = to;
            this.subject = subject;
            this.text = text;
            this.fields = fields;
        }

        String to() {
            return to;
        }

        String subject() {
            return subject;
        }

        String text() {
            return text;
        }

        List<HeaderField> fields() {
            return fields;
        }
    }

    private final MovableClock clock = new MovableClock(T0);
    private final Quarantine quarantine = new Quarantine(new MemoryQuarantineRepository(),
        (sender, recipients, message, from) -> { }, new MailEvents(new MemoryMailEventRepository()), clock, QuarantineSettings.defaults());
    private final AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
    private final MemoryAccessStores access = new MemoryAccessStores();
    private final RecordingNotices notices = new RecordingNotices();

    @BeforeEach
    void setUp() {
        directory.createDomain(EXAMPLE, builder -> builder);
        directory.createDomain(QUIET, builder -> builder.quarantineDigest(false));
        access.ownership().assign(EXAMPLE, ACCOUNT);
        access.ownership().assign(QUIET, ACCOUNT);
        member(ACCOUNT, "owner@team.example", Role.OWNER, Map.of());
        member(ACCOUNT, "admin@team.example", Role.ADMIN, Map.of());
        member(ACCOUNT, "member@team.example", Role.MEMBER, Map.of());
        member(ACCOUNT, "billing@team.example", Role.BILLING, Map.of());
        member(ACCOUNT, "domain-admin@team.example", Role.READ_ONLY, Map.of(EXAMPLE, Role.ADMIN));
        member(ACCOUNT, "admin-elsewhere@team.example", Role.ADMIN, Map.of(EXAMPLE, Role.MEMBER));
        member(Account.DEFAULT_ID, "operator-admin@ops.example", Role.ADMIN, Map.of());
    }

    private void member(AccessId account, String email, Role role, Map<DomainName, Role> domainRoles) {
        AccessId id = AccessId.of("mem_" + email.replaceAll("[^a-z]", ""));
        access.members().create(new Member(id, email, email, Optional.empty(), true, Optional.empty(), T0));
        access.members().putMembership(new Membership(account, id, role, domainRoles));
    }

    private QuarantineDigestSchedule startedNow() {
        return new QuarantineDigestSchedule(new QuarantineDigest(quarantine, clock), directory, access, notices, clock, ClusterJobs.singleNode(),
            Duration.ofDays(1), Optional.empty());
    }

    private void hold(DomainName domain, String subject) throws Exception {
        String message = "From: spam@sender.example\r\nSubject: " + subject + "\r\n\r\nthe body\r\n";
        quarantine.hold(Hold.of(domain, MaybeSender.of(new MailAddress("bounce@sender.example")),
                List.of(new MailAddress("info@" + domain.asString())), QuarantineKind.QUARANTINED,
                message.getBytes(StandardCharsets.UTF_8))
            .decidedBy("block list entry 1 'sender.example' of domain " + domain.asString()));
    }

    @Test
    void oneRunShouldSendTheDigestToTheMembersWhoseRoleOnTheDomainIsOwnerOrAdmin() throws Exception {
        QuarantineDigestSchedule schedule = startedNow();
        hold(EXAMPLE, "Cheap watches");
        hold(EXAMPLE, "Your invoice");
        clock.moveBy(Duration.ofMinutes(10));

        assertThat(schedule.run()).isEqualTo(3);

        assertThat(notices.recipients())
            .containsExactly("admin@team.example", "domain-admin@team.example", "owner@team.example");
        assertThat(notices.sent).allSatisfy(sent -> {
            assertThat(sent.subject).isEqualTo("2 new mails held for example.com");
            assertThat(sent.text).contains("Subject: Cheap watches", "Subject: Your invoice",
                "{\"quarantineDigest\": false}").doesNotContain("the body");
        });
    }

    @Test
    void aDomainThatOptedOutShouldGetNoDigest() throws Exception {
        QuarantineDigestSchedule schedule = startedNow();
        hold(QUIET, "held quietly");
        clock.moveBy(Duration.ofMinutes(10));

        assertThat(schedule.run()).isZero();
        assertThat(notices.sent).isEmpty();
    }

    @Test
    void nothingNewShouldSendNothing() {
        QuarantineDigestSchedule schedule = startedNow();
        clock.moveBy(Duration.ofMinutes(10));

        assertThat(schedule.run()).isZero();
        assertThat(notices.sent).isEmpty();
    }

    @Test
    void theNextDigestShouldListOnlyMailHeldSinceTheLastOne() throws Exception {
        QuarantineDigestSchedule schedule = startedNow();
        hold(EXAMPLE, "first day");
        clock.moveBy(Duration.ofMinutes(10));
        schedule.run();
        notices.sent.clear();

        clock.moveBy(Duration.ofHours(12));
        hold(EXAMPLE, "second day");
        clock.moveBy(Duration.ofHours(12));
        schedule.run();

        assertThat(notices.sent).hasSize(3).allSatisfy(sent -> {
            assertThat(sent.subject).isEqualTo("1 new mail held for example.com");
            assertThat(sent.text).contains("Subject: second day").doesNotContain("first day");
        });

        notices.sent.clear();
        clock.moveBy(Duration.ofDays(1));
        assertThat(schedule.run()).isZero();
    }

    @Test
    void afterAStartOnlyTheLastDaysMailShouldBeListed() throws Exception {
        hold(EXAMPLE, "while the server ran before");
        clock.moveBy(Duration.ofDays(2));
        hold(EXAMPLE, "within the last day");
        QuarantineDigestSchedule schedule = startedNow();
        clock.moveBy(Duration.ofMinutes(10));

        schedule.run();

        assertThat(notices.sent).isNotEmpty().allSatisfy(sent ->
            assertThat(sent.text).contains("within the last day").doesNotContain("while the server ran before"));
    }

    @Test
    void whenEverySendFailsTheNextRunShouldSendTheSameMailAgain() throws Exception {
        QuarantineDigestSchedule schedule = startedNow();
        hold(EXAMPLE, "not lost");
        clock.moveBy(Duration.ofMinutes(10));
        notices.failing = true;

        assertThat(schedule.run()).isZero();

        notices.failing = false;
        clock.moveBy(Duration.ofDays(1));
        assertThat(schedule.run()).isEqualTo(3);
        assertThat(notices.sent).allSatisfy(sent -> assertThat(sent.text).contains("Subject: not lost"));
    }

    @Test
    void aDomainWithoutAnOwnershipEntryShouldGoToTheDefaultAccount() throws Exception {
        DomainName legacy = DomainName.of("legacy.example");
        directory.createDomain(legacy, builder -> builder);
        QuarantineDigestSchedule schedule = startedNow();
        hold(legacy, "older than accounts");
        clock.moveBy(Duration.ofMinutes(10));

        schedule.run();

        assertThat(notices.recipients()).containsExactly("operator-admin@ops.example");
    }
}
