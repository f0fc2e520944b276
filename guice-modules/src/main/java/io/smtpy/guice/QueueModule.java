package io.smtpy.guice;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.util.DurationParser;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import io.smtpy.core.model.DomainName;
import io.smtpy.mailets.DelayNotices;
import io.smtpy.sending.queue.ActionOutcome;
import io.smtpy.sending.queue.DelayNoticePolicy;
import io.smtpy.sending.queue.DomainPriorities;
import io.smtpy.sending.queue.OwnerQueue;
import io.smtpy.sending.queue.QueueAction;
import io.smtpy.sending.queue.QueuedCopy;

/**
 * Priority lanes and the owner's queue: the {@link DomainPriorities} {@code DeliveryPriority} asks, the
 * {@link DelayNotices} RemoteDelivery's deferrals go through, and the {@link OwnerQueue} {@code QueueRoutes} serve (the
 * {@code outgoing} queue of James's queue factory, when it is one: the embedded server's durable queue). Settings in
 * {@code smtpy.properties}:
 * <pre>
 * queue.priorityDomains=a.example,b.example   # the operator's high class (a premium): their copies leave first
 * queue.delayNoticeAfter=4h                   # a sender is told once when a copy waits longer; 0: never
 * </pre>
 * The retry schedule and the maximum age are RemoteDelivery's {@code delayTime} and {@code maxRetries} in
 * conf/mailetcontainer.xml.
 */
public class QueueModule extends AbstractModule {
    /** RemoteDelivery's queue in conf/mailetcontainer.xml ({@code outgoingQueue}). */
    static final MailQueueName OUTGOING = MailQueueName.of("outgoing");

    @Override
    protected void configure() {
        bind(DelayNotices.class).asEagerSingleton();
        bind(OwnerQueue.class).to(OutgoingOwnerQueue.class);
    }

    @Provides
    @Singleton
    DomainPriorities domainPriorities(PropertiesProvider properties) throws ConfigurationException {
        return DomainPriorities.parse(SmtpyConfiguration.rawProperties(properties).getString("queue.priorityDomains", ""));
    }

    @Provides
    @Singleton
    DelayNoticePolicy delayNoticePolicy(PropertiesProvider properties) throws ConfigurationException {
        return new DelayNoticePolicy(delayNoticeAfter(SmtpyConfiguration.rawProperties(properties)));
    }

    static Duration delayNoticeAfter(Configuration configuration) {
        String raw = configuration.getString("queue.delayNoticeAfter", "").trim();
        if (raw.isEmpty()) {
            return DelayNoticePolicy.DEFAULT_AFTER;
        }
        try {
            return DurationParser.parse(raw, ChronoUnit.MINUTES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: queue.delayNoticeAfter must be a duration such as 4h, 240m"
                + " or 0, got '" + raw + "'", e);
        }
    }

    /**
     * The {@code outgoing} queue as the owner's queue, looked up at each call (RemoteDelivery creates it at start), in
     * James's bindings: none bound means no owner's queue.
     */
    static final class OutgoingOwnerQueue implements OwnerQueue {
        private static final Key<MailQueueFactory<? extends ManageableMailQueue>> QUEUES =
            Key.get(new TypeLiteral<MailQueueFactory<? extends ManageableMailQueue>>() { });

        private final Injector injector;

        @Inject
        OutgoingOwnerQueue(Injector injector) {
            this.injector = injector;
        }

        @Override
        public List<QueuedCopy> list(DomainName domain) {
            return outgoing().list(domain);
        }

        @Override
        public List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
            return outgoing().act(domain, action, ids);
        }

        private OwnerQueue outgoing() {
            Binding<MailQueueFactory<? extends ManageableMailQueue>> queues = injector.getExistingBinding(QUEUES);
            if (queues == null) {
                return OwnerQueue.UNAVAILABLE;
            }
            Optional<? extends ManageableMailQueue> queue = queues.getProvider().get().getQueue(OUTGOING);
            if (queue.isPresent() && queue.get() instanceof OwnerQueue) {
                return (OwnerQueue) queue.get();
            }
            if (queue.isPresent()) {
                return OwnerQueue.UNAVAILABLE;
            }
            return EMPTY;
        }

        /** No outgoing queue yet: nothing waits. */
        private static final OwnerQueue EMPTY = new OwnerQueue() {
            @Override
            public List<QueuedCopy> list(DomainName domain) {
                return List.of();
            }

            @Override
            public List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
                return ids.stream().map(id -> ActionOutcome.refused(id, "no such copy in the queue")).collect(
                    java.util.stream.Collectors.toList());
            }
        };
    }
}
