package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.suppression.Suppression;
import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.suppression.SuppressionRepositoryContract;

class EmbeddedSuppressionRepositoryTest implements SuppressionRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public SuppressionRepository testee() {
        return embedded.store().suppressions();
    }

    // The repository answers "none" from memory for destinations it holds no row of: what it holds must follow the file.

    @Test
    void suppressionWrittenBeforeTheStoreWasReopenedShouldStillBeActive() {
        Suppression suppression = SuppressionRepositoryContract.suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(1));
        testee().add(suppression);

        SuppressionRepository reopened = embedded.reopen().suppressions();

        assertThat(reopened.active(DOMAIN, SALES, DEAD, NOW.plusSeconds(1))).contains(suppression);
        assertThat(reopened.remove(DOMAIN, suppression.id())).isTrue();
        assertThat(reopened.active(DOMAIN, SALES, DEAD, NOW.plusSeconds(1))).isEmpty();
    }
}
