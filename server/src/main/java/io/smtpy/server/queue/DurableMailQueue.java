package io.smtpy.server.queue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.activemq.BlobMessage;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.activemq.MimeMessageBlobMessageSource;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MimeMessageWrapper;

/**
 * James's ActiveMQ mail queue as the embedded server needs it.
 *
 * <p>The dequeue selector changes once a second, not every millisecond. James creates a consumer for every mail it
 * dequeues, with the selector {@code JAMES_NEXT_DELIVERY <= <now in ms> OR ...}: a new text each time, which the
 * client and the broker parse anew (ActiveMQ caches parsed selectors by their text, and its parser throws
 * exceptions to look ahead). Here the bound is the next whole second: mail without delay (-1) matches as before,
 * and a delayed mail (RemoteDelivery's retries, minutes apart) may be taken up to a second early.
 *
 * <p>Mail read back from the queue is read through a buffer. James hands the parser the blob file's bare
 * {@code FileInputStream}, and JavaMail reads headers one byte at a time: one {@code read} system call per byte,
 * several times per mail (the spool, the forwarding copy, RemoteDelivery): under load, an eighth of the server's
 * CPU samples were in that system call.
 */
final class DurableMailQueue extends ActiveMQCacheableMailQueue {
    private static final int READ_BUFFER = 8192;

    DurableMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory mailQueueItemDecoratorFactory,
                     MailQueueName name, boolean useBlob, MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        super(connectionFactory, mailQueueItemDecoratorFactory, name, useBlob, metricFactory, gaugeRegistry);
    }

    @Override
    protected String getMessageSelector() {
        long nextSecond = (System.currentTimeMillis() / 1000 + 1) * 1000;
        return JAMES_NEXT_DELIVERY + " <= " + nextSecond + " OR " + FORCE_DELIVERY + " = true";
    }

    @Override
    protected MimeMessage mimeMessage(Message message) throws MessagingException, JMSException {
        if (message instanceof BlobMessage) {
            return new MimeMessageWrapper(new BufferedBlobSource((BlobMessage) message));
        }
        return super.mimeMessage(message);
    }

    /** The blob message's body, buffered. */
    private static final class BufferedBlobSource extends MimeMessageBlobMessageSource {
        BufferedBlobSource(BlobMessage message) throws JMSException {
            super(message);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new BufferedInputStream(super.getInputStream(), READ_BUFFER);
        }
    }
}
