package io.smtpy.server.queue;

import static io.smtpy.server.queue.DurableMailQueueTest.take;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.internet.MimeMessage;

import org.apache.james.queue.api.MailPrioritySupport;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueue.MailQueueItem.CompletionStatus;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.sending.queue.ActionOutcome;
import io.smtpy.sending.queue.CopyStatus;
import io.smtpy.sending.queue.QueueAction;
import io.smtpy.sending.queue.QueuedCopy;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/** The durable queue's lanes and the owner's actions, on real files. */
class DurableMailQueueLanesTest {
    private static final MailQueueName OUTGOING = MailQueueName.of("outgoing");
    private static final DomainName BRAND = DomainName.of("brand.test");
    private static final DomainName OTHER = DomainName.of("other.test");
    private static final String MESSAGE = "From: s@brand.test\r\nSubject: hello\r\n\r\nbody\r\n";

    @TempDir
    Path root;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<Disposable> subscriptions = new ArrayList<>();
    private final List<Mail> cancelled = new CopyOnWriteArrayList<>();
    private QueueDirectories directories;

    @BeforeEach
    void takeDirectories() throws Exception {
        directories = QueueDirectories.take(root);
    }

    @AfterEach
    void release() throws Exception {
        subscriptions.forEach(Disposable::dispose);
        directories.close();
    }

    @Test
    void dueMailShouldLeaveByLaneThenInTheOrderItCame() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("normal-1", "s@brand.test", BRAND, Optional.empty()));
        queue.enQueue(mail("low", "s@brand.test", BRAND, Optional.of(1)));
        queue.enQueue(mail("priority-1", "s@brand.test", BRAND, Optional.of(7)));
        queue.enQueue(mail("bounce", null, BRAND, Optional.empty()));
        queue.enQueue(mail("normal-2", "s@brand.test", BRAND, Optional.of(5)));
        queue.enQueue(mail("priority-2", "s@brand.test", BRAND, Optional.of(7)));
        queue.enQueue(mail("urgent", "s@brand.test", BRAND, Optional.of(9)));

        assertThat(takeNames(subscribe(queue), 7))
            .containsExactly("bounce", "urgent", "priority-1", "priority-2", "normal-1", "normal-2", "low");
    }

    @Test
    void aDelayedPriorityMailShouldNotHoldBackDueNormalMail() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("priority-later", "s@brand.test", BRAND, Optional.of(9)), Duration.ofHours(1));
        queue.enQueue(mail("normal-now", "s@brand.test", BRAND, Optional.empty()));
        BlockingQueue<MailQueueItem> items = subscribe(queue);

        assertThat(take(items).getMail().getName()).isEqualTo("normal-now");
        assertThat(items.poll(400, TimeUnit.MILLISECONDS)).isNull();
        clock.moveBy(Duration.ofHours(1));
        assertThat(take(items).getMail().getName()).isEqualTo("priority-later");
    }

    @Test
    void anItemTakenAheadShouldChooseAPriorityMailThatCameMeanwhile() throws Exception {
        DurableMailQueue queue = open();
        OneByOne consumer = twoNormalMailsAndAConsumer(queue);
        consumer.request(1);
        MailQueueItem takenAhead = take(consumer.items);

        queue.enQueue(mail("priority", "s@brand.test", BRAND, Optional.of(7)));

        assertThat(takenAhead.getMail().getName()).as("chosen again when the consumer starts on it").isEqualTo("priority");
        assertThat(takenAhead.getMail().getName()).as("and kept").isEqualTo("priority");
        takenAhead.done(CompletionStatus.SUCCESS);
        consumer.request(2);
        assertThat(List.of(take(consumer.items).getMail().getName(), take(consumer.items).getMail().getName()))
            .as("the first choice went back with its place").containsExactly("normal-1", "normal-2");
        assertThat(queue.getSize()).isEqualTo(2);
    }

    @Test
    void theFirstItemStartedShouldTakeAPriorityMailFromAnItemTakenAfterItAndNotStarted() throws Exception {
        DurableMailQueue queue = open();
        OneByOne consumer = twoNormalMailsAndAConsumer(queue);
        consumer.request(2);
        MailQueueItem first = take(consumer.items);
        MailQueueItem second = take(consumer.items);
        queue.enQueue(mail("priority", "s@brand.test", BRAND, Optional.of(7)));
        consumer.request(1);
        MailQueueItem third = take(consumer.items);

        assertThat(first.getMail().getName()).as("started first, it delivers the priority mail").isEqualTo("priority");
        assertThat(third.getMail().getName()).isEqualTo("normal-1");
        assertThat(second.getMail().getName()).isEqualTo("normal-2");
        first.done(CompletionStatus.SUCCESS);
        second.done(CompletionStatus.SUCCESS);
        third.done(CompletionStatus.SUCCESS);
        assertThat(queue.getSize()).isZero();
    }

    @Test
    void theOwnerShouldSeeOnlyTheirDomainsCopiesWithAttemptsReasonAndNextTry() throws Exception {
        DurableMailQueue queue = open();
        Mail deferred = mail("deferred", "s@brand.test", BRAND, Optional.empty());
        deferred.setAttribute(new Attribute(AttributeName.of("delivery_retry_count"), AttributeValue.of(3)));
        deferred.setErrorMessage("451 4.7.1 greylisted, come back later");
        queue.enQueue(deferred, Duration.ofMinutes(30));
        queue.enQueue(mail("fresh", "s@brand.test", BRAND, Optional.of(7)));
        queue.enQueue(mail("theirs", "s@other.test", OTHER, Optional.empty()));

        List<QueuedCopy> copies = queue.list(BRAND);

        assertThat(copies).extracting(QueuedCopy::recipients).containsExactly(List.of("fresh@dest.test"), List.of("deferred@dest.test"));
        QueuedCopy late = copies.get(1);
        assertThat(late.status()).isEqualTo(CopyStatus.WAITING);
        assertThat(late.attempts()).isEqualTo(3);
        assertThat(late.reason()).isEqualTo("451 4.7.1 greylisted, come back later");
        assertThat(late.nextAttempt()).contains(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(copies.get(0).reason()).isEqualTo("waiting for its first attempt");
        assertThat(copies.get(0).priority()).isEqualTo(7);
        assertThat(queue.list(OTHER)).extracting(QueuedCopy::sender).containsExactly("s@other.test");
    }

    @Test
    void anotherDomainsCopyShouldBeRefusedAsUnknown() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("theirs", "s@other.test", OTHER, Optional.empty()));
        String id = queue.list(OTHER).get(0).id();

        List<ActionOutcome> outcomes = queue.act(BRAND, QueueAction.CANCEL, List.of(id));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.isApplied()).isFalse();
            assertThat(outcome.refusal().orElseThrow()).startsWith("no such copy");
        });
        assertThat(queue.list(OTHER)).hasSize(1);
        assertThat(cancelled).isEmpty();
    }

    @Test
    void aHeldCopyShouldNotBeDeliveredStayHeldAfterARestartAndGoWhenReleased() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("kept-back", "s@brand.test", BRAND, Optional.empty()), Duration.ofMinutes(5));
        String id = queue.list(BRAND).get(0).id();

        assertThat(queue.act(BRAND, QueueAction.HOLD, List.of(id))).allMatch(ActionOutcome::isApplied);
        clock.moveBy(Duration.ofHours(1));
        BlockingQueue<MailQueueItem> items = subscribe(queue);
        assertThat(items.poll(500, TimeUnit.MILLISECONDS)).as("held mail is not delivered").isNull();
        assertThat(queue.list(BRAND)).extracting(QueuedCopy::status).containsExactly(CopyStatus.HELD);
        queue.close();
        subscriptions.forEach(Disposable::dispose);

        DurableMailQueue restarted = open();
        assertThat(restarted.list(BRAND)).extracting(QueuedCopy::status).as("held after a restart").containsExactly(CopyStatus.HELD);
        BlockingQueue<MailQueueItem> again = subscribe(restarted);
        assertThat(again.poll(500, TimeUnit.MILLISECONDS)).isNull();
        assertThat(restarted.act(BRAND, QueueAction.RETRY, List.of(id))).singleElement()
            .satisfies(outcome -> assertThat(outcome.refusal()).contains("held: release it to deliver it"));

        assertThat(restarted.act(BRAND, QueueAction.RELEASE, List.of(id))).allMatch(ActionOutcome::isApplied);
        MailQueueItem item = take(again);
        assertThat(item.getMail().getName()).isEqualTo("kept-back");
        assertThat(item.getMail().getMessage().getSubject()).as("the message is intact").isEqualTo("hello");
        item.done(CompletionStatus.SUCCESS);
        restarted.close();
        subscriptions.forEach(Disposable::dispose);
        assertThat(directories.awaitDeletions(5, TimeUnit.SECONDS)).isTrue();
        assertThat(open().list(BRAND)).as("released and delivered: gone after a restart").isEmpty();
    }

    @Test
    void retryShouldMakeAWaitingCopyDueNow() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("in-two-hours", "s@brand.test", BRAND, Optional.empty()), Duration.ofHours(2));
        BlockingQueue<MailQueueItem> items = subscribe(queue);
        assertThat(items.poll(400, TimeUnit.MILLISECONDS)).isNull();

        assertThat(queue.act(BRAND, QueueAction.RETRY, List.of(queue.list(BRAND).get(0).id()))).allMatch(ActionOutcome::isApplied);

        assertThat(take(items).getMail().getName()).isEqualTo("in-two-hours");
    }

    @Test
    void cancelShouldHandTheCopyOnAndRemoveItsFile() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("unwanted", "s@brand.test", BRAND, Optional.empty()), Duration.ofMinutes(10));
        queue.enQueue(mail("wanted", "s@brand.test", BRAND, Optional.empty()), Duration.ofMinutes(10));
        String unwanted = queue.list(BRAND).stream().filter(copy -> copy.recipients().contains("unwanted@dest.test"))
            .findFirst().orElseThrow().id();

        assertThat(queue.act(BRAND, QueueAction.CANCEL, List.of(unwanted))).allMatch(ActionOutcome::isApplied);

        assertThat(cancelled).extracting(Mail::getName).containsExactly("unwanted");
        assertThat(queue.list(BRAND)).extracting(QueuedCopy::id).doesNotContain(unwanted).hasSize(1);
        assertThat(files()).hasSize(1);
        assertThat(queue.act(BRAND, QueueAction.CANCEL, List.of(unwanted))).noneMatch(ActionOutcome::isApplied);
    }

    @Test
    void aCopyBeingDeliveredShouldNotBeActedOn() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("busy", "s@brand.test", BRAND, Optional.empty()));
        MailQueueItem item = take(subscribe(queue));
        item.getMail();

        assertThat(queue.list(BRAND)).extracting(QueuedCopy::status).containsExactly(CopyStatus.DELIVERING);
        assertThat(queue.act(BRAND, QueueAction.CANCEL, List.of(queue.list(BRAND).get(0).id()))).singleElement()
            .satisfies(outcome -> assertThat(outcome.refusal()).contains("being delivered now"));
        assertThat(cancelled).isEmpty();
    }

    /**
     * Delivery threads take and finish mail while the owner lists, holds and cancels in bulk: every mail ends up
     * delivered once, cancelled once or held, and none twice or lost; listing never stops delivery.
     */
    @Test
    void ownerActionsShouldBeSafeWhileMailIsBeingDelivered() throws Exception {
        DurableMailQueue queue = open();
        int count = 1000;
        for (int i = 0; i < count; i++) {
            queue.enQueue(mail("m" + i, "s@brand.test", BRAND, Optional.empty()));
        }
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        subscriptions.add(Flux.from(queue.deQueue())
            .flatMap(item -> reactor.core.publisher.Mono.fromRunnable(() -> {
                String name = item.getMail().getName();
                if (!delivered.add(name)) {
                    duplicates.add(name);
                }
                try {
                    item.done(CompletionStatus.SUCCESS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).subscribeOn(reactor.core.scheduler.Schedulers.fromExecutor(threads)), 256)
            .subscribe());
        Set<String> heldByUs = ConcurrentHashMap.newKeySet();
        int rounds = 0;
        while (rounds < 200) {
            rounds++;
            List<QueuedCopy> copies = queue.list(BRAND);
            if (copies.isEmpty()) {
                break;
            }
            List<String> ids = copies.stream().filter(copy -> copy.status() == CopyStatus.WAITING).map(QueuedCopy::id)
                .collect(Collectors.toList());
            Collections.shuffle(ids);
            List<String> some = ids.subList(0, Math.min(5, ids.size()));
            QueueAction action = rounds % 2 == 0 ? QueueAction.HOLD : QueueAction.CANCEL;
            for (ActionOutcome outcome : queue.act(BRAND, action, some)) {
                if (outcome.isApplied() && action == QueueAction.HOLD) {
                    heldByUs.add(outcome.id());
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (queue.list(BRAND).stream().anyMatch(copy -> copy.status() != CopyStatus.HELD) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        threads.shutdown();

        List<String> held = queue.list(BRAND).stream().filter(copy -> copy.status() == CopyStatus.HELD).map(QueuedCopy::id)
            .collect(Collectors.toList());
        assertThat(duplicates).isEmpty();
        assertThat(held).as("what was held stays held").containsExactlyInAnyOrderElementsOf(heldByUs);
        assertThat(delivered.size() + cancelled.size() + held.size()).isEqualTo(count);
        assertThat(cancelled.stream().map(Mail::getName)).doesNotContainAnyElementsOf(delivered);
        assertThat(cancelled).as("some were cancelled before delivery").isNotEmpty();
        System.out.printf("concurrent owner actions: %d delivered, %d cancelled, %d held, in %d rounds%n",
            delivered.size(), cancelled.size(), held.size(), rounds);
    }

    /** Two normal mails queued, and a consumer that takes none until asked. */
    private OneByOne twoNormalMailsAndAConsumer(DurableMailQueue queue) throws Exception {
        queue.enQueue(mail("normal-1", "s@brand.test", BRAND, Optional.empty()));
        queue.enQueue(mail("normal-2", "s@brand.test", BRAND, Optional.empty()));
        OneByOne consumer = new OneByOne();
        Flux.from(queue.deQueue()).subscribe(consumer);
        subscriptions.add(consumer);
        return consumer;
    }

    private DurableMailQueue open() throws Exception {
        return DurableMailQueue.open(OUTGOING, directories, clock, new RawMailQueueItemDecoratorFactory(), Set.of("delivered"),
            DurableMailQueue.HandoverRole.NONE, null, cancelled::add);
    }

    private BlockingQueue<MailQueueItem> subscribe(DurableMailQueue queue) {
        BlockingQueue<MailQueueItem> items = new LinkedBlockingQueue<>();
        subscriptions.add(Flux.from(queue.deQueue()).subscribe(items::add));
        return items;
    }

    private static List<String> takeNames(BlockingQueue<MailQueueItem> items, int count) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(take(items).getMail().getName());
        }
        return names;
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(directories.queue(OUTGOING))) {
            return files.collect(Collectors.toList());
        }
    }

    private Mail mail(String name, String sender, DomainName domain, Optional<Integer> priority) throws Exception {
        MailImpl.Builder builder = MailImpl.builder()
            .name(name)
            .mimeMessage(new MimeMessage(null, new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.UTF_8))))
            .lastUpdated(Date.from(clock.instant()))
            .addRecipient(name + "@dest.test");
        if (sender != null) {
            builder.sender(sender);
        }
        MailImpl mail = builder.build();
        mail.setAttribute(new Attribute(AttributeName.of(DurableMailQueue.DOMAIN_ATTRIBUTE), AttributeValue.of(domain.asString())));
        priority.ifPresent(value -> mail.setAttribute(new Attribute(MailPrioritySupport.MAIL_PRIORITY, AttributeValue.of(value))));
        return mail;
    }

    /** A consumer that asks for items one at a time, as a delivery thread pool that is busy would. */
    private static final class OneByOne extends BaseSubscriber<MailQueueItem> {
        final BlockingQueue<MailQueueItem> items = new LinkedBlockingQueue<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
        }

        @Override
        protected void hookOnNext(MailQueueItem item) {
            items.add(item);
        }
    }
}
