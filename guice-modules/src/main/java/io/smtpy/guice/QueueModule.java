package io.smtpy.guice;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
import io.smtpy.sending.pools.SourceAddress;
import io.smtpy.sending.pools.SourcePools;
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
 * pools.&lt;name&gt;.addresses=...                 # outbound source-address pools, see {@link SourcePools}
 * </pre>
 * The owner's queue is every delivery queue: {@code outgoing} and each pool address's.
 * The retry schedule and the maximum age are RemoteDelivery's {@code delayTime} and {@code maxRetries} in
 * conf/mailetcontainer.xml.
 */
public class QueueModule extends AbstractModule {
    /** RemoteDelivery's queue in conf/mailetcontainer.xml (its {@code <outgoing>}). */
    static final MailQueueName OUTGOING = MailQueueName.of("outgoing");
    /** SmarthostDelivery's queue in conf/mailetcontainer.xml (its {@code outgoingQueue}): copies for domains' own relays. */
    static final MailQueueName SMARTHOST = MailQueueName.of("smarthost");

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
    SourcePools sourcePools(PropertiesProvider properties) throws ConfigurationException {
        return sourcePools(SmtpyConfiguration.rawProperties(properties));
    }

    /**
     * The {@code pools.*} settings of smtpy.properties; the embedded server's configuration rendering reads them too, to
     * write each pool address's RemoteDelivery.
     *
     * @throws io.smtpy.core.model.InvalidFieldException naming the key of a bad setting
     */
    public static SourcePools sourcePools(Configuration configuration) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Iterator<String> keys = configuration.getKeys("pools"); keys.hasNext(); ) {
            String key = keys.next();
            settings.put(key, String.join(",", configuration.getStringArray(key)));
        }
        return SourcePools.parse(settings);
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
     * The delivery queues as the owner's queue: {@code outgoing}, {@code smarthost} (copies for the domains' own relays) and
     * each pool address's ({@link SourcePools}), looked up
     * at each call (RemoteDelivery creates them at start) in James's bindings: none bound, or a queue that cannot show
     * itself, means no owner's queue. Copies are listed across queues in the order they would leave; an action applies
     * where the copy is.
     */
    static final class OutgoingOwnerQueue implements OwnerQueue {
        private static final Key<MailQueueFactory<? extends ManageableMailQueue>> QUEUES =
            Key.get(new TypeLiteral<MailQueueFactory<? extends ManageableMailQueue>>() { });

        private final Injector injector;
        private final List<MailQueueName> names;

        @Inject
        OutgoingOwnerQueue(Injector injector, SourcePools pools) {
            this.injector = injector;
            List<MailQueueName> all = new ArrayList<>();
            all.add(OUTGOING);
            all.add(SMARTHOST);
            pools.addresses().stream().map(SourceAddress::queueName).map(MailQueueName::of).forEach(all::add);
            this.names = List.copyOf(all);
        }

        @Override
        public List<QueuedCopy> list(DomainName domain) {
            List<OwnerQueue> queues = queues();
            if (queues.size() == 1) {
                return queues.get(0).list(domain);
            }
            return queues.stream().flatMap(queue -> queue.list(domain).stream())
                .sorted(Comparator.comparing(QueuedCopy::lane).thenComparing(QueuedCopy::queuedAt))
                .collect(Collectors.toList());
        }

        @Override
        public List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
            List<OwnerQueue> queues = queues();
            if (queues.size() == 1) {
                return queues.get(0).act(domain, action, ids);
            }
            // Each id is in one queue at most: its outcome is that queue's, the others do not know it.
            Map<String, ActionOutcome> outcomes = new LinkedHashMap<>();
            for (OwnerQueue queue : queues) {
                for (ActionOutcome outcome : queue.act(domain, action, ids)) {
                    outcomes.merge(outcome.id(), outcome, (known, other) -> weight(other) > weight(known) ? other : known);
                }
            }
            return ids.stream().map(outcomes::get).collect(Collectors.toList());
        }

        /** Whether every delivery queue takes mail in held for review (asked per mail: the queues exist once James started). */
        @Override
        public boolean holdsForReview() {
            Binding<MailQueueFactory<? extends ManageableMailQueue>> binding = injector.getExistingBinding(QUEUES);
            if (binding == null || binding.getProvider().get().getQueue(OUTGOING).isEmpty()) {
                return false;
            }
            return queues().stream().allMatch(OwnerQueue::holdsForReview);
        }

        /** Applied, refused by the queue that has the copy, refused as unknown: the most telling outcome wins. */
        private static int weight(ActionOutcome outcome) {
            if (outcome.isApplied()) {
                return 2;
            }
            return outcome.isUnknownCopy() ? 0 : 1;
        }

        private List<OwnerQueue> queues() {
            Binding<MailQueueFactory<? extends ManageableMailQueue>> binding = injector.getExistingBinding(QUEUES);
            if (binding == null) {
                return List.of(OwnerQueue.UNAVAILABLE);
            }
            MailQueueFactory<? extends ManageableMailQueue> factory = binding.getProvider().get();
            List<OwnerQueue> queues = new ArrayList<>();
            for (MailQueueName name : names) {
                Optional<? extends ManageableMailQueue> queue = factory.getQueue(name);
                if (queue.isPresent() && !(queue.get() instanceof OwnerQueue)) {
                    return List.of(OwnerQueue.UNAVAILABLE);
                }
                queue.map(OwnerQueue.class::cast).ifPresent(queues::add);
            }
            return queues.isEmpty() ? List.of(EMPTY) : queues;
        }

        /** No outgoing queue yet: nothing waits. */
        private static final OwnerQueue EMPTY = new OwnerQueue() {
            @Override
            public List<QueuedCopy> list(DomainName domain) {
                return List.of();
            }

            @Override
            public List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
                return ids.stream().map(id -> ActionOutcome.refused(id, ActionOutcome.NO_SUCH_COPY + " in the queue")).collect(
                    java.util.stream.Collectors.toList());
            }
        };
    }
}
