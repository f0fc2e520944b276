package io.smtpy.webadmin.routes;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyRotation;
import io.smtpy.core.dkim.DkimRotationRun;
import io.smtpy.core.dkim.MemoryDkimKeyRepository;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.dkim.RotationPolicy;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.store.DomainRepository;

/**
 * DKIM keys for route tests: Ed25519 (fast to generate), activated once {@link #PUBLICATION_DELAY} has passed on the
 * tests' clock (no DNS asked). Its events go to a store of its own, so the event routes' tests see only theirs.
 */
final class DkimFixture {
    static final Duration PUBLICATION_DELAY = Duration.ofHours(1);

    final MemoryDkimKeyRepository keys = new MemoryDkimKeyRepository();
    final MemoryMailEventRepository events = new MemoryMailEventRepository();
    final DkimKeyRotation rotation;
    final DkimRotationRun run;

    DkimFixture(DomainRepository domains, Clock clock) {
        RotationPolicy policy = RotationPolicy.builder()
            .algorithms(DkimAlgorithm.ED25519_SHA256)
            .publicationDelay(Optional.of(PUBLICATION_DELAY))
            .build();
        rotation = new DkimKeyRotation(keys, new DkimKeyGenerator(), new PrivateKeyCipher(new byte[32]),
            key -> false, policy, clock);
        run = new DkimRotationRun(rotation, domains, new MailEvents(events));
    }
}
