package io.smtpy.server.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;

import io.smtpy.mailets.DeliveryDeferrals;

/**
 * The embedded server's mail queues (spool, outgoing...): {@link DurableMailQueue}s under the data directory's
 * {@code queue/}, each wrapped so that RemoteDelivery's delayed re-enqueues are reported as deferrals; the spool hands
 * mail to the outgoing queue in memory, its file standing for it ({@link SpoolHandover}).
 *
 * <p>At start it takes the directory (a second server on the same data directory fails) and opens every queue that
 * has mail on disk from an earlier run, so that mail is delivered by the queue's consumer as soon as it subscribes
 * and is visible in WebAdmin's mail queue routes even before.
 */
public class DurableMailQueueFactory implements MailQueueFactory<ManageableMailQueue> {
    private static final Logger LOGGER = LoggerFactory.getLogger(DurableMailQueueFactory.class);
    static final String QUEUE_LOCATION = "file://queue";
    /**
     * States whose mail a queue keeps in memory only: {@code delivered}, where RemoteDelivery's {@code onSuccess}
     * (conf/mailetcontainer.xml) sends a copy it has delivered, only to record the outcome. A crash loses that record,
     * never a mail.
     */
    static final Set<String> IN_MEMORY_STATES = Set.of("delivered");
    /** RemoteDelivery's queue in conf/mailetcontainer.xml (its {@code <outgoing>}). */
    static final MailQueueName OUTGOING = MailQueueName.of("outgoing");
    /** The processor of conf/mailetcontainer.xml that bounces a copy its owner cancelled. */
    static final String CANCELLED_STATE = "cancelled";
    static final String CANCELLED_TEXT = "Delivery was cancelled by the owner of the sending domain";

    private final QueueDirectories directories;
    private final MailQueueItemDecoratorFactory decorators;
    private final DeliveryDeferrals deferrals;
    private final Clock clock;
    private final ConcurrentHashMap<MailQueueName, DeferralReportingMailQueue> queues = new ConcurrentHashMap<>();
    private final SpoolHandover handover;

    @Inject
    public DurableMailQueueFactory(FileSystem fileSystem, MailQueueItemDecoratorFactory decorators,
                                   DeliveryDeferrals deferrals, Clock clock) throws IOException {
        this(QueueDirectories.take(fileSystem.getFile(QUEUE_LOCATION).toPath()), decorators, deferrals, clock);
    }

    DurableMailQueueFactory(QueueDirectories directories, MailQueueItemDecoratorFactory decorators,
                            DeliveryDeferrals deferrals, Clock clock) throws IOException {
        this.directories = directories;
        this.decorators = decorators;
        this.deferrals = deferrals;
        this.clock = clock;
        this.handover = new SpoolHandover(directories);
        for (MailQueueName name : directories.existingQueues()) {
            createQueue(name);
        }
        LOGGER.info("Durable mail queues in {}", directories.root());
    }

    Path root() {
        return directories.root();
    }

    boolean isUsable() {
        return directories.isHeld() && directories.root().toFile().canWrite();
    }

    @Override
    public Optional<ManageableMailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return Optional.ofNullable(queues.get(name));
    }

    @Override
    public ManageableMailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return queues.computeIfAbsent(name, this::open);
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return ImmutableSet.copyOf(queues.keySet());
    }

    @PreDestroy
    public void destroy() throws IOException {
        queues.values().forEach(DeferralReportingMailQueue::dispose);
        directories.close();
    }

    /**
     * James's spool hands mail to RemoteDelivery's queue ({@code outgoing} in conf/mailetcontainer.xml) without a second
     * disk crossing ({@link SpoolHandover}); other queues write every mail.
     */
    /**
     * A copy its owner cancelled goes back to the spool in the {@code cancelled} state: conf/mailetcontainer.xml's
     * processor of that name records it and bounces it to its sender, saying why.
     */
    private void bounceCancelled(Mail mail) throws MailQueue.MailQueueException {
        mail.setState(CANCELLED_STATE);
        mail.setErrorMessage(CANCELLED_TEXT);
        createQueue(MailQueueFactory.SPOOL).enQueue(mail);
    }

    private static DurableMailQueue.HandoverRole role(MailQueueName name) {
        if (name.equals(MailQueueFactory.SPOOL)) {
            return DurableMailQueue.HandoverRole.SPOOL;
        }
        return name.equals(OUTGOING) ? DurableMailQueue.HandoverRole.OUTGOING : DurableMailQueue.HandoverRole.NONE;
    }

    private DeferralReportingMailQueue open(MailQueueName name) {
        try {
            return new DeferralReportingMailQueue(DurableMailQueue.open(name, directories, clock, decorators, IN_MEMORY_STATES,
                role(name), handover, this::bounceCancelled), deferrals);
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to open the mail queue " + name.asString() + " in " + directories.root(), e);
        }
    }
}
