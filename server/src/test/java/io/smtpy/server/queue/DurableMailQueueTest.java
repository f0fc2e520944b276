package io.smtpy.server.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueue.MailQueueItem.CompletionStatus;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.mailets.DeliveryDeferrals;
import io.smtpy.sending.queue.CopyStatus;
import io.smtpy.sending.queue.OwnerQueue;
import io.smtpy.sending.queue.QueueAction;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** The durable queue on real files: what goes in comes out whole, in order, on time, and after a crash. */
class DurableMailQueueTest {
    private static final MailQueueName SPOOL = MailQueueName.of("spool");
    private static final MailQueueName OUTGOING = MailQueueName.of("outgoing");
    // Unusual but valid bytes that a re-serialisation would change: folded header, odd spacing, bare 8-bit, no final CRLF.
    private static final String MESSAGE = "Received: from a\r\n\tby b; Tue, 24 Nov 2026 10:00:00 +0000\r\n"
        + "From:   <sender@client.test>\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\nX-Odd:value-without-space\r\n\r\n"
        + "body line 1\r\n\u00e9t\u00e9 8-bit\r\n.leading dot\r\nno final newline";

    @TempDir
    Path root;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<Disposable> subscriptions = new ArrayList<>();
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
    void dequeuedMailShouldBeTheEnqueuedMailWhole() throws Exception {
        DurableMailQueue queue = open();
        Mail mail = mail("whole", "sender@client.test", "a@smtpy.test", "b@smtpy.test");
        mail.setState("transport");
        mail.setErrorMessage("previous attempt: 451 try later");
        mail.setAttribute(new Attribute(AttributeName.of("io.smtpy.text"), AttributeValue.of("value")));
        mail.setAttribute(new Attribute(AttributeName.of("io.smtpy.number"), AttributeValue.of(42)));
        mail.setAttribute(new Attribute(AttributeName.of("io.smtpy.list"),
            AttributeValue.of(ImmutableList.of(AttributeValue.of("x"), AttributeValue.of("y")))));
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name("X-For").value("a only").build(),
            new MailAddress("a@smtpy.test"));

        queue.enQueue(mail);
        MailQueueItem item = take(subscribe(queue));
        Mail copy = item.getMail();

        assertThat(copy.getName()).isEqualTo("whole");
        assertThat(copy.getMaybeSender().asString()).isEqualTo("sender@client.test");
        assertThat(copy.getRecipients()).containsExactly(new MailAddress("a@smtpy.test"), new MailAddress("b@smtpy.test"));
        assertThat(copy.getState()).isEqualTo("transport");
        assertThat(copy.getErrorMessage()).isEqualTo("previous attempt: 451 try later");
        assertThat(copy.getRemoteAddr()).isEqualTo("192.0.2.7");
        assertThat(copy.getRemoteHost()).isEqualTo("client.test");
        assertThat(copy.getLastUpdated()).isEqualTo(mail.getLastUpdated());
        assertThat(copy.attributes().collect(Collectors.toList())).containsExactlyInAnyOrderElementsOf(
            mail.attributes().collect(Collectors.toList()));
        assertThat(copy.getPerRecipientSpecificHeaders()).isEqualTo(mail.getPerRecipientSpecificHeaders());
        assertThat(bytes(copy.getMessage())).isEqualTo(MESSAGE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nullSenderShouldStayTheNullSender() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("bounce", null, "a@smtpy.test"));

        assertThat(take(subscribe(queue)).getMail().getMaybeSender().isNullSender()).isTrue();
    }

    @Test
    void doneMailShouldLeaveTheDisk() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("one", "s@client.test", "a@smtpy.test"));
        assertThat(queueFiles()).hasSize(1);

        MailQueueItem item = take(subscribe(queue));
        assertThat(queue.getSize()).as("in flight still counts").isEqualTo(1);
        item.done(CompletionStatus.SUCCESS);

        assertThat(queue.getSize()).as("done at once").isZero();
        assertThat(directories.awaitDeletions(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queueFiles()).isEmpty();
        assertThat(queue.getSize()).isZero();
    }

    @Test
    void mailShouldComeOutInTheOrderItWentIn() throws Exception {
        DurableMailQueue queue = open();
        for (int i = 0; i < 20; i++) {
            queue.enQueue(mail("m" + i, "s@client.test", "a@smtpy.test"));
        }
        BlockingQueue<MailQueueItem> items = subscribe(queue);

        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add(take(items).getMail().getName());
        }
        assertThat(names).containsExactlyElementsOf(Stream.iterate(0, i -> i + 1).limit(20).map(i -> "m" + i)
            .collect(Collectors.toList()));
    }

    @Test
    void delayedMailShouldWaitForItsTime() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("later", "s@client.test", "a@smtpy.test"), Duration.ofMinutes(5));
        BlockingQueue<MailQueueItem> items = subscribe(queue);

        assertThat(items.poll(600, TimeUnit.MILLISECONDS)).isNull();
        clock.moveBy(Duration.ofMinutes(5));

        assertThat(take(items).getMail().getName()).isEqualTo("later");
    }

    @Test
    void flushShouldMakeDelayedMailDueNow() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("later", "s@client.test", "a@smtpy.test"), Duration.ofHours(2));

        assertThat(queue.flush()).isEqualTo(1);
        assertThat(take(subscribe(queue)).getMail().getName()).isEqualTo("later");
    }

    @Test
    void retriedMailShouldComeBackAfterABackOff() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("again", "s@client.test", "a@smtpy.test"));
        BlockingQueue<MailQueueItem> items = subscribe(queue);

        take(items).done(CompletionStatus.RETRY);
        assertThat(items.poll(600, TimeUnit.MILLISECONDS)).as("not at once").isNull();
        clock.moveBy(Duration.ofSeconds(1));

        assertThat(take(items).getMail().getName()).isEqualTo("again");
        assertThat(queueFiles()).hasSize(1);
    }

    @Test
    void queuedAndInFlightMailShouldSurviveACrash() throws Exception {
        DurableMailQueue queue = open();
        for (int i = 0; i < 5; i++) {
            queue.enQueue(mail("m" + i, "s@client.test", "a@smtpy.test"));
        }
        queue.enQueue(mail("delayed", "s@client.test", "a@smtpy.test"), Duration.ofMinutes(10));
        BlockingQueue<MailQueueItem> items = subscribe(queue);
        take(items).done(CompletionStatus.SUCCESS);
        take(items);
        // The process dies: nothing is closed, the in-flight m1 was never done.
        subscriptions.forEach(Disposable::dispose);
        directories.close();

        directories = QueueDirectories.take(root);
        DurableMailQueue restarted = open();
        assertThat(restarted.getSize()).isEqualTo(5);
        BlockingQueue<MailQueueItem> again = subscribe(restarted);

        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            names.add(take(again).getMail().getName());
        }
        assertThat(names).containsExactly("m1", "m2", "m3", "m4");
        assertThat(again.poll(400, TimeUnit.MILLISECONDS)).as("the delayed mail keeps its time").isNull();
        clock.moveBy(Duration.ofMinutes(10));
        assertThat(take(again).getMail().getName()).isEqualTo("delayed");
    }

    @Test
    void unreadableFileShouldBeHeldAsideAndTheRestDelivered() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("good", "s@client.test", "a@smtpy.test"));
        Path broken = directories.queue(SPOOL).resolve("0-broken" + QueuedMailFile.SUFFIX);
        Files.write(broken, "smtpy-queued-mail 1 999\n{\"name\":".getBytes(StandardCharsets.US_ASCII));
        directories.close();

        directories = QueueDirectories.take(root);
        DurableMailQueue restarted = open();

        assertThat(take(subscribe(restarted)).getMail().getName()).isEqualTo("good");
        assertThat(broken).doesNotExist();
        assertThat(root.resolve("held/spool/0-broken" + QueuedMailFile.SUFFIX)).exists();
    }

    @Test
    void unfinishedWritesShouldBeDeletedAtStart() throws Exception {
        Path partial = root.resolve("tmp/half-written");
        Files.write(partial, "smtpy-queued-mail 1 12\n{".getBytes(StandardCharsets.US_ASCII));
        directories.close();

        directories = QueueDirectories.take(root);

        assertThat(partial).doesNotExist();
    }

    @Test
    void aSecondServerShouldNotTakeTheSameDirectory() {
        assertThatThrownBy(() -> QueueDirectories.take(root))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("in use by another server");
    }

    @Test
    void removalShouldMatchNameSenderOrRecipientAndDeleteTheFiles() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("n1", "alice@client.test", "a@smtpy.test"));
        queue.enQueue(mail("n2", "bob@client.test", "b@smtpy.test"));
        queue.enQueue(mail("n3", "carol@client.test", "c@smtpy.test", "a@smtpy.test"));
        queue.enQueue(mail("n4", "dave@client.test", "d@smtpy.test"));

        assertThat(queue.remove(ManageableMailQueue.Type.Recipient, "a@smtpy.test")).isEqualTo(2);
        assertThat(queue.remove(ManageableMailQueue.Type.Sender, "bob@client.test")).isEqualTo(1);
        assertThat(queue.remove(ManageableMailQueue.Type.Name, "nothing")).isZero();

        assertThat(names(queue)).containsExactly("n4");
        assertThat(queueFiles()).hasSize(1);
        assertThat(queue.clear()).isEqualTo(1);
        assertThat(queueFiles()).isEmpty();
    }

    @Test
    void browseShouldShowWaitingMailWithItsTime() throws Exception {
        DurableMailQueue queue = open();
        queue.enQueue(mail("now", "s@client.test", "a@smtpy.test"));
        queue.enQueue(mail("later", "s@client.test", "a@smtpy.test"), Duration.ofMinutes(30));

        List<ManageableMailQueue.MailQueueItemView> views = ImmutableList.copyOf(queue.browse());

        assertThat(views).extracting(view -> view.getMail().getName()).containsExactly("now", "later");
        assertThat(views.get(1).getNextDelivery()).contains(clock.instant().plus(Duration.ofMinutes(30)).atZone(ZoneOffset.UTC));
    }

    @Test
    void mailInAnInMemoryStateShouldComeOutWholeWithoutTouchingTheDisk() throws Exception {
        DurableMailQueue queue = open();
        Mail mail = mail("recorded", "sender@client.test", "a@smtpy.test");
        mail.setState("delivered");
        mail.setAttribute(new Attribute(AttributeName.of("io.smtpy.text"), AttributeValue.of("value")));

        queue.enQueue(mail);
        LifecycleUtil.dispose(mail);
        assertThat(queueFiles()).isEmpty();
        assertThat(names(queue)).containsExactly("recorded");
        MailQueueItem item = take(subscribe(queue));
        Mail copy = item.getMail();

        assertThat(copy.getName()).isEqualTo("recorded");
        assertThat(copy.getState()).isEqualTo("delivered");
        assertThat(copy.getRecipients()).containsExactly(new MailAddress("a@smtpy.test"));
        assertThat(copy.getAttribute(AttributeName.of("io.smtpy.text"))).map(Attribute::getValue).contains(AttributeValue.of("value"));
        assertThat(bytes(copy.getMessage())).isEqualTo(MESSAGE.getBytes(StandardCharsets.UTF_8));
        item.done(CompletionStatus.SUCCESS);
        assertThat(queue.getSize()).isZero();
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            assertThat(files).as("nothing written, not even a temporary file").isEmpty();
        }
    }

    @Test
    void mailInAnInMemoryStateShouldSurviveARetryButNotARestart() throws Exception {
        DurableMailQueue queue = open();
        Mail mail = mail("recorded", "sender@client.test", "a@smtpy.test");
        mail.setState("delivered");
        queue.enQueue(mail);
        queue.enQueue(mail("durable", "sender@client.test", "a@smtpy.test"));
        BlockingQueue<MailQueueItem> items = subscribe(queue);

        MailQueueItem first = take(items);
        LifecycleUtil.dispose(first.getMail());
        first.done(CompletionStatus.RETRY);
        take(items).done(CompletionStatus.SUCCESS);
        clock.moveBy(Duration.ofSeconds(1));
        Mail again = take(items).getMail();
        assertThat(again.getName()).isEqualTo("recorded");
        assertThat(bytes(again.getMessage())).isEqualTo(MESSAGE.getBytes(StandardCharsets.UTF_8));

        queue.enQueue(mail);
        subscriptions.forEach(Disposable::dispose);
        directories.close();
        directories = QueueDirectories.take(root);
        assertThat(open().getSize()).as("a record, not a mail: gone with the process").isZero();
    }

    @Test
    void theOutgoingQueueShouldTakeTheSpoolsMailInMemoryWhileTheSpoolFileStandsForIt() throws Exception {
        Handover pair = new Handover();
        DurableMailQueue outgoing = pair.outgoing;
        MailQueueItem processed = pair.processed;
        Mail copy = processed.getMail();
        copy.setRecipients(List.of(new MailAddress("dest@elsewhere.test")));
        outgoing.enQueue(copy);
        processed.done(CompletionStatus.SUCCESS);

        assertThat(directories.awaitDeletions(5, TimeUnit.SECONDS)).isTrue();
        assertThat(files(OUTGOING)).as("no second crossing").isEmpty();
        assertThat(files(SPOOL)).as("the spool file stands for the copy").hasSize(1);
        MailQueueItem delivered = take(subscribe(outgoing));
        assertThat(delivered.getMail().getRecipients()).containsExactly(new MailAddress("dest@elsewhere.test"));
        assertThat(bytes(delivered.getMail().getMessage())).isEqualTo(MESSAGE.getBytes(StandardCharsets.UTF_8));
        delivered.done(CompletionStatus.SUCCESS);
        assertThat(directories.awaitDeletions(5, TimeUnit.SECONDS)).isTrue();
        assertThat(files(SPOOL)).as("gone once the copy is delivered").isEmpty();
        assertThat(pair.handover.heldBytes()).isZero();
    }

    @Test
    void aCrashBeforeTheHandedOverCopyIsDeliveredShouldBringTheSpoolMailBack() throws Exception {
        Handover pair = new Handover();
        pair.outgoing.enQueue(pair.processed.getMail());
        pair.processed.done(CompletionStatus.SUCCESS);
        subscriptions.forEach(Disposable::dispose);
        directories.close();

        directories = QueueDirectories.take(root);
        assertThat(open(SPOOL, DurableMailQueue.HandoverRole.SPOOL, new SpoolHandover(directories)).getSize())
            .as("processed again from the start: a duplicate is possible, a loss is not").isEqualTo(1);
    }

    @Test
    void mailTheOutgoingQueueGetsAwayFromASpoolMailOrWithADelayShouldBeWritten() throws Exception {
        SpoolHandover handover = new SpoolHandover(directories);
        DurableMailQueue spool = open(SPOOL, DurableMailQueue.HandoverRole.SPOOL, handover);
        DurableMailQueue outgoing = open(OUTGOING, DurableMailQueue.HandoverRole.OUTGOING, handover);
        outgoing.enQueue(mail("retry-from-delivery", "s@client.test", "a@smtpy.test"));
        spool.enQueue(mail("m", "s@client.test", "a@smtpy.test"));
        MailQueueItem processed = take(subscribe(spool));
        outgoing.enQueue(processed.getMail(), Duration.ofMinutes(2));

        assertThat(files(OUTGOING)).hasSize(2);
        processed.done(CompletionStatus.SUCCESS);
        assertThat(directories.awaitDeletions(5, TimeUnit.SECONDS)).isTrue();
        assertThat(files(SPOOL)).isEmpty();
    }

    @Test
    void aDeferredMailWhoseRecipientsAllWentToFallbacksShouldNotBeQueuedAgainAndOthersShould() throws Exception {
        DeliveryDeferrals deferrals = new DeliveryDeferrals();
        java.util.List<String> told = new java.util.ArrayList<>();
        deferrals.listen((mail, attempts, delay) -> told.add(mail.getName()));
        deferrals.divertWith((mail, attempts) -> {
            if (mail.getName().equals("diverted")) {
                mail.setRecipients(java.util.List.of());
            }
        });
        DurableMailQueueFactory factory = new DurableMailQueueFactory(directories, new RawMailQueueItemDecoratorFactory(), deferrals, clock);
        org.apache.james.queue.api.ManageableMailQueue outgoing = factory.createQueue(MailQueueName.of("outgoing"));

        for (String name : java.util.List.of("diverted", "retried")) {
            Mail deferred = mail(name, "s@client.test", "a@dest.test");
            deferred.setState(Mail.ERROR);
            deferred.setAttribute(new org.apache.mailet.Attribute(org.apache.mailet.AttributeName.of("delivery_retry_count"),
                org.apache.mailet.AttributeValue.of(2)));
            outgoing.enQueue(deferred, Duration.ofMinutes(5));
        }

        assertThat(outgoing.getSize()).isEqualTo(1);
        assertThat(told).containsExactly("retried");
        factory.destroy();
        directories = QueueDirectories.take(root);
    }

    @Test
    void theFactoryShouldReopenQueuesThatHaveMailOnDisk() throws Exception {
        DeliveryDeferrals deferrals = new DeliveryDeferrals();
        DurableMailQueueFactory factory = new DurableMailQueueFactory(directories, new RawMailQueueItemDecoratorFactory(), deferrals, clock);
        factory.createQueue(MailQueueName.of("outgoing")).enQueue(mail("waiting", "s@client.test", "a@smtpy.test"));
        factory.createQueue(MailQueueName.of("odd name/with slash")).enQueue(mail("odd", "s@client.test", "a@smtpy.test"));
        factory.destroy();

        directories = QueueDirectories.take(root);
        DurableMailQueueFactory restarted = new DurableMailQueueFactory(directories, new RawMailQueueItemDecoratorFactory(), deferrals, clock);

        assertThat(restarted.listCreatedMailQueues()).containsExactlyInAnyOrder(MailQueueName.of("outgoing"), MailQueueName.of("odd name/with slash"));
        assertThat(restarted.getQueue(MailQueueName.of("outgoing")).orElseThrow().getSize()).isEqualTo(1);
        assertThat(names(restarted.getQueue(MailQueueName.of("odd name/with slash")).orElseThrow())).containsExactly("odd");
    }

    @Test
    void mailAskedToBeHeldForReviewShouldWaitHeldUntilReleasedAndNotBeHeldAgainOnRetry() throws Exception {
        DurableMailQueue queue = open(OUTGOING, DurableMailQueue.HandoverRole.OUTGOING, new SpoolHandover(directories));
        Mail mail = mail("reviewed", "sales@brand.test", "friend@dest.test");
        mail.setAttribute(new Attribute(AttributeName.of(DurableMailQueue.DOMAIN_ATTRIBUTE), AttributeValue.of("brand.test")));
        mail.setAttribute(new Attribute(AttributeName.of(OwnerQueue.HOLD_FOR_REVIEW),
            AttributeValue.of("credential on hold")));
        BlockingQueue<MailQueueItem> items = subscribe(queue);

        queue.enQueue(mail);

        DomainName brand = DomainName.of("brand.test");
        assertThat(queue.holdsForReview()).isTrue();
        assertThat(queue.list(brand)).singleElement().satisfies(copy -> {
            assertThat(copy.status()).isEqualTo(CopyStatus.HELD);
            assertThat(copy.reason()).isEqualTo("credential on hold");
        });
        assertThat(items.poll(500, TimeUnit.MILLISECONDS)).as("held mail is not handed out").isNull();
        assertThat(files(OUTGOING)).as("held mail is on disk").hasSize(1);

        String id = queue.list(brand).get(0).id();
        assertThat(queue.act(brand, QueueAction.RELEASE, List.of(id)).get(0).isApplied()).isTrue();
        MailQueueItem released = take(items);
        Mail copy = released.getMail();
        assertThat(copy.getAttribute(AttributeName.of(OwnerQueue.HOLD_FOR_REVIEW))).isEmpty();

        queue.enQueue(copy, Duration.ofMinutes(1));
        released.done(CompletionStatus.SUCCESS);
        assertThat(queue.list(brand)).singleElement()
            .satisfies(again -> assertThat(again.status()).isEqualTo(CopyStatus.WAITING));
        String retried = queue.list(brand).get(0).id();
        queue.act(brand, QueueAction.HOLD, List.of(retried));
        assertThat(queue.list(brand)).singleElement().satisfies(held -> assertThat(held.reason())
            .as("held by the owner now, not for the review").isEqualTo("held by the domain's owner"));
    }

    @Test
    void aReviewHoldShouldSurviveARestartWithItsReasonAndAReleaseShouldForgetIt() throws Exception {
        DurableMailQueue queue = open(OUTGOING, DurableMailQueue.HandoverRole.OUTGOING, new SpoolHandover(directories));
        Mail mail = mail("reviewed", "sales@brand.test", "friend@dest.test");
        mail.setAttribute(new Attribute(AttributeName.of(DurableMailQueue.DOMAIN_ATTRIBUTE), AttributeValue.of("brand.test")));
        mail.setAttribute(new Attribute(AttributeName.of(OwnerQueue.HOLD_FOR_REVIEW), AttributeValue.of("credential on hold")));
        queue.enQueue(mail);
        queue.dispose();

        DurableMailQueue reopened = open(OUTGOING, DurableMailQueue.HandoverRole.OUTGOING, new SpoolHandover(directories));
        DomainName brand = DomainName.of("brand.test");
        assertThat(reopened.list(brand)).singleElement().satisfies(copy -> {
            assertThat(copy.status()).isEqualTo(CopyStatus.HELD);
            assertThat(copy.reason()).isEqualTo("credential on hold");
        });
        String id = reopened.list(brand).get(0).id();
        reopened.act(brand, QueueAction.RELEASE, List.of(id));
        reopened.act(brand, QueueAction.HOLD, List.of(id));
        assertThat(reopened.list(brand)).singleElement()
            .satisfies(copy -> assertThat(copy.reason()).isEqualTo("held by the domain's owner"));
    }

    private DurableMailQueue open(MailQueueName name, DurableMailQueue.HandoverRole role, SpoolHandover handover) throws Exception {
        return DurableMailQueue.open(name, directories, clock, new RawMailQueueItemDecoratorFactory(), Set.of("delivered"), role, handover,
            DurableMailQueue.Cancellations.DROP);
    }

    /** A spool and an outgoing queue sharing a hand-over, and a spool mail taken to be processed on this thread. */
    private final class Handover {
        final SpoolHandover handover = new SpoolHandover(directories);
        final DurableMailQueue spool = open(SPOOL, DurableMailQueue.HandoverRole.SPOOL, handover);
        final DurableMailQueue outgoing = open(OUTGOING, DurableMailQueue.HandoverRole.OUTGOING, handover);
        final MailQueueItem processed;

        Handover() throws Exception {
            spool.enQueue(mail("m", "s@client.test", "a@smtpy.test"));
            processed = take(subscribe(spool));
        }
    }

    private List<Path> files(MailQueueName name) throws Exception {
        try (Stream<Path> files = Files.list(directories.queue(name))) {
            return files.collect(Collectors.toList());
        }
    }

    private DurableMailQueue open() throws Exception {
        return DurableMailQueue.open(SPOOL, directories, clock, new RawMailQueueItemDecoratorFactory(), Set.of("delivered"));
    }

    private BlockingQueue<MailQueueItem> subscribe(DurableMailQueue queue) {
        BlockingQueue<MailQueueItem> items = new LinkedBlockingQueue<>();
        subscriptions.add(Flux.from(queue.deQueue()).subscribe(items::add));
        return items;
    }

    /** The next item, waited for up to 5 seconds (fails the test without one). */
    static MailQueueItem take(BlockingQueue<MailQueueItem> items) throws InterruptedException {
        MailQueueItem item = items.poll(5, TimeUnit.SECONDS);
        assertThat(item).as("a mail out of the queue").isNotNull();
        return item;
    }

    private static List<String> names(ManageableMailQueue queue) throws Exception {
        return ImmutableList.copyOf(queue.browse()).stream().map(view -> view.getMail().getName()).collect(Collectors.toList());
    }

    private List<Path> queueFiles() throws Exception {
        try (Stream<Path> files = Files.list(directories.queue(SPOOL))) {
            return files.collect(Collectors.toList());
        }
    }

    private Mail mail(String name, String sender, String... recipients) throws Exception {
        MailImpl.Builder builder = MailImpl.builder()
            .name(name)
            .mimeMessage(new MimeMessage(null, new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.UTF_8))))
            .remoteAddr("192.0.2.7")
            .remoteHost("client.test")
            .lastUpdated(Date.from(clock.instant()));
        if (sender != null) {
            builder.sender(sender);
        }
        for (String recipient : recipients) {
            builder.addRecipient(recipient);
        }
        return builder.build();
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
