package io.smtpy.access.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Invitation;
import io.smtpy.access.Role;
import io.smtpy.core.store.NotFoundException;

/**
 * What every {@link InvitationRepository} must do. A backend test implements this interface and {@link #testee()}.
 * Instants are whole milliseconds (see {@link AccountRepositoryContract}).
 */
public interface InvitationRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    AccessId ACME = AccessId.of("acc_acme");
    AccessId BETA = AccessId.of("acc_beta");

    InvitationRepository testee();

    static Invitation invitation(String id, AccessId account, Instant createdAt) {
        return new Invitation(AccessId.of(id), account, "new.member@example.com", Role.MEMBER, "hash-of-" + id, "mem_jane",
            createdAt, createdAt.plusSeconds(7 * 86_400), Invitation.State.PENDING);
    }

    @Test
    default void createdInvitationShouldBeFoundWithEveryField() {
        Invitation invitation = new Invitation(AccessId.of("inv_one"), ACME, "Invitee@Example.COM", Role.READ_ONLY,
            "c0ffee" + "0".repeat(58), "mem_jane", T0, T0.plusSeconds(86_400).plusMillis(9), Invitation.State.PENDING);
        testee().create(invitation);

        Invitation found = testee().get(AccessId.of("inv_one")).orElseThrow();
        assertThat(found).isEqualTo(invitation);
        assertThat(found.account()).isEqualTo(ACME);
        assertThat(found.email()).isEqualTo("invitee@example.com");
        assertThat(found.role()).isEqualTo(Role.READ_ONLY);
        assertThat(found.tokenHash()).isEqualTo("c0ffee" + "0".repeat(58));
        assertThat(found.invitedBy()).isEqualTo("mem_jane");
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.expiresAt()).isEqualTo(T0.plusSeconds(86_400).plusMillis(9));
        assertThat(found.state()).isEqualTo(Invitation.State.PENDING);
    }

    @Test
    default void unknownInvitationShouldNotBeFound() {
        assertThat(testee().get(AccessId.of("inv_one"))).isEmpty();
    }

    @Test
    default void everyStateAndRoleShouldRoundTrip() {
        testee().create(invitation("inv_one", ACME, T0));
        for (Invitation.State state : Invitation.State.values()) {
            for (Role role : Role.values()) {
                Invitation changed = new Invitation(AccessId.of("inv_one"), ACME, "a@example.com", role, "h", "mem_jane", T0,
                    T0.plusSeconds(1), state);
                testee().update(changed);

                assertThat(testee().get(AccessId.of("inv_one"))).contains(changed);
            }
        }
    }

    @Test
    default void updateShouldReplaceStateTokenAndExpiry() {
        testee().create(invitation("inv_one", ACME, T0));
        Invitation renewed = invitation("inv_one", ACME, T0).renewed("new-hash", T0.plusSeconds(999));

        testee().update(renewed);
        assertThat(testee().get(AccessId.of("inv_one"))).contains(renewed);

        testee().update(renewed.withState(Invitation.State.ACCEPTED));
        assertThat(testee().get(AccessId.of("inv_one")).orElseThrow().state()).isEqualTo(Invitation.State.ACCEPTED);
    }

    @Test
    default void updateOfAnUnknownInvitationShouldFail() {
        assertThatThrownBy(() -> testee().update(invitation("inv_one", ACME, T0))).isInstanceOf(NotFoundException.class);
        assertThat(testee().get(AccessId.of("inv_one"))).isEmpty();
    }

    @Test
    default void ofAccountShouldListThatAccountsInvitationsOldestFirstInEveryState() {
        testee().create(invitation("inv_c", ACME, T0.plusSeconds(30)));
        testee().create(invitation("inv_a", ACME, T0.plusSeconds(10)));
        testee().create(invitation("inv_x", BETA, T0.plusSeconds(20)));
        testee().create(invitation("inv_b", ACME, T0.plusSeconds(20)).withState(Invitation.State.REVOKED));

        assertThat(testee().ofAccount(ACME)).extracting(Invitation::id)
            .containsExactly(AccessId.of("inv_a"), AccessId.of("inv_b"), AccessId.of("inv_c"));
        assertThat(testee().ofAccount(BETA)).containsExactly(invitation("inv_x", BETA, T0.plusSeconds(20)));
        assertThat(testee().ofAccount(AccessId.of("acc_none"))).isEmpty();
    }
}
