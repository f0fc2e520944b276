package io.smtpy.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class DkimRotationRunTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final DomainName ENABLED = DomainName.of("enabled.example");
    private static final DomainName DISABLED = DomainName.of("disabled.example");

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryDkimKeyRepository keys = new MemoryDkimKeyRepository();
    private final MemoryDomainRepository domains = new MemoryDomainRepository();
    private final MemoryMailEventRepository eventStore = new MemoryMailEventRepository();
    private final DkimKeyRotation rotation = new DkimKeyRotation(keys, new DkimKeyGenerator(), new PrivateKeyCipher(new byte[32]),
        FakeDns.publishingAfter(keys, clock, Duration.ofHours(1)),
        RotationPolicy.builder().algorithms(DkimAlgorithm.ED25519_SHA256).build(), clock);
    private final DkimRotationRun run = new DkimRotationRun(rotation, domains, new MailEvents(eventStore));

    private List<String> eventDetails(DomainName domain) {
        return eventStore.list(MailEventQuery.of(domain)).stream()
            .filter(event -> event.type() == MailEventType.DKIM_KEY)
            .map(MailEvent::detail)
            .collect(Collectors.toList());
    }

    @Test
    void enabledDomainsShouldGetKeysAndEvents() {
        domains.create(Domain.builder(ENABLED).createdAt(T0).updatedAt(T0).build());
        domains.create(Domain.builder(DISABLED).enabled(false).createdAt(T0).updatedAt(T0).build());

        run.everyDomain();

        assertThat(keys.list(ENABLED)).hasSize(1);
        assertThat(keys.list(DISABLED)).isEmpty();
        assertThat(eventDetails(ENABLED)).singleElement().asString()
            .startsWith("DKIM key ").endsWith("(ed25519-sha256) created, pending");
    }

    @Test
    void aLaterRunShouldActivateThePublishedKeyAndSaySo() {
        domains.create(Domain.builder(ENABLED).createdAt(T0).updatedAt(T0).build());
        run.everyDomain();
        clock.moveBy(Duration.ofHours(2));

        run.everyDomain();

        assertThat(rotation.signingKeys(ENABLED)).hasSize(1);
        assertThat(eventDetails(ENABLED)).anySatisfy(detail -> assertThat(detail).endsWith("pending -> active"));
    }

    @Test
    void rotateNowShouldCreateASuccessorAndRecordIt() {
        domains.create(Domain.builder(ENABLED).createdAt(T0).updatedAt(T0).build());
        run.everyDomain();
        clock.moveBy(Duration.ofHours(2));
        run.everyDomain();

        List<DkimKeyTransition> transitions = run.rotateNow(ENABLED);

        assertThat(transitions).anySatisfy(transition -> assertThat(transition.to()).isEqualTo(DkimKeyState.PENDING));
        assertThat(eventDetails(ENABLED)).hasSize(3);
    }
}
