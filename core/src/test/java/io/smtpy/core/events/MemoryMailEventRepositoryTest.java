package io.smtpy.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryMailEventRepositoryTest implements MailEventRepositoryContract, JourneySearchContract {
    private MemoryMailEventRepository testee;

    @BeforeEach
    void setUp() {
        testee = new MemoryMailEventRepository();
    }

    @Override
    public MailEventRepository testee() {
        return testee;
    }

    @Test
    void aDomainShouldKeepOnlyItsLastAppendedEventsBeyondTheCap() {
        MemoryMailEventRepository capped = new MemoryMailEventRepository(3);
        for (int i = 0; i < 5; i++) {
            capped.append(MailEventRepositoryContract.event(EXAMPLE, MailEventType.RECEIVED, T0.plusSeconds(i)));
        }
        capped.append(MailEventRepositoryContract.event(OTHER, MailEventType.RECEIVED, T0));

        assertThat(capped.list(MailEventQuery.of(EXAMPLE))).extracting(MailEvent::at)
            .containsExactly(T0.plusSeconds(4), T0.plusSeconds(3), T0.plusSeconds(2));
        assertThat(capped.list(MailEventQuery.of(OTHER))).hasSize(1);
    }
}
