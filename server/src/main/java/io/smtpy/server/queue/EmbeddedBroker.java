package io.smtpy.server.queue;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.SharedFileLocker;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.queue.activemq.FileSystemBlobTransferPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ broker behind the embedded server's mail queues, private to this JVM.
 *
 * <ul>
 *   <li>Reachable only through the in-JVM {@code vm://} transport: it has no TCP connector, so nothing outside the
 *   process can read or inject mail.</li>
 *   <li>Persistent in KahaDB under {@code <data>/queue/kahadb}, with a disk sync of the journal on every write: a
 *   mail acknowledged with {@code 250} survives a crash of the process.</li>
 *   <li>Mail bodies travel as blob messages stored as files under {@code <data>/queue/blobs}, so the journal holds
 *   only envelopes and the heap does not hold large messages.</li>
 *   <li>Consumers prefetch nothing: a mail is handed to one dequeuer at a time, never parked in a client buffer.</li>
 * </ul>
 *
 * Started when Guice builds it (the mail queue factory needs it) and stopped at James's {@code @PreDestroy} stage,
 * after the queues that use it: James stages {@code @PreDestroy} in reverse creation order.
 */
public class EmbeddedBroker {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedBroker.class);

    static final String KAHADB_LOCATION = "file://queue/kahadb";
    static final String BROKER_DATA_LOCATION = "file://queue/broker";
    static final String BLOB_LOCATION = "file://queue/blobs";

    // vm:// URLs are looked up by broker name in a JVM-wide registry: two servers in one JVM (tests) need two names.
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final BrokerService broker;
    private final ActiveMQConnectionFactory connectionFactory;

    @Inject
    public EmbeddedBroker(FileSystem fileSystem) throws Exception {
        String brokerName = "smtpy-" + INSTANCES.incrementAndGet();
        broker = new BrokerService();
        broker.setBrokerName(brokerName);
        broker.setPersistent(true);
        broker.setPersistenceAdapter(kahaDb(fileSystem.getFile(KAHADB_LOCATION)));
        broker.setDataDirectoryFile(fileSystem.getFile(BROKER_DATA_LOCATION));
        broker.setUseJmx(false);
        // James's lifecycle stops the broker once the queues are closed; ActiveMQ's own hook could stop it first.
        broker.setUseShutdownHook(false);
        broker.setSchedulerSupport(false);
        // No advisory messages: nothing here listens to them, and James creates and closes a consumer for every mail
        // it dequeues, each of which the broker would otherwise announce on an advisory topic.
        broker.setAdvisorySupport(false);
        // ActiveMQ's default store limit is a fixed 100 GB (and a warning at each start on a smaller disk);
        // a share of the disk follows the machine. When it is reached, enqueueing fails (SMTP answers 4xx)
        // instead of blocking the SMTP session forever.
        broker.getSystemUsage().getStoreUsage().setPercentLimit(90);
        broker.getSystemUsage().getTempUsage().setPercentLimit(10);
        broker.getSystemUsage().setSendFailIfNoSpace(true);
        broker.start();
        broker.waitUntilStarted();

        connectionFactory = new ActiveMQConnectionFactory("vm://" + brokerName + "?create=false");
        connectionFactory.setTrustAllPackages(false);
        connectionFactory.setWatchTopicAdvisories(false);
        connectionFactory.setPrefetchPolicy(noPrefetch());
        connectionFactory.setBlobTransferPolicy(blobsOnDisk(fileSystem));
        LOGGER.info("Embedded ActiveMQ broker {} started, KahaDB in {}", brokerName, fileSystem.getFile(KAHADB_LOCATION));
    }

    private static KahaDBPersistenceAdapter kahaDb(File directory) throws IOException {
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(directory);
        // fsync the journal on every write, not periodically: at-least-once must hold across a crash.
        kahaDb.setJournalDiskSyncStrategy("always");
        // A second server on the same data directory must fail at start, not wait forever for the lock.
        SharedFileLocker locker = new SharedFileLocker();
        locker.setFailIfLocked(true);
        kahaDb.setLocker(locker);
        return kahaDb;
    }

    private static ActiveMQPrefetchPolicy noPrefetch() {
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        prefetch.setAll(0);
        return prefetch;
    }

    private static FileSystemBlobTransferPolicy blobsOnDisk(FileSystem fileSystem) throws FileNotFoundException {
        FileSystemBlobTransferPolicy policy = new FileSystemBlobTransferPolicy();
        policy.setFileSystem(fileSystem);
        policy.setDefaultUploadUrl(BLOB_LOCATION);
        return policy;
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    @PreDestroy
    public void stop() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
        LOGGER.info("Embedded ActiveMQ broker {} stopped", broker.getBrokerName());
    }
}
