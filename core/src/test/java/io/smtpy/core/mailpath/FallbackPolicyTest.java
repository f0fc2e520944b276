package io.smtpy.core.mailpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class FallbackPolicyTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private AliasDirectory directory;
    private FallbackPolicy policy;

    @BeforeEach
    void setUp() {
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(),
            new MovableClock(Instant.parse("2026-03-01T12:00:00Z")), Limits.DEFAULT);
        directory.createDomain(DOMAIN, b -> b);
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("sales")), b -> b
            .destinations(List.of(Destination.of("primary@dest.example"), Destination.of("ops@dest.example")))
            .fallbacks(List.of(Destination.of("backup@dest.example"), Destination.of("last@dest.example"))));
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("plain")), b -> b
            .destinations(List.of(Destination.of("primary@dest.example"))));
        policy = new FallbackPolicy(directory);
    }

    @Test
    void aFailedDestinationShouldGoToTheFirstFallbackOfTheAliasThatHasOne() throws Exception {
        var fallbacks = policy.after(DOMAIN, List.of(LocalPart.of("plain"), LocalPart.of("sales")),
            List.of(new MailAddress("primary@dest.example")));

        assertThat(fallbacks).hasSize(1);
        FallbackPolicy.Fallback fallback = fallbacks.get(new MailAddress("primary@dest.example"));
        assertThat(fallback.next()).isEqualTo(new MailAddress("backup@dest.example"));
        assertThat(fallback.alias()).isEqualTo(AliasAddress.of(DOMAIN, LocalPart.of("sales")));
    }

    @Test
    void aFailedFallbackShouldGoToTheNextAndTheLastToNone() throws Exception {
        assertThat(policy.after(DOMAIN, List.of(LocalPart.of("sales")), List.of(new MailAddress("backup@dest.example"))).values())
            .extracting(FallbackPolicy.Fallback::next).containsExactly(new MailAddress("last@dest.example"));
        assertThat(policy.after(DOMAIN, List.of(LocalPart.of("sales")), List.of(new MailAddress("last@dest.example")))).isEmpty();
        assertThat(policy.after(DOMAIN, List.of(LocalPart.of("plain")), List.of(new MailAddress("primary@dest.example")))).isEmpty();
    }

    @Test
    void aCopyDeferredLongerThanTheSetTimeShouldBringItsFallbacksInAndZeroShouldNever() {
        java.time.Instant forwarded = java.time.Instant.parse("2026-03-01T12:00:00Z");
        FallbackPolicy fourHours = new FallbackPolicy(directory, java.time.Duration.ofHours(4));

        assertThat(fourHours.deferredTooLong(forwarded, forwarded.plusSeconds(4 * 3600 - 1))).isFalse();
        assertThat(fourHours.deferredTooLong(forwarded, forwarded.plusSeconds(4 * 3600))).isTrue();
        assertThat(new FallbackPolicy(directory, java.time.Duration.ZERO).deferredTooLong(forwarded, forwarded.plusSeconds(86_400)))
            .isFalse();
    }
}
