package io.smtpy.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DnsVerification;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.model.RegexAlias;

/** What every {@link DomainRepository} must do. A backend test implements this interface and {@link #testee()}. */
public interface DomainRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.org");

    DomainRepository testee();

    static Domain domain(DomainName name) {
        return Domain.builder(name).createdAt(T0).updatedAt(T0).build();
    }

    static Domain richDomain(DomainName name) {
        return Domain.builder(name)
            .enabled(false)
            .keepSubaddressTag(true)
            .catchAll(Optional.of(new CatchAll(
                List.of(Destination.of("Catch@Dest.example")),
                List.of(new CatchAll.ExceptionRule(LocalPartPattern.of("noreply-*"), ExceptionAction.DROP),
                    new CatchAll.ExceptionRule(LocalPartPattern.of("old"), ExceptionAction.REJECT)))))
            .regexAliases(List.of(
                RegexAlias.of("^(support|help)-(.+)$", List.of("$2@team.example", "desk@team.example"), 10, "teams", Limits.DEFAULT),
                RegexAlias.of("^x.*$", List.of("x@team.example"), 1, "", Limits.DEFAULT)))
            .enforceDmarcReject(true)
            .forwardedSignatures(io.smtpy.core.model.ForwardedSignatures.ARC)
            .archiveAddress(Optional.of(Destination.of("Archive@Vault.example")))
            .blockLinks(false)
            .quarantineDigest(false)
            .spam(new io.smtpy.core.model.SpamSettings(false, 3.5, 7.25, io.smtpy.core.model.ScanAction.REJECT))
            .virus(new io.smtpy.core.model.VirusSettings(false, io.smtpy.core.model.ScanAction.QUARANTINE))
            .eventRetention(new io.smtpy.core.model.EventRetention(400, true))
            .eventPrivacy(io.smtpy.core.model.EventPrivacy.HASHED)
            .dnsVerification(Optional.of(new DnsVerification(T0.plusSeconds(3), true, List.of("spf", "dkim"))))
            .createdAt(T0)
            .updatedAt(T0.plusSeconds(5))
            .build();
    }

    @Test
    default void createdDomainShouldBeFound() {
        testee().create(domain(EXAMPLE));

        assertThat(testee().find(EXAMPLE)).contains(domain(EXAMPLE));
    }

    @Test
    default void everySettingShouldRoundTrip() {
        testee().create(richDomain(EXAMPLE));

        assertThat(testee().find(EXAMPLE)).contains(richDomain(EXAMPLE));
    }

    @Test
    default void unknownDomainShouldNotBeFound() {
        assertThat(testee().find(EXAMPLE)).isEmpty();
    }

    @Test
    default void createShouldRefuseAnExistingName() {
        testee().create(domain(EXAMPLE));

        assertThatThrownBy(() -> testee().create(richDomain(EXAMPLE))).isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().find(EXAMPLE)).contains(domain(EXAMPLE));
    }

    @Test
    default void updateShouldReplaceTheDomain() {
        testee().create(domain(EXAMPLE));

        testee().update(richDomain(EXAMPLE));

        assertThat(testee().find(EXAMPLE)).contains(richDomain(EXAMPLE));
    }

    @Test
    default void updateOfAnUnknownDomainShouldFail() {
        assertThatThrownBy(() -> testee().update(domain(EXAMPLE))).isInstanceOf(NotFoundException.class);
        assertThat(testee().find(EXAMPLE)).isEmpty();
    }

    @Test
    default void conditionalUpdateFromTheStoredVersionShouldApply() {
        testee().create(domain(EXAMPLE));

        testee().update(richDomain(EXAMPLE), T0);

        assertThat(testee().find(EXAMPLE)).contains(richDomain(EXAMPLE));
    }

    @Test
    default void conditionalUpdateFromAnOlderVersionShouldBeRefusedAndWriteNothing() {
        testee().create(domain(EXAMPLE));
        testee().update(richDomain(EXAMPLE), T0);

        Domain stale = domain(EXAMPLE).toBuilder().enabled(false).updatedAt(T0.plusSeconds(9)).build();
        assertThatThrownBy(() -> testee().update(stale, T0)).isInstanceOf(io.smtpy.core.store.ConcurrentChangeException.class);
        assertThat(testee().find(EXAMPLE)).contains(richDomain(EXAMPLE));
    }

    @Test
    default void conditionalUpdateOfAnUnknownDomainShouldFail() {
        assertThatThrownBy(() -> testee().update(domain(EXAMPLE), T0)).isInstanceOf(NotFoundException.class);
        assertThat(testee().find(EXAMPLE)).isEmpty();
    }

    @Test
    default void listShouldBeSortedByName() {
        testee().create(domain(OTHER));
        testee().create(domain(EXAMPLE));

        assertThat(testee().list()).extracting(Domain::name).containsExactly(EXAMPLE, OTHER);
    }

    @Test
    default void deleteShouldRemoveOnlyThatDomain() {
        testee().create(domain(EXAMPLE));
        testee().create(domain(OTHER));

        assertThat(testee().delete(EXAMPLE)).isTrue();

        assertThat(testee().find(EXAMPLE)).isEmpty();
        assertThat(testee().list()).extracting(Domain::name).containsExactly(OTHER);
    }

    @Test
    default void deleteOfAnUnknownDomainShouldSayNothingWasDeleted() {
        assertThat(testee().delete(EXAMPLE)).isFalse();
    }

    @Test
    default void concurrentCreatesOfOneNameShouldLetExactlyOneWin() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < writers; i++) {
            pool.submit(() -> {
                try {
                    start.await();
                    testee().create(domain(EXAMPLE));
                    wins.incrementAndGet();
                } catch (AlreadyExistsException expected) {
                    // the losers
                } catch (Throwable t) {
                    unexpected.add(t);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(unexpected).isEmpty();
        assertThat(wins.get()).isEqualTo(1);
    }
}
