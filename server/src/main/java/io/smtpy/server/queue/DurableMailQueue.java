package io.smtpy.server.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.Disposable;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailPrioritySupport;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.queue.ActionOutcome;
import io.smtpy.sending.queue.CopyStatus;
import io.smtpy.sending.queue.MailPriority;
import io.smtpy.sending.queue.OwnerQueue;
import io.smtpy.sending.queue.QueueAction;
import io.smtpy.sending.queue.QueuedCopy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A mail queue on disk, one file per mail ({@link QueuedMailFile}), with the order and the delays in memory.
 *
 * <p><b>Durability.</b> {@link #enQueue} returns once the mail's file and its directory entry are forced to disk,
 * so the {@code 250} James answers after it is a promise that survives a crash. A dequeued mail keeps its file until
 * its item is {@linkplain MailQueueItem#done done}, and the file of a done mail is deleted just after, on the
 * {@link FileReaper}'s thread: a crash while it is processed, or before its file is gone, brings it back at the next
 * start (at least once, a duplicate is possible, a loss is not). At start every file of the queue's directory is taken
 * back in the order it was enqueued; a file that cannot be read back is moved to {@code held/} and logged, never
 * deleted.
 *
 * <p><b>Cost.</b> A crossing is one file written and forced ({@code fdatasync}), one rename, one directory sync
 * (shared by the writers of the same moment, {@link DirectorySync}) and one delete, off the caller's thread: no
 * journal, no broker, no index. The envelope is read back from the file when the mail is taken (a page-cache
 * read), the message lazily by James's {@link MimeMessageWrapper}; memory holds only the envelope's summary
 * of the waiting mail, so a large backlog does not fill the heap.
 *
 * <p><b>Mail kept in memory.</b> A mail enqueued in one of the {@code inMemoryStates} (the embedded server's
 * {@code delivered}: RemoteDelivery hands a delivered copy back only so that its outcome is recorded) is kept in memory,
 * as a copy, and never written: a crash loses a line of history, never a mail, and the "250 is a promise" rule does not
 * pay a third disk crossing for it. Such a mail has no file: it is browsed and removed like the others, and gone after a
 * restart.
 *
 * <p><b>Hand-over from the spool.</b> The spool and the outgoing queue can share one disk crossing
 * ({@link SpoolHandover}): a mail the outgoing queue gets, without delay, on the thread that processes a spool mail is
 * kept in memory and the spool's file stands for it until it is done.
 *
 * <p><b>Delays.</b> A mail enqueued with a delay (RemoteDelivery's retries) waits in memory until its time; after
 * a restart, until the time written in its file. {@link #flush()} makes the waiting mail due now (in memory: after
 * a restart the written times apply again). An item given back with {@code RETRY} is taken again after a short
 * back-off that grows with its attempts (1 s per attempt, at most a minute), so a mail that keeps failing outside
 * the mailet container cannot spin a core.
 *
 * <p><b>Lanes.</b> Due mail leaves by lane first, then in the order it came ({@link MailPriority}): mail with a null
 * sender (bounces, delay notices) first, then by James's {@code MAIL_PRIORITY} attribute (0-9, 5 when absent). The mail
 * waiting for its time is kept apart, by time, so a delayed priority mail never blocks due normal mail. A consumer
 * such as RemoteDelivery takes many items ahead of its delivery threads (256 in James 3.8.1); so that a priority mail
 * does not wait behind those, an item chooses its mail again when its consumer starts on it ({@code getMail}): a better
 * lane's mail held by an item not started yet is swapped with its own, and a due mail of a better lane is taken, the
 * mail first chosen going back in line with its place.
 *
 * <p><b>The owner's actions</b> ({@link OwnerQueue}, on the copies of one domain, by id): retry (due now), hold (taken
 * out of line; the flag is written in the mail's file, so a held mail stays held after a restart; a mail kept in memory
 * is written first), release (back in line, due now), cancel (removed, and handed to {@code cancellations}: the
 * embedded server sends it through the mailet container to bounce to its sender). A mail being delivered is not acted
 * on. Listing reads the summaries in memory, never a file, and takes nothing from the consumers (unlike James's memory
 * queue, whose browsing stopped delivery).
 */
final class DurableMailQueue implements ManageableMailQueue, OwnerQueue, Disposable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DurableMailQueue.class);
    private static final long POLL_MILLIS = 200;
    private static final long MAX_RETRY_BACKOFF_MILLIS = 60_000;
    /** Smtpy's attribute naming the domain a copy belongs to (mailets' ForwardingAttributes.DOMAIN). */
    static final String DOMAIN_ATTRIBUTE = "io.smtpy.forwarding.domain";
    private static final AttributeName HOLD_FOR_REVIEW_ATTRIBUTE = AttributeName.of(OwnerQueue.HOLD_FOR_REVIEW);
    private static final String RETRY_COUNT_ATTRIBUTE = "delivery_retry_count";
    private static final String DELIVERY_ERROR_ATTRIBUTE = "delivery-error";
    /** Due first: by time, then in the order enqueued. */
    private static final Comparator<Waiting> BY_TIME = Comparator.<Waiting>comparingLong(mail -> mail.dueAtMillis)
        .thenComparingLong(mail -> mail.order);
    /** Ready: best lane first, then in the order enqueued. */
    private static final Comparator<Waiting> BY_LANE = Comparator.<Waiting>comparingInt(mail -> -mail.rank)
        .thenComparingLong(mail -> mail.order);

    /** Where a cancelled mail goes (the embedded server: the spool, to bounce to its sender). */
    interface Cancellations {
        void cancelled(Mail mail) throws MailQueueException;

        Cancellations DROP = mail -> { };
    }

    private final MailQueueName name;
    private final QueueDirectories directories;
    private final Path directory;
    private final Clock clock;
    private final MailQueueItemDecoratorFactory decorators;
    private final Set<String> inMemoryStates;
    private final HandoverRole role;
    private final SpoolHandover handover;
    private final DirectorySync directorySync;
    private final Cancellations cancellations;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by {@code lock}: mail waiting for its time, mail due, mail held by its owner (by id). */
    private final PriorityQueue<Waiting> delayed = new PriorityQueue<>(BY_TIME);
    private final PriorityQueue<Waiting> ready = new PriorityQueue<>(BY_LANE);
    private final Map<String, Waiting> held = new HashMap<>();
    private final Map<String, Waiting> inFlight = new ConcurrentHashMap<>();
    /** Guarded by {@code lock}: items handed out whose consumer has not started on them yet (no {@code getMail}). */
    private final Set<Item> unstarted = new HashSet<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Flux<MailQueueItem> dequeue;
    private volatile boolean closed;

    private DurableMailQueue(MailQueueName name, QueueDirectories directories, Path directory, Clock clock,
                             MailQueueItemDecoratorFactory decorators, Set<String> inMemoryStates, HandoverRole role,
                             SpoolHandover handover, Cancellations cancellations) {
        this.name = name;
        this.role = role;
        this.handover = handover;
        this.cancellations = cancellations;
        this.inMemoryStates = ImmutableSet.copyOf(inMemoryStates);
        this.directorySync = new DirectorySync(directory);
        this.directories = directories;
        this.directory = directory;
        this.clock = clock;
        this.decorators = decorators;
        // One blocking wait per subscriber, on a thread of Reactor's pool for blocking work. The wait ends when the
        // subscriber cancels too: that thread goes back to the pool, and the next task there must not queue behind it.
        this.dequeue = Flux.defer(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            return Flux.<MailQueueItem>generate(sink -> {
                MailQueueItem item = nextItem(cancelled);
                if (item == null) {
                    sink.complete();
                } else {
                    sink.next(item);
                }
            }).doOnCancel(() -> cancelled.set(true));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The queue {@code name}, with every mail its directory holds from before; mail enqueued in one of
     * {@code inMemoryStates} is kept in memory only.
     */
    static DurableMailQueue open(MailQueueName name, QueueDirectories directories, Clock clock,
                                 MailQueueItemDecoratorFactory decorators, Set<String> inMemoryStates) throws IOException {
        return open(name, directories, clock, decorators, inMemoryStates, HandoverRole.NONE, null, Cancellations.DROP);
    }

    /** The same, taking part in the spool's hand-over as {@code role}, cancelled mail handed to {@code cancellations}. */
    static DurableMailQueue open(MailQueueName name, QueueDirectories directories, Clock clock,
                                 MailQueueItemDecoratorFactory decorators, Set<String> inMemoryStates, HandoverRole role,
                                 SpoolHandover handover, Cancellations cancellations) throws IOException {
        DurableMailQueue queue = new DurableMailQueue(name, directories, directories.queue(name), clock, decorators, inMemoryStates,
            role, handover, cancellations);
        queue.recover();
        return queue;
    }

    @Override
    public MailQueueName getName() {
        return name;
    }

    @Override
    public void enQueue(Mail mail) throws MailQueueException {
        enQueue(mail, Duration.ZERO);
    }

    @Override
    public void enQueue(Mail mail, Duration delay) throws MailQueueException {
        if (closed) {
            throw new MailQueueException("Mail queue " + name.asString() + " is closed");
        }
        long now = clock.millis();
        Optional<String> review = AttributeUtils.getValueAndCastFromMail(mail, HOLD_FOR_REVIEW_ATTRIBUTE, String.class);
        if (review.isPresent()) {
            // Taken in held for good: the flag and the reason go into the file, the request goes so a retry is not held again.
            mail.removeAttribute(HOLD_FOR_REVIEW_ATTRIBUTE);
        }
        QueuedEnvelope queued = QueuedEnvelope.of(mail, dueAt(now, delay), now);
        QueuedEnvelope envelope = review.map(queued::heldForReview).orElse(queued);
        String id = directories.newId();
        Path file = directory.resolve(id + QueuedMailFile.SUFFIX);
        KeptMail kept = null;
        try {
            if (review.isEmpty() && mail.getState() != null && inMemoryStates.contains(mail.getState())) {
                kept = keep(mail, Optional.empty(), 0);
            } else {
                kept = review.isPresent() ? null : handedOver(mail, delay);
                if (kept == null) {
                    QueuedMailFile.write(directories.temporary(id), file, directorySync, envelope, mail.getMessage());
                }
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            throw new MailQueueException("Unable to queue mail " + mail.getName() + " in " + name.asString(), e);
        }
        add(new Waiting(file, envelope, sequence.incrementAndGet(), envelope.nextDeliveryMillis(), 0, kept));
    }

    @Override
    public Publisher<Void> enqueueReactive(Mail mail) {
        return Mono.fromCallable(() -> {
            enQueue(mail);
            return true;
        }).then();
    }

    @Override
    public Publisher<MailQueueItem> deQueue() {
        return dequeue;
    }

    @Override
    public long getSize() {
        lock.lock();
        try {
            return delayed.size() + ready.size() + held.size() + inFlight.size();
        } finally {
            lock.unlock();
        }
    }

    /** Makes every mail waiting for its time due now (held mail stays held). */
    @Override
    public long flush() {
        lock.lock();
        try {
            long count = delayed.size();
            long now = clock.millis();
            while (!delayed.isEmpty()) {
                ready.add(delayed.poll().dueAt(now));
            }
            changed.signalAll();
            return count;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long clear() throws MailQueueException {
        return removeWaiting(mail -> true);
    }

    @Override
    public long remove(Type type, String value) throws MailQueueException {
        switch (type) {
            case Name:
                return removeWaiting(mail -> mail.name.equals(value));
            case Sender:
                return removeWaiting(mail -> mail.sender.equals(value));
            case Recipient:
                return removeWaiting(mail -> mail.recipients.contains(value));
            default:
                throw new IllegalArgumentException("Unknown kind of removal: " + type);
        }
    }

    /** The mail not taken, in the order it would leave (held mail last); nothing is taken from the consumers. */
    @Override
    public MailQueueIterator browse() {
        Iterator<MailQueueItemView> views = waitingInOrder().stream()
            .flatMap(mail -> view(mail).stream())
            .iterator();
        return new MailQueueIterator() {
            @Override
            public void close() {
            }

            @Override
            public boolean hasNext() {
                return views.hasNext();
            }

            @Override
            public MailQueueItemView next() {
                return views.next();
            }
        };
    }

    /** Mail carrying {@link OwnerQueue#HOLD_FOR_REVIEW} is taken in held, written to disk, until its owner releases it. */
    @Override
    public boolean holdsForReview() {
        return true;
    }

    @Override
    public List<QueuedCopy> list(DomainName domain) {
        String wanted = domain.asString();
        List<QueuedCopy> copies = new ArrayList<>();
        inFlight.values().stream()
            .filter(mail -> mail.domain.filter(wanted::equals).isPresent())
            .sorted(BY_LANE)
            .forEach(mail -> copies.add(mail.copy(CopyStatus.DELIVERING)));
        for (Waiting mail : waitingInOrder()) {
            if (mail.domain.filter(wanted::equals).isPresent()) {
                copies.add(mail.copy(mail.held ? CopyStatus.HELD : CopyStatus.WAITING));
            }
        }
        return copies;
    }

    @Override
    public List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
        String wanted = domain.asString();
        Set<String> asked = new HashSet<>(ids);
        Map<String, Waiting> taken = new HashMap<>();
        List<ActionOutcome> outcomes = new ArrayList<>();
        lock.lock();
        try {
            long now = clock.millis();
            Predicate<Waiting> chosen = mail -> asked.contains(mail.id) && mail.domain.filter(wanted::equals).isPresent();
            switch (action) {
                case RETRY:
                    for (Waiting mail : takeFrom(delayed, chosen)) {
                        ready.add(mail.dueAt(now));
                        taken.put(mail.id, mail);
                    }
                    ready.stream().filter(chosen).forEach(mail -> taken.put(mail.id, mail));
                    break;
                case HOLD:
                case CANCEL:
                    takeFrom(delayed, chosen).forEach(mail -> taken.put(mail.id, mail));
                    takeFrom(ready, chosen).forEach(mail -> taken.put(mail.id, mail));
                    if (action == QueueAction.CANCEL) {
                        takeFrom(held.values(), chosen).forEach(mail -> taken.put(mail.id, mail));
                    }
                    break;
                case RELEASE:
                    takeFrom(held.values(), chosen).forEach(mail -> taken.put(mail.id, mail));
                    break;
                default:
                    throw new IllegalArgumentException("Unknown action " + action);
            }
            changed.signalAll();
            for (String id : ids) {
                if (!taken.containsKey(id)) {
                    outcomes.add(ActionOutcome.refused(id, whyNot(id, wanted, action)));
                }
            }
        } finally {
            lock.unlock();
        }
        for (Waiting mail : taken.values()) {
            outcomes.add(apply(action, mail));
        }
        return outcomes;
    }

    /** Under the lock: why {@code action} was not applied to the copy {@code id} of {@code domain}. */
    private String whyNot(String id, String domain, QueueAction action) {
        Predicate<Waiting> copy = mail -> mail.id.equals(id) && mail.domain.filter(domain::equals).isPresent();
        if (Optional.ofNullable(inFlight.get(id)).filter(copy).isPresent()) {
            return "being delivered now";
        }
        if (Optional.ofNullable(held.get(id)).filter(copy).isPresent()) {
            return action == QueueAction.RETRY ? "held: release it to deliver it" : "already held";
        }
        if (action == QueueAction.RELEASE && (ready.stream().anyMatch(copy) || delayed.stream().anyMatch(copy))) {
            return "not held";
        }
        return ActionOutcome.NO_SUCH_COPY + " in the queue (delivered, bounced or retried under a new id meanwhile)";
    }

    /** Outside the lock: what the action does beyond the queue's order (files written, the cancelled mail handed on). */
    private ActionOutcome apply(QueueAction action, Waiting mail) {
        try {
            switch (action) {
                case HOLD:
                    add(persistHeld(mail, true));
                    break;
                case RELEASE:
                    add(persistHeld(mail, false).dueAt(clock.millis()));
                    break;
                case CANCEL:
                    cancel(mail);
                    break;
                default:
                    break;
            }
            return ActionOutcome.applied(mail.id);
        } catch (IOException | MessagingException | InvalidQueuedMailException | RuntimeException e) {
            LOGGER.warn("Mail queue {}: could not {} mail {}", name.asString(), action.asString(), mail.id, e);
            add(mail);
            return ActionOutcome.refused(mail.id, "could not " + action.asString() + " it: " + e.getMessage());
        }
    }

    /**
     * The held flag written in the mail's file; a mail kept in memory is written now (and what it held released), so
     * that a held mail survives a restart.
     */
    private Waiting persistHeld(Waiting mail, boolean hold) throws IOException, MessagingException, InvalidQueuedMailException {
        String id = directories.newId();
        if (mail.kept == null) {
            QueuedEnvelope envelope = QueuedMailFile.read(mail.file).envelope().withHeld(hold);
            QueuedMailFile.rewrite(mail.file, directories.temporary(id), directorySync, envelope);
            return mail.held(hold, null);
        }
        Mail handedOut = mail.kept.handOut();
        try {
            QueuedEnvelope envelope = QueuedEnvelope.of(handedOut, mail.dueAtMillis, mail.enqueuedAtMillis).withHeld(hold);
            QueuedMailFile.write(directories.temporary(id), mail.file, directorySync, envelope, handedOut.getMessage());
        } finally {
            LifecycleUtil.dispose(handedOut);
        }
        mail.kept.release(handover);
        return mail.held(hold, null);
    }

    private void cancel(Waiting mail) throws IOException, InvalidQueuedMailException, MailQueueException {
        Mail loaded = load(mail);
        try {
            cancellations.cancelled(loaded);
        } finally {
            LifecycleUtil.dispose(loaded);
        }
        mail.delete();
    }

    /** Stops handing out mail; what is queued stays on disk for the next start. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void dispose() {
        close();
    }

    /** Under the lock: the mail of {@code from} that {@code which} accepts, taken out of it. */
    private static List<Waiting> takeFrom(Collection<Waiting> from, Predicate<Waiting> which) {
        List<Waiting> taken = new ArrayList<>();
        from.removeIf(mail -> {
            if (which.test(mail)) {
                taken.add(mail);
                return true;
            }
            return false;
        });
        return taken;
    }

    /** A mail back in line: held, due now (ready, by lane) or later (by time). */
    private void add(Waiting mail) {
        lock.lock();
        try {
            if (mail.held) {
                held.put(mail.id, mail);
            } else if (mail.dueAtMillis <= clock.millis()) {
                ready.add(mail);
            } else {
                delayed.add(mail);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the mail whose time has come joins the ready mail. */
    private void promote(long now) {
        while (!delayed.isEmpty() && delayed.peek().dueAtMillis <= now) {
            ready.add(delayed.poll());
        }
    }

    /** A snapshot of the mail not taken: ready by lane, then waiting for its time, then held. */
    private List<Waiting> waitingInOrder() {
        lock.lock();
        try {
            promote(clock.millis());
            List<Waiting> snapshot = new ArrayList<>(ready.size() + delayed.size() + held.size());
            List<Waiting> part = new ArrayList<>(ready);
            part.sort(BY_LANE);
            snapshot.addAll(part);
            part = new ArrayList<>(delayed);
            part.sort(BY_TIME);
            snapshot.addAll(part);
            part = new ArrayList<>(held.values());
            part.sort(BY_TIME);
            snapshot.addAll(part);
            return snapshot;
        } finally {
            lock.unlock();
        }
    }

    private long removeWaiting(Predicate<Waiting> which) throws MailQueueException {
        List<Waiting> removed = new ArrayList<>();
        lock.lock();
        try {
            removed.addAll(takeFrom(delayed, which));
            removed.addAll(takeFrom(ready, which));
            removed.addAll(takeFrom(held.values(), which));
        } finally {
            lock.unlock();
        }
        long count = 0;
        for (Waiting mail : removed) {
            try {
                mail.delete();
                count++;
            } catch (IOException e) {
                add(mail);
                throw new MailQueueException("Unable to remove mail " + mail.name + " from " + name.asString(), e);
            }
        }
        return count;
    }

    private Optional<MailQueueItemView> view(Waiting mail) {
        try {
            Optional<ZonedDateTime> next = mail.held ? Optional.empty()
                : Optional.of(ZonedDateTime.ofInstant(Instant.ofEpochMilli(mail.dueAtMillis), ZoneOffset.UTC));
            return Optional.of(new DefaultMailQueueItemView(load(mail), next));
        } catch (IOException | InvalidQueuedMailException e) {
            // Taken meanwhile, or unreadable (then held when it is taken).
            return Optional.empty();
        }
    }

    /** The next mail due, marked in flight; null once the queue is closed or the subscriber gone. Blocks while nothing is due. */
    private MailQueueItem nextItem(AtomicBoolean cancelled) {
        while (!closed && !cancelled.get()) {
            Waiting mail = take(cancelled);
            if (mail == null) {
                continue;
            }
            try {
                Item item = new Item(mail, load(mail));
                lock.lock();
                try {
                    unstarted.add(item);
                } finally {
                    lock.unlock();
                }
                return decorators.decorate(item, name);
            } catch (IOException | InvalidQueuedMailException e) {
                inFlight.remove(mail.id);
                hold(mail.file, e);
            }
        }
        return null;
    }

    /** The best due mail, marked in flight; null after a wait of at most {@link #POLL_MILLIS} with nothing due. */
    private Waiting take(AtomicBoolean cancelled) {
        lock.lock();
        try {
            long now = clock.millis();
            promote(now);
            Waiting mail = ready.poll();
            if (mail == null) {
                long wait = delayed.isEmpty() ? POLL_MILLIS : Math.max(1, Math.min(POLL_MILLIS, delayed.peek().dueAtMillis - now));
                try {
                    changed.await(wait, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // Reactor interrupts a cancelled subscriber's task, and the interrupt may land on the pool thread after
                    // that task ended: it ends the wait only when this subscriber is gone (checked by the caller's loop).
                    return null;
                }
                return null;
            }
            if (cancelled.get() || closed) {
                ready.add(mail);
                return null;
            }
            inFlight.put(mail.id, mail);
            return mail;
        } finally {
            lock.unlock();
        }
    }

    /** A due mail of a better lane than {@code chosen}, marked in flight; null when there is none. */
    private Waiting takeBetterThan(Waiting chosen) {
        lock.lock();
        try {
            promote(clock.millis());
            Waiting best = ready.peek();
            if (best == null || best.rank <= chosen.rank) {
                return null;
            }
            ready.poll();
            inFlight.put(best.id, best);
            return best;
        } finally {
            lock.unlock();
        }
    }

    /** The queue's own copy of a mail kept in memory, its message as bytes: the caller may dispose of its mail. */
    private static KeptMail keep(Mail mail, Optional<Path> spoolFile, long reserved) throws MessagingException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        mail.getMessage().writeTo(bytes);
        return new KeptMail(withoutMessage(mail), bytes.toByteArray(), spoolFile, reserved);
    }

    /**
     * For the outgoing queue: the mail kept in memory, the spool file of the mail this thread processes standing for
     * it ({@link SpoolHandover}); null when it must be written (a delay, no spool mail in hand, the memory budget).
     */
    private KeptMail handedOver(Mail mail, Duration delay) throws MessagingException, IOException {
        if (role != HandoverRole.OUTGOING || !(delay.isZero() || delay.isNegative())) {
            return null;
        }
        long size = Math.max(0, mail.getMessageSize());
        Optional<Path> spoolFile = handover.hold(size);
        if (spoolFile.isEmpty()) {
            return null;
        }
        try {
            return keep(mail, spoolFile, size);
        } catch (MessagingException | IOException | RuntimeException e) {
            handover.release(spoolFile.get(), size);
            throw e;
        }
    }

    /** The same mail, same name and state, without a message. */
    private static MailImpl withoutMessage(Mail mail) throws MessagingException {
        MailImpl copy = MailImpl.duplicateWithoutMessage(mail).build();
        copy.setName(mail.getName());
        copy.setState(mail.getState());
        return copy;
    }

    /** A mail as it is handed out: read from its file, or a new mail over the bytes kept in memory. */
    private static Mail load(Waiting mail) throws IOException, InvalidQueuedMailException {
        if (mail.kept == null) {
            return load(mail.file);
        }
        try {
            return mail.kept.handOut();
        } catch (MessagingException e) {
            throw new InvalidQueuedMailException("the mail kept in memory cannot be handed out: " + e.getMessage());
        }
    }

    private static Mail load(Path file) throws IOException, InvalidQueuedMailException {
        QueuedMailFile queued = QueuedMailFile.read(file);
        return queued.envelope().toMail(new MimeMessageWrapper(queued.messageSource()));
    }

    private void recover() throws IOException {
        List<Waiting> recovered = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + QueuedMailFile.SUFFIX)) {
            for (Path file : files) {
                try {
                    QueuedEnvelope envelope = QueuedMailFile.read(file).envelope();
                    recovered.add(new Waiting(file, envelope, 0, envelope.nextDeliveryMillis(), 0, null));
                } catch (IOException | InvalidQueuedMailException e) {
                    hold(file, e);
                }
            }
        }
        recovered.sort(Comparator.<Waiting>comparingLong(mail -> mail.enqueuedAtMillis)
            .thenComparing(mail -> mail.file.getFileName().toString()));
        for (Waiting mail : recovered) {
            add(mail.inOrder(sequence.incrementAndGet()));
        }
        if (!recovered.isEmpty()) {
            LOGGER.info("Mail queue {}: {} mail(s) taken back from {} ({} held by their owners)", name.asString(),
                recovered.size(), directory, recovered.stream().filter(mail -> mail.held).count());
        }
    }

    /** A file that is not a mail we can read back: kept aside for a human, never deleted. */
    private void hold(Path file, Exception reason) {
        try {
            Path aside = directories.held(name).resolve(file.getFileName());
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            LOGGER.error("Mail queue {}: {} cannot be read back as a mail ({}); moved to {}", name.asString(), file,
                reason.getMessage(), aside);
        } catch (IOException e) {
            LOGGER.error("Mail queue {}: {} cannot be read back as a mail ({}) nor moved aside ({})", name.asString(), file,
                reason.getMessage(), e.getMessage());
        }
    }

    private static long dueAt(long now, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            return now;
        }
        try {
            return Math.addExact(now, delay.toMillis());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private long retryBackoff(int attempts) {
        return Math.min(MAX_RETRY_BACKOFF_MILLIS, 1000L * attempts);
    }

    /** What the queue knows of a mail without reading its file: for the order, the removals and the owner's view. */
    private static final class Summary {
        private final Optional<String> domain;
        private final int rank;
        private final int attempts;
        private final Optional<String> lastError;
        private final Optional<String> heldReason;

        private Summary(Optional<String> domain, int rank, int attempts, Optional<String> lastError, Optional<String> heldReason) {
            this.domain = domain;
            this.rank = rank;
            this.attempts = attempts;
            this.lastError = lastError;
            this.heldReason = heldReason;
        }

        /** After its owner held or released it: the review reason no longer says why. */
        Summary actedOn() {
            return new Summary(domain, rank, attempts, lastError, Optional.empty());
        }

        static Summary of(QueuedEnvelope envelope) {
            int priority = envelope.intAttribute(MailPrioritySupport.MAIL_PRIORITY.asString()).orElse(MailPriority.NORMAL);
            return new Summary(envelope.textAttribute(DOMAIN_ATTRIBUTE),
                MailPriority.rank(priority, envelope.sender().isEmpty()),
                envelope.intAttribute(RETRY_COUNT_ATTRIBUTE).orElse(0),
                envelope.textAttribute(DELIVERY_ERROR_ATTRIBUTE).or(envelope::errorMessage),
                envelope.heldReason());
        }
    }

    /** A mail in the queue as memory knows it: its file, what removals match on, when it is due, its place. */
    private final class Waiting {
        private final Path file;
        private final String id;
        private final String name;
        private final String sender;
        private final List<String> recipients;
        private final long enqueuedAtMillis;
        private final long order;
        private final long dueAtMillis;
        private final int retries;
        private final boolean held;
        private final Summary summary;
        private final Optional<String> domain;
        private final int rank;
        /** The mail itself when it is kept in memory (then {@code file} names it but is never written); else null. */
        private final KeptMail kept;

        private Waiting(Path file, QueuedEnvelope envelope, long order, long dueAtMillis, int retries, KeptMail kept) {
            this(file, envelope.name(), envelope.sender(), envelope.recipients(), envelope.enqueuedAtMillis(), order,
                dueAtMillis, retries, envelope.held(), Summary.of(envelope), kept);
        }

        private Waiting(Path file, String name, String sender, List<String> recipients, long enqueuedAtMillis,
                        long order, long dueAtMillis, int retries, boolean held, Summary summary, KeptMail kept) {
            this.file = file;
            String fileName = file.getFileName().toString();
            this.id = fileName.endsWith(QueuedMailFile.SUFFIX)
                ? fileName.substring(0, fileName.length() - QueuedMailFile.SUFFIX.length()) : fileName;
            this.name = name;
            this.sender = sender;
            this.recipients = recipients;
            this.enqueuedAtMillis = enqueuedAtMillis;
            this.order = order;
            this.dueAtMillis = dueAtMillis;
            this.retries = retries;
            this.held = held;
            this.summary = summary;
            this.domain = summary.domain;
            this.rank = summary.rank;
            this.kept = kept;
        }

        /** Removes the mail for good: its file, or for a mail kept in memory what holds the spool file for it. */
        void delete() throws IOException {
            if (kept == null) {
                QueuedMailFile.delete(file);
            } else {
                kept.release(handover);
            }
        }

        Waiting dueAt(long millis) {
            return new Waiting(file, name, sender, recipients, enqueuedAtMillis, order, millis, retries, held, summary, kept);
        }

        Waiting inOrder(long newOrder) {
            return new Waiting(file, name, sender, recipients, enqueuedAtMillis, newOrder, dueAtMillis, retries, held, summary, kept);
        }

        Waiting held(boolean isHeld, KeptMail keptMail) {
            return new Waiting(file, name, sender, recipients, enqueuedAtMillis, order, dueAtMillis, retries, isHeld,
                summary.actedOn(), keptMail);
        }

        Waiting retried(long now) {
            int attempts = retries + 1;
            return new Waiting(file, name, sender, recipients, enqueuedAtMillis, order, now + retryBackoff(attempts), attempts,
                held, summary, kept);
        }

        QueuedCopy copy(CopyStatus status) {
            String reason;
            if (status == CopyStatus.HELD) {
                reason = summary.heldReason.orElse("held by the domain's owner");
            } else if (status == CopyStatus.DELIVERING) {
                reason = "being delivered now";
            } else if (summary.lastError.isPresent()) {
                reason = summary.lastError.get();
            } else if (summary.attempts > 0) {
                reason = "temporary delivery failure (" + summary.attempts + " attempt(s))";
            } else {
                reason = "waiting for its first attempt";
            }
            Optional<Instant> next = status == CopyStatus.WAITING
                ? Optional.of(Instant.ofEpochMilli(Math.max(dueAtMillis, enqueuedAtMillis))) : Optional.empty();
            return new QueuedCopy(id, DomainName.of(domain.orElseThrow()), sender, recipients, status, summary.attempts, reason,
                next, Instant.ofEpochMilli(enqueuedAtMillis), rank);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Waiting && ((Waiting) other).file.equals(file);
        }

        @Override
        public int hashCode() {
            return file.hashCode();
        }
    }

    /** What a queue does in the spool's hand-over ({@link SpoolHandover}). */
    enum HandoverRole {
        /** James's spool: the mail being processed can stand for what it hands over. */
        SPOOL,
        /** RemoteDelivery's queue: takes a mail from the spool in memory. */
        OUTGOING,
        NONE
    }

    /** A mail kept in memory: its envelope and attributes, its message's bytes, and the spool file standing for it. */
    private static final class KeptMail {
        private final Mail envelope;
        private final byte[] message;
        private final Optional<Path> spoolFile;
        /** The bytes counted against the hand-over's memory budget for it (the size James gave, before the copy). */
        private final long reserved;

        private KeptMail(Mail envelope, byte[] message, Optional<Path> spoolFile, long reserved) {
            this.envelope = envelope;
            this.message = message;
            this.spoolFile = spoolFile;
            this.reserved = reserved;
        }

        /** Done with: the spool file standing for it may go. */
        void release(SpoolHandover handover) {
            spoolFile.ifPresent(file -> handover.release(file, reserved));
        }

        /** A new mail each time, so that disposing of one handed out leaves this intact (for a retry). */
        Mail handOut() throws MessagingException {
            MailImpl mail = withoutMessage(envelope);
            mail.setMessageContent(new MimeMessageSource() {
                @Override
                public String getSourceId() {
                    return "memory:" + envelope.getName();
                }

                @Override
                public InputStream getInputStream() {
                    return new ByteArrayInputStream(message);
                }

                @Override
                public long getMessageSize() {
                    return message.length;
                }
            });
            return mail;
        }
    }

    /**
     * A taken mail: its file goes when it is done (soon after, on the reaper's thread), or it waits again on RETRY. Its
     * mail is chosen again when the consumer starts on it ({@link #getMail}): a better lane's due mail is taken then.
     */
    private final class Item implements MailQueueItem {
        private Waiting waitingMail;
        private Mail mail;
        private boolean chosen;

        private Item(Waiting waitingMail, Mail mail) {
            this.waitingMail = waitingMail;
            this.mail = mail;
        }

        /** For the spool, on the thread about to process the mail (James's spooler): what it hands over is held for. */
        @Override
        public synchronized Mail getMail() {
            if (!chosen) {
                chosen = true;
                chooseAgain();
            }
            if (role == HandoverRole.SPOOL && waitingMail.kept == null) {
                handover.processing(waitingMail.file);
            }
            return mail;
        }

        /**
         * The best mail this item can deliver now: a better lane's mail taken by an item not started yet is swapped
         * with its own (nobody has seen either), then a better lane's mail that came due since goes first and this
         * item's goes back in line with its place.
         */
        private void chooseAgain() {
            lock.lock();
            try {
                unstarted.remove(this);
                Item better = null;
                for (Item other : unstarted) {
                    if (BY_LANE.compare(other.waitingMail, better == null ? waitingMail : better.waitingMail) < 0
                        && other.waitingMail.rank > waitingMail.rank) {
                        better = other;
                    }
                }
                if (better != null) {
                    swapWith(better);
                }
            } finally {
                lock.unlock();
            }
            takeFromReady();
        }

        /**
         * Under the lock, with an item nobody has started: each delivers the other's mail. The other item reads its
         * fields only after taking the lock itself (it leaves {@code unstarted} under it), so its monitor is not needed,
         * and taking it here could deadlock with its own {@code getMail}.
         */
        private void swapWith(Item other) {
            Waiting otherWaiting = other.waitingMail;
            Mail otherMail = other.mail;
            other.waitingMail = waitingMail;
            other.mail = mail;
            waitingMail = otherWaiting;
            mail = otherMail;
        }

        private void takeFromReady() {
            Waiting better = takeBetterThan(waitingMail);
            if (better == null) {
                return;
            }
            Mail betterMail;
            try {
                betterMail = load(better);
            } catch (IOException | InvalidQueuedMailException e) {
                inFlight.remove(better.id);
                hold(better.file, e);
                return;
            }
            Waiting first = waitingMail;
            LifecycleUtil.dispose(mail);
            waitingMail = better;
            mail = betterMail;
            inFlight.remove(first.id);
            add(first);
        }

        @Override
        public synchronized void done(CompletionStatus status) throws MailQueueException {
            lock.lock();
            try {
                unstarted.remove(this);
            } finally {
                lock.unlock();
            }
            inFlight.remove(waitingMail.id);
            boolean spoolFile = role == HandoverRole.SPOOL && waitingMail.kept == null;
            if (status == CompletionStatus.RETRY) {
                if (spoolFile) {
                    handover.finished(waitingMail.file);
                }
                add(waitingMail.retried(clock.millis()));
                return;
            }
            if (waitingMail.kept != null) {
                waitingMail.kept.release(handover);
            } else if (spoolFile) {
                handover.spoolDone(waitingMail.file);
            } else {
                directories.deleteLater(waitingMail.file);
            }
        }
    }
}
