package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.store.MemberRepository;
import io.smtpy.access.store.MemberRepositoryContract;
import io.smtpy.core.store.AlreadyExistsException;

class CassandraMemberRepositoryTest implements MemberRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraMemberRepository.TABLES);

    @Override
    public MemberRepository testee() {
        return new CassandraMemberRepository(CASSANDRA.store());
    }

    @Test
    void addressClaimAbandonedByAFailedCreationShouldBeTakenOverOnceOld() {
        claimWithoutMember("jane@example.com", AccessId.of("mem_ghost"), CassandraMemberRepository.ABANDONED_AFTER.plusSeconds(5));

        testee().create(MemberRepositoryContract.member(JANE, "jane@example.com"));

        assertThat(testee().byEmail("jane@example.com")).map(Member::id).contains(JANE);
    }

    @Test
    void addressClaimOfACreationInProgressShouldNotBeTakenOver() {
        claimWithoutMember("jane@example.com", AccessId.of("mem_ghost"), Duration.ofSeconds(5));

        assertThatThrownBy(() -> testee().create(MemberRepositoryContract.member(JANE, "jane@example.com")))
            .isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().get(JANE)).isEmpty();
    }

    @Test
    void addressClaimWithoutItsMemberShouldNotFindAnyone() {
        claimWithoutMember("jane@example.com", AccessId.of("mem_ghost"), Duration.ZERO);

        assertThat(testee().byEmail("jane@example.com")).isEmpty();
    }

    /** What a node that died between claiming the address and writing the member leaves behind, {@code age} ago. */
    private static void claimWithoutMember(String email, AccessId member, Duration age) {
        long writtenMicros = (System.currentTimeMillis() - age.toMillis()) * 1000;
        CASSANDRA.store().execute(CASSANDRA.store().prepare("INSERT INTO members_by_email (email, member) VALUES (?, ?)"
            + " USING TIMESTAMP ?").bind(email, member.asString(), writtenMicros), "planting an abandoned claim");
    }
}
