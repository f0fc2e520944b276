package io.smtpy.server.queue;

import static io.smtpy.server.queue.DurableMailQueueTest.take;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailPrioritySupport;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRetriesHelper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;

import io.smtpy.sending.queue.OwnerQueue;
import io.smtpy.sending.queue.OwnerQueueContract;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * The {@link OwnerQueueContract} on the embedded server's durable queue, on real files: copies are real mails with
 * smtpy's domain attribute, James's {@code MAIL_PRIORITY} and RemoteDelivery's retry count and error, enqueued with
 * their delay; a copy being delivered is one a consumer took and started on.
 */
class DurableOwnerQueueTest extends OwnerQueueContract {
    private static final MailQueueName OUTGOING = MailQueueName.of("outgoing");
    private static final String MESSAGE = "From: sales@brand.example\r\nSubject: hello\r\n\r\nbody\r\n";

    @TempDir
    Path root;

    private final List<Mail> cancelled = new CopyOnWriteArrayList<>();
    private final List<Disposable> subscriptions = new ArrayList<>();
    private QueueDirectories directories;
    private DurableMailQueue queue;
    private int names;

    @BeforeEach
    void open() throws Exception {
        directories = QueueDirectories.take(root);
        queue = DurableMailQueue.open(OUTGOING, directories, clock, new RawMailQueueItemDecoratorFactory(), Set.of("delivered"),
            DurableMailQueue.HandoverRole.NONE, null, cancelled::add);
    }

    @AfterEach
    void close() throws Exception {
        subscriptions.forEach(Disposable::dispose);
        queue.close();
        directories.close();
    }

    @Override
    protected OwnerQueue queue() {
        return queue;
    }

    @Override
    protected void enqueue(NewCopy copy) throws Exception {
        queue.enQueue(mail(copy), copy.delay());
    }

    @Override
    protected void enqueueBeingDelivered(NewCopy copy) throws Exception {
        enqueue(copy);
        OneItem consumer = new OneItem();
        subscriptions.add(consumer);
        Flux.from(queue.deQueue()).subscribe(consumer);
        take(consumer.items).getMail();
    }

    @Override
    protected List<String> cancelledRecipients() {
        return cancelled.stream().flatMap(mail -> mail.getRecipients().stream()).map(MailAddress::asString)
            .collect(Collectors.toList());
    }

    private Mail mail(NewCopy copy) throws Exception {
        MailImpl.Builder builder = MailImpl.builder()
            .name("copy-" + (++names))
            .mimeMessage(new MimeMessage(null, new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.UTF_8))))
            .lastUpdated(Date.from(clock.instant()))
            .addRecipient(copy.recipient());
        if (copy.sender().isPresent()) {
            builder.sender(copy.sender().get());
        }
        MailImpl mail = builder.build();
        mail.setAttribute(new Attribute(AttributeName.of(DurableMailQueue.DOMAIN_ATTRIBUTE),
            AttributeValue.of(copy.domain().asString())));
        mail.setAttribute(new Attribute(MailPrioritySupport.MAIL_PRIORITY, AttributeValue.of(copy.priority())));
        if (copy.attempts() > 0) {
            mail.setAttribute(DeliveryRetriesHelper.makeAttribute(copy.attempts()));
        }
        copy.lastError().ifPresent(mail::setErrorMessage);
        return mail;
    }

    /** A consumer that takes one item only, as a delivery thread that starts on it and is busy with it. */
    private static final class OneItem extends BaseSubscriber<MailQueueItem> {
        final BlockingQueue<MailQueueItem> items = new LinkedBlockingQueue<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(1);
        }

        @Override
        protected void hookOnNext(MailQueueItem item) {
            items.add(item);
        }
    }
}
