package io.smtpy.server.queue;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;

/**
 * James's ActiveMQ mail queues (spool, outgoing...) over our {@link EmbeddedBroker}.
 *
 * <p>A subclass rather than a provider method so that Guice builds it: James's lifecycle then sees its
 * {@code @PreDestroy} and closes the queues before the broker stops. No JMX registration (the embedded server runs
 * without JMX) and no broker statistics polling.
 */
public class DurableMailQueueFactory extends ActiveMQMailQueueFactory {
    @Inject
    public DurableMailQueueFactory(EmbeddedBroker broker, MailQueueItemDecoratorFactory mailQueueItemDecoratorFactory,
                                   MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        super(broker.connectionFactory(), mailQueueItemDecoratorFactory, metricFactory, gaugeRegistry,
            new ActiveMQMetricCollectorNoop());
        setUseJMX(false);
    }

    @Override
    @PreDestroy
    public synchronized void destroy() {
        super.destroy();
    }
}
