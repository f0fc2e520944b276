package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.CreationException;
import com.google.inject.Injector;

import java.time.Instant;

import io.smtpy.access.store.AccessStores;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEventType;
import io.smtpy.search.opensearch.OpenSearchServer;
import io.smtpy.core.cluster.ChangeFeed;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.store.cassandra.CassandraAliasRepository;
import io.smtpy.store.cassandra.CassandraChangeFeed;
import io.smtpy.store.cassandra.CassandraDomainRepository;
import io.smtpy.store.cassandra.CassandraServer;

/** {@code storage=cassandra} against a real Cassandra: what it keeps, and two nodes on one keyspace. */
class CassandraWiringTest {
    /** One keyspace for the class (its tables take a while to create); each test its own domain. */
    private static final String KEYSPACE = "t_wiring_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path nodeA;
    @TempDir
    Path nodeB;

    private final DomainName domain = DomainName.of("d" + UUID.randomUUID().toString().substring(0, 8) + ".example");
    private final AliasAddress info = AliasAddress.of(domain, LocalPart.of("info"));
    private final List<Injector> started = new java.util.ArrayList<>();

    private Injector node(Path working) throws Exception {
        return node(working, "");
    }

    private Injector node(Path working, String more) throws Exception {
        Injector injector = SmtpyModuleWiringTest.injector(working, more + "storage=cassandra\n"
            + "cassandra.contactPoints=" + CassandraServer.shared().contactPoint() + "\n"
            + "cassandra.keyspace=" + KEYSPACE + "\n"
            + "cluster.pollMillis=100\n"
            + "dkim.rotationCheckMinutes=0\nauth.servId=mx.smtpy.example\n");
        started.add(injector);
        return injector;
    }

    @AfterEach
    void stop() {
        for (Injector injector : started) {
            injector.getInstance(ClusterModule.ClusterSync.class).stop();
            PerConcernStorage storage = (PerConcernStorage) injector.getInstance(StorageFlavour.class);
            ((CassandraStorageModule.CassandraStorage) storage.flavour(StorageConcern.DOMAINS)).close();
            StorageFlavour events = storage.flavour(StorageConcern.EVENTS);
            if (events instanceof EmbeddedStorageModule.EmbeddedStorage) {
                ((EmbeddedStorageModule.EmbeddedStorage) events).close();
            } else {
                ((OpenSearchStorageModule.OpenSearchStorage) events).close();
            }
        }
    }

    @Test
    void theConcernsCassandraKeepsShouldBeOnCassandraAndTheRestEmbedded() throws Exception {
        Injector injector = node(nodeA);

        assertThat(injector.getInstance(DomainRepository.class)).isInstanceOf(CassandraDomainRepository.class);
        assertThat(injector.getInstance(AliasRepository.class)).isInstanceOf(CassandraAliasRepository.class);
        assertThat(injector.getInstance(ChangeFeed.class)).isInstanceOf(CassandraChangeFeed.class);
        PerConcernStorage storage = (PerConcernStorage) injector.getInstance(StorageFlavour.class);
        for (StorageConcern concern : StorageConcern.values()) {
            assertThat(storage.flavour(concern)).isInstanceOf(CassandraStorageModule.KEPT.contains(concern)
                ? CassandraStorageModule.CassandraStorage.class : EmbeddedStorageModule.EmbeddedStorage.class);
        }
        assertThat(injector.getInstance(AccessStores.class)).isInstanceOf(io.smtpy.store.cassandra.CassandraAccessStores.class);
        assertThat(injector.getInstance(io.smtpy.limits.LimitCounters.class))
            .isInstanceOf(io.smtpy.store.cassandra.CassandraLimitCounters.class);
        assertThat(injector.getInstance(io.smtpy.core.cluster.TaskLedger.class))
            .isInstanceOf(io.smtpy.store.cassandra.CassandraTaskLedger.class);
    }

    @Test
    void anAliasCreatedThroughOneNodeShouldBeServedByTheOtherWithinASecond() throws Exception {
        AliasDirectory a = node(nodeA).getInstance(AliasDirectory.class);
        AliasDirectory b = node(nodeB).getInstance(AliasDirectory.class);

        a.createDomain(domain, builder -> builder);
        a.createAlias(info, builder -> builder.destinations(List.of(Destination.of("a@dest.example"))));

        await().atMost(Duration.ofSeconds(1)).until(() -> b.aliasExists(info));
    }

    @Test
    void aDomainDeletedThroughOneNodeShouldStopResolvingOnTheOtherWithinASecond() throws Exception {
        AliasDirectory a = node(nodeA).getInstance(AliasDirectory.class);
        AliasDirectory b = node(nodeB).getInstance(AliasDirectory.class);
        a.createDomain(domain, builder -> builder);
        await().atMost(Duration.ofSeconds(1)).until(() -> b.indexedDomain(domain).isPresent());

        b.deleteDomain(domain);

        await().atMost(Duration.ofSeconds(1)).until(() -> a.indexedDomain(domain).isEmpty());
    }

    @Test
    void aJobOnSharedDataShouldRunOnOneOfTwoNodesAndOneOnEachNodesOwnDataOnBoth() throws Exception {
        Injector a = node(nodeA);
        Injector b = node(nodeB);
        ClusterJobs jobsOfA = a.getInstance(ClusterJobs.class);
        ClusterJobs jobsOfB = b.getInstance(ClusterJobs.class);
        java.util.concurrent.atomic.AtomicInteger shared = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger own = new java.util.concurrent.atomic.AtomicInteger();
        String job = "purge-" + domain.asString();

        for (ClusterJobs node : List.of(jobsOfA, jobsOfB, jobsOfB)) {
            node.leased(job, StorageConcern.RULES, Duration.ofHours(1), shared::incrementAndGet).run();
            node.leased(job, StorageConcern.EVENTS, Duration.ofHours(1), own::incrementAndGet).run();
        }

        assertThat(shared).hasValue(1);
        assertThat(own).hasValue(3);
        assertThat(a.getInstance(io.smtpy.core.cluster.JobLeases.class))
            .isInstanceOf(io.smtpy.store.cassandra.CassandraJobLeases.class);
    }

    @Test
    void eventsOfMailThroughEitherNodeShouldBeSearchableFromTheOther() throws Exception {
        String events = "storage.events=opensearch\nopensearch.hosts=" + OpenSearchServer.shared().hostAndPort()
            + "\nopensearch.replicas=0\nopensearch.indexPrefix=" + KEYSPACE.replace('_', '-') + "\n";
        MailEventRepository a = node(nodeA, events).getInstance(MailEventRepository.class);
        MailEventRepository b = node(nodeB, events).getInstance(MailEventRepository.class);
        Instant now = Instant.now();

        a.append(MailEvent.builder(domain, MailEventType.FORWARDED, now).journeyId("through-a").build());
        b.append(MailEvent.builder(domain, MailEventType.FORWARDED, now.plusMillis(1)).journeyId("through-b").build());

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(a.journey(domain, "through-b")).hasSize(1);
            assertThat(b.journey(domain, "through-a")).hasSize(1);
        });
        assertThat(a).isInstanceOf(io.smtpy.search.opensearch.OpenSearchMailEventRepository.class);
    }

    @Test
    void aNodeWithoutContactPointsShouldNotStart() {
        assertThatThrownBy(() -> SmtpyModuleWiringTest.injector(nodeA, "storage=cassandra\n"
            + "dkim.rotationCheckMinutes=0\nauth.servId=mx.smtpy.example\n").getInstance(DomainRepository.class))
            .hasMessageContaining("cassandra.contactPoints is required");
    }
}
