package io.smtpy.sending.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class QueueFilterTest {
    private static final QueuedCopy COPY = new QueuedCopy("q1", DomainName.of("example.com"), "Sales@Example.com",
        List.of("bob@dest.example", "eve@other.example"), CopyStatus.WAITING, 3, "451", Optional.empty(),
        Instant.parse("2026-03-01T08:00:00Z"), 5);

    @Test
    void everyConditionGivenShouldHold() {
        assertThat(QueueFilter.ALL.test(COPY)).isTrue();
        assertThat(new QueueFilter(Optional.of(CopyStatus.WAITING), Optional.of("OTHER.example"), Optional.of("sales@"), 3)
            .test(COPY)).isTrue();
        assertThat(new QueueFilter(Optional.of(CopyStatus.HELD), Optional.empty(), Optional.empty(), 0).test(COPY)).isFalse();
        assertThat(new QueueFilter(Optional.empty(), Optional.of("carol"), Optional.empty(), 0).test(COPY)).isFalse();
        assertThat(new QueueFilter(Optional.empty(), Optional.empty(), Optional.of("ann"), 0).test(COPY)).isFalse();
        assertThat(new QueueFilter(Optional.empty(), Optional.empty(), Optional.empty(), 4).test(COPY)).isFalse();
    }
}
