package io.smtpy.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.model.DomainName;

class NotificationPreferencesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final AccessId TEAM = AccessId.of("acc_team");
    private static final AccessId OTHER = AccessId.of("acc_other");

    private final MemoryAccessStores access = new MemoryAccessStores();
    private final NotificationPreferences preferences = new NotificationPreferences(new MemoryNotificationPreferenceRepository(), access);

    @BeforeEach
    void setUp() {
        access.ownership().assign(EXAMPLE, TEAM);
        member(TEAM, "owner", Role.OWNER, Map.of());
        member(TEAM, "admin", Role.ADMIN, Map.of());
        member(TEAM, "reader", Role.READ_ONLY, Map.of());
        member(TEAM, "billing", Role.BILLING, Map.of());
        member(TEAM, "domainadmin", Role.READ_ONLY, Map.of(EXAMPLE, Role.ADMIN));
        member(OTHER, "stranger", Role.OWNER, Map.of());
    }

    private void member(AccessId account, String name, Role role, Map<DomainName, Role> domainRoles) {
        AccessId id = AccessId.of("mem_" + name);
        access.members().create(new Member(id, name + "@team.example", name, Optional.empty(), true, Optional.empty(), T0));
        access.members().putMembership(new Membership(account, id, role, domainRoles));
    }

    private List<String> recipients(NotificationType type) {
        return preferences.recipients(EXAMPLE, type).stream().map(NotificationPreferences.Recipient::email).sorted()
            .collect(Collectors.toList());
    }

    @Test
    void alertsShouldGoToTheDomainsOwnersAndAdminsByDefault() {
        assertThat(recipients(NotificationType.DESTINATION_FAILING))
            .containsExactly("admin@team.example", "domainadmin@team.example", "owner@team.example");
    }

    @Test
    void theDigestShouldGoToNobodyUntilTheyOptIn() {
        assertThat(recipients(NotificationType.DIGEST)).isEmpty();

        preferences.choose(AccessId.of("mem_reader"), Map.of(NotificationType.DIGEST, Optional.of(true)));

        assertThat(recipients(NotificationType.DIGEST)).containsExactly("reader@team.example");
    }

    @Test
    void anOptedOutOwnerShouldNoLongerGetThatTypeButStillTheOthers() {
        preferences.optOut(AccessId.of("mem_owner"), NotificationType.DNS_CHECK);

        assertThat(recipients(NotificationType.DNS_CHECK)).doesNotContain("owner@team.example");
        assertThat(recipients(NotificationType.DKIM)).contains("owner@team.example");
    }

    @Test
    void aMemberWhoCannotReadTheDomainsEventsShouldGetNothingEvenWhenOptedIn() {
        preferences.choose(AccessId.of("mem_billing"), Map.of(NotificationType.BOUNCE_RATE, Optional.of(true)));

        assertThat(recipients(NotificationType.BOUNCE_RATE)).doesNotContain("billing@team.example");
    }

    @Test
    void anotherAccountsMembersShouldGetNothingAboutTheDomain() {
        preferences.choose(AccessId.of("mem_stranger"), Map.of(NotificationType.DIGEST, Optional.of(true)));

        assertThat(recipients(NotificationType.DIGEST)).doesNotContain("stranger@team.example");
    }

    @Test
    void choosingEmptyShouldGoBackToTheDefault() {
        AccessId owner = AccessId.of("mem_owner");
        preferences.optOut(owner, NotificationType.QUARANTINE);

        Map<NotificationType, Boolean> after = preferences.choose(owner, Map.of(NotificationType.QUARANTINE, Optional.empty()));

        assertThat(after).isEmpty();
        assertThat(recipients(NotificationType.QUARANTINE)).contains("owner@team.example");
    }

    @Test
    void aDomainNoAccountClaimsShouldNotifyTheDefaultAccountsAdmins() {
        member(Account.DEFAULT_ID, "operatoradmin", Role.ADMIN, Map.of());

        assertThat(preferences.recipients(DomainName.of("unclaimed.example"), NotificationType.DNS_CHECK))
            .extracting(NotificationPreferences.Recipient::email).containsExactly("operatoradmin@team.example");
    }
}
