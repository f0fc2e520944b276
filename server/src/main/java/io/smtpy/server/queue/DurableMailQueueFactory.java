package io.smtpy.server.queue;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

import io.smtpy.mailets.DeliveryDeferrals;

/**
 * James's ActiveMQ mail queues (spool, outgoing...) over our {@link EmbeddedBroker}.
 *
 * <p>A subclass rather than a provider method so that Guice builds it: James's lifecycle then sees its
 * {@code @PreDestroy} and closes the queues before the broker stops. No JMX registration (the embedded server runs
 * without JMX) and no broker statistics polling.
 */
public class DurableMailQueueFactory extends ActiveMQMailQueueFactory {
    /** Bodies travel as files beside the journal (James's default for ActiveMQ queues, kept). */
    private static final boolean USE_BLOB_MESSAGES = true;

    private final DeliveryDeferrals deferrals;

    @Inject
    public DurableMailQueueFactory(EmbeddedBroker broker, MailQueueItemDecoratorFactory mailQueueItemDecoratorFactory,
                                   MetricFactory metricFactory, GaugeRegistry gaugeRegistry, DeliveryDeferrals deferrals) {
        super(broker.connectionFactory(), mailQueueItemDecoratorFactory, metricFactory, gaugeRegistry,
            new ActiveMQMetricCollectorNoop());
        this.deferrals = deferrals;
        setUseJMX(false);
    }

    /**
     * Every queue is a {@link DurableMailQueue} and reports delayed re-enqueues (RemoteDelivery's retries) so that
     * smtpy can record deferrals.
     */
    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        return new DeferralReportingMailQueue(new DurableMailQueue(connectionFactory, mailQueueItemDecoratorFactory, name,
            USE_BLOB_MESSAGES, metricFactory, gaugeRegistry), deferrals);
    }

    @Override
    @PreDestroy
    public synchronized void destroy() {
        super.destroy();
    }
}
