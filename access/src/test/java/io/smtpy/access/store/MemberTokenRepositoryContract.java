package io.smtpy.access.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.MemberToken;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * What every {@link MemberTokenRepository} must do. A backend test implements this interface and {@link #testee()}.
 * Instants are whole milliseconds (see {@link AccountRepositoryContract}).
 */
public interface MemberTokenRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    AccessId JANE = AccessId.of("mem_jane");
    AccessId JOHN = AccessId.of("mem_john");

    MemberTokenRepository testee();

    static MemberToken token(String id, AccessId member, MemberToken.Kind kind, Instant createdAt) {
        return new MemberToken(AccessId.of(id), member, kind, "hash-of-" + id, createdAt, createdAt.plusSeconds(3600), Optional.empty());
    }

    @Test
    default void createdTokenShouldBeFoundWithEveryField() {
        MemberToken token = new MemberToken(AccessId.of("tok_one"), JANE, MemberToken.Kind.PASSWORD_RESET, "c0ffee", T0,
            T0.plusSeconds(3600).plusMillis(7), Optional.empty());
        testee().create(token);
        MemberToken found = testee().get(AccessId.of("tok_one")).orElseThrow();
        assertThat(found).isEqualTo(token);
        assertThat(found.kind()).isEqualTo(MemberToken.Kind.PASSWORD_RESET);
        assertThat(found.expiresAt()).isEqualTo(T0.plusSeconds(3600).plusMillis(7));
        assertThat(found.usedAt()).isEmpty();
    }

    @Test
    default void unknownTokenShouldNotBeFound() {
        assertThat(testee().get(AccessId.of("tok_none"))).isEmpty();
    }

    @Test
    default void creatingATakenIdShouldFail() {
        testee().create(token("tok_one", JANE, MemberToken.Kind.RECOVERY_CODE, T0));
        assertThatThrownBy(() -> testee().create(token("tok_one", JOHN, MemberToken.Kind.RECOVERY_CODE, T0)))
            .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void usedTokenShouldKeepItsUseTime() {
        testee().create(token("tok_one", JANE, MemberToken.Kind.EMAIL_VERIFICATION, T0));
        MemberToken used = testee().get(AccessId.of("tok_one")).orElseThrow().used(T0.plusSeconds(5));
        testee().update(used);
        assertThat(testee().get(AccessId.of("tok_one")).orElseThrow().usedAt()).contains(T0.plusSeconds(5));
        assertThat(used.usable(T0.plusSeconds(6))).isFalse();
    }

    @Test
    default void updatingAnUnknownTokenShouldFail() {
        assertThatThrownBy(() -> testee().update(token("tok_one", JANE, MemberToken.Kind.RECOVERY_CODE, T0)))
            .isInstanceOf(NotFoundException.class);
    }

    @Test
    default void tokensOfAMemberShouldBeFilteredByKindInCreationOrder() {
        testee().create(token("tok_b", JANE, MemberToken.Kind.RECOVERY_CODE, T0.plusSeconds(1)));
        testee().create(token("tok_a", JANE, MemberToken.Kind.RECOVERY_CODE, T0));
        testee().create(token("tok_c", JANE, MemberToken.Kind.PASSWORD_RESET, T0));
        testee().create(token("tok_d", JOHN, MemberToken.Kind.RECOVERY_CODE, T0));
        assertThat(testee().ofMember(JANE, MemberToken.Kind.RECOVERY_CODE)).extracting(MemberToken::id)
            .containsExactly(AccessId.of("tok_a"), AccessId.of("tok_b"));
    }

    @Test
    default void deletingAKindShouldLeaveOtherKindsAndMembers() {
        testee().create(token("tok_a", JANE, MemberToken.Kind.RECOVERY_CODE, T0));
        testee().create(token("tok_c", JANE, MemberToken.Kind.PASSWORD_RESET, T0));
        testee().create(token("tok_d", JOHN, MemberToken.Kind.RECOVERY_CODE, T0));
        testee().deleteOfMember(JANE, MemberToken.Kind.RECOVERY_CODE);
        assertThat(testee().ofMember(JANE, MemberToken.Kind.RECOVERY_CODE)).isEmpty();
        assertThat(testee().ofMember(JANE, MemberToken.Kind.PASSWORD_RESET)).hasSize(1);
        assertThat(testee().ofMember(JOHN, MemberToken.Kind.RECOVERY_CODE)).hasSize(1);
    }
}
