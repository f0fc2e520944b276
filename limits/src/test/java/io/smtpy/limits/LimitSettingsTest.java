package io.smtpy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smtpy.core.cluster.TwoNodes;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class LimitSettingsTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LimitSubject SALES = LimitSubject.alias(DOMAIN, LocalPart.of("sales"));
    private static final LimitSet HOURLY = LimitSet.of(SALES, LimitDirection.INBOUND, Map.of(LimitMetric.MESSAGES_PER_HOUR, 10L),
        LimitAction.DEFER, false);

    private final MemoryLimitSettingsRepository repository = new MemoryLimitSettingsRepository();
    private final LimitSettings settings = new LimitSettings(repository);

    @Test
    void theMailPathShouldBeAnsweredFromMemoryAndSeeChangesMadeHereAtOnce() {
        assertThat(settings.inForce(SALES, LimitDirection.INBOUND)).isEmpty();

        repository.put(HOURLY);
        assertThat(settings.inForce(SALES, LimitDirection.INBOUND)).isEmpty();
        settings.put(HOURLY);
        assertThat(settings.inForce(SALES, LimitDirection.INBOUND)).contains(HOURLY);

        settings.remove(SALES, LimitDirection.INBOUND);
        assertThat(settings.inForce(SALES, LimitDirection.INBOUND)).isEmpty();
    }

    @Test
    void aSetPutThroughOneNodeShouldApplyOnTheOtherOnceItFollowsTheFeed() {
        LimitSettings nodeB = new LimitSettings(repository);
        TwoNodes cluster = TwoNodes.of(settings.sharedIndex(), nodeB.sharedIndex());
        assertThat(nodeB.inForce(SALES, LimitDirection.INBOUND)).isEmpty();

        settings.put(HOURLY);
        assertThat(nodeB.inForce(SALES, LimitDirection.INBOUND)).isEmpty();
        cluster.follow();
        assertThat(nodeB.inForce(SALES, LimitDirection.INBOUND)).contains(HOURLY);

        settings.remove(SALES, LimitDirection.INBOUND);
        cluster.follow();
        assertThat(nodeB.inForce(SALES, LimitDirection.INBOUND)).isEmpty();
    }
}
