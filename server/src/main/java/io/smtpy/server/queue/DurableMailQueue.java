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
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.Disposable;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

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
 */
final class DurableMailQueue implements ManageableMailQueue, Disposable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DurableMailQueue.class);
    private static final long POLL_MILLIS = 200;
    private static final long MAX_RETRY_BACKOFF_MILLIS = 60_000;

    private final MailQueueName name;
    private final QueueDirectories directories;
    private final Path directory;
    private final Clock clock;
    private final MailQueueItemDecoratorFactory decorators;
    private final Set<String> inMemoryStates;
    private final HandoverRole role;
    private final SpoolHandover handover;
    private final DirectorySync directorySync;
    private final DelayQueue<Waiting> waiting = new DelayQueue<>();
    private final Map<String, Waiting> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Flux<MailQueueItem> dequeue;
    private volatile boolean closed;

    private DurableMailQueue(MailQueueName name, QueueDirectories directories, Path directory, Clock clock,
                             MailQueueItemDecoratorFactory decorators, Set<String> inMemoryStates, HandoverRole role,
                             SpoolHandover handover) {
        this.name = name;
        this.role = role;
        this.handover = handover;
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
        return open(name, directories, clock, decorators, inMemoryStates, HandoverRole.NONE, null);
    }

    /** The same, taking part in the spool's hand-over as {@code role}. */
    static DurableMailQueue open(MailQueueName name, QueueDirectories directories, Clock clock,
                                 MailQueueItemDecoratorFactory decorators, Set<String> inMemoryStates, HandoverRole role,
                                 SpoolHandover handover) throws IOException {
        DurableMailQueue queue = new DurableMailQueue(name, directories, directories.queue(name), clock, decorators, inMemoryStates,
            role, handover);
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
        QueuedEnvelope envelope = QueuedEnvelope.of(mail, dueAt(now, delay), now);
        String id = directories.newId();
        Path file = directory.resolve(id + QueuedMailFile.SUFFIX);
        KeptMail kept = null;
        try {
            if (mail.getState() != null && inMemoryStates.contains(mail.getState())) {
                kept = keep(mail, Optional.empty(), 0);
            } else {
                kept = handedOver(mail, delay);
                if (kept == null) {
                    QueuedMailFile.write(directories.temporary(id), file, directorySync, envelope, mail.getMessage());
                }
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            throw new MailQueueException("Unable to queue mail " + mail.getName() + " in " + name.asString(), e);
        }
        waiting.add(new Waiting(file, envelope, sequence.incrementAndGet(), envelope.nextDeliveryMillis(), 0, kept));
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
        return waiting.size() + inFlight.size();
    }

    @Override
    public long flush() {
        long now = clock.millis();
        long count = 0;
        for (Waiting mail : ImmutableList.copyOf(waiting)) {
            if (mail.dueAtMillis > now && waiting.remove(mail)) {
                waiting.add(mail.dueAt(now));
                count++;
            }
        }
        return count;
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

    @Override
    public MailQueueIterator browse() {
        List<Waiting> snapshot = new ArrayList<>(waiting);
        snapshot.sort(Comparator.naturalOrder());
        Iterator<MailQueueItemView> views = snapshot.stream()
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

    /** Stops handing out mail; what is queued stays on disk for the next start. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void dispose() {
        close();
    }

    private long removeWaiting(Predicate<Waiting> which) throws MailQueueException {
        long count = 0;
        for (Waiting mail : ImmutableList.copyOf(waiting)) {
            if (which.test(mail) && waiting.remove(mail)) {
                try {
                    mail.delete();
                } catch (IOException e) {
                    waiting.add(mail);
                    throw new MailQueueException("Unable to remove mail " + mail.name + " from " + name.asString(), e);
                }
                count++;
            }
        }
        return count;
    }

    private Optional<MailQueueItemView> view(Waiting mail) {
        try {
            return Optional.of(new DefaultMailQueueItemView(load(mail),
                ZonedDateTime.ofInstant(Instant.ofEpochMilli(mail.dueAtMillis), ZoneOffset.UTC)));
        } catch (IOException | InvalidQueuedMailException e) {
            // Taken meanwhile, or unreadable (then held when it is taken).
            return Optional.empty();
        }
    }

    /** The next mail due, marked in flight; null once the queue is closed or the subscriber gone. Blocks while nothing is due. */
    private MailQueueItem nextItem(AtomicBoolean cancelled) {
        while (!closed && !cancelled.get()) {
            Waiting mail;
            try {
                mail = waiting.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // Reactor interrupts a cancelled subscriber's task, and the interrupt may land on the pool thread after
                // that task ended: it ends the wait only when this subscriber is gone (checked by the loop).
                continue;
            }
            if (mail == null) {
                continue;
            }
            if (cancelled.get()) {
                waiting.add(mail);
                return null;
            }
            inFlight.put(mail.file.getFileName().toString(), mail);
            try {
                return decorators.decorate(new Item(mail, load(mail)), name);
            } catch (IOException | InvalidQueuedMailException e) {
                inFlight.remove(mail.file.getFileName().toString());
                hold(mail.file, e);
            }
        }
        return null;
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
            waiting.add(mail.inOrder(sequence.incrementAndGet()));
        }
        if (!recovered.isEmpty()) {
            LOGGER.info("Mail queue {}: {} mail(s) taken back from {}", name.asString(), recovered.size(), directory);
        }
    }

    /** A file that is not a mail we can read back: kept aside for a human, never deleted. */
    private void hold(Path file, Exception reason) {
        try {
            Path held = directories.held(name).resolve(file.getFileName());
            Files.move(file, held, StandardCopyOption.ATOMIC_MOVE);
            LOGGER.error("Mail queue {}: {} cannot be read back as a mail ({}); moved to {}", name.asString(), file,
                reason.getMessage(), held);
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

    /** A mail in the queue as memory knows it: its file, what removals match on, when it is due, its place. */
    private final class Waiting implements Delayed {
        private final Path file;
        private final String name;
        private final String sender;
        private final List<String> recipients;
        private final long enqueuedAtMillis;
        private final long order;
        private final long dueAtMillis;
        private final int retries;
        /** The mail itself when it is kept in memory (then {@code file} names it but is never written); else null. */
        private final KeptMail kept;

        private Waiting(Path file, QueuedEnvelope envelope, long order, long dueAtMillis, int retries, KeptMail kept) {
            this(file, envelope.name(), envelope.sender(), envelope.recipients(), envelope.enqueuedAtMillis(), order,
                dueAtMillis, retries, kept);
        }

        private Waiting(Path file, String name, String sender, List<String> recipients, long enqueuedAtMillis,
                        long order, long dueAtMillis, int retries, KeptMail kept) {
            this.file = file;
            this.name = name;
            this.sender = sender;
            this.recipients = recipients;
            this.enqueuedAtMillis = enqueuedAtMillis;
            this.order = order;
            this.dueAtMillis = dueAtMillis;
            this.retries = retries;
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
            return new Waiting(file, name, sender, recipients, enqueuedAtMillis, order, millis, retries, kept);
        }

        Waiting inOrder(long newOrder) {
            return new Waiting(file, name, sender, recipients, enqueuedAtMillis, newOrder, dueAtMillis, retries, kept);
        }

        Waiting retried(long now) {
            int attempts = retries + 1;
            return new Waiting(file, name, sender, recipients, enqueuedAtMillis, order, now + retryBackoff(attempts), attempts, kept);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueAtMillis - clock.millis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Waiting that = (Waiting) other;
            int byTime = Long.compare(dueAtMillis, that.dueAtMillis);
            return byTime != 0 ? byTime : Long.compare(order, that.order);
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

    /** A taken mail: its file goes when it is done (soon after, on the reaper's thread), or it waits again on RETRY. */
    private final class Item implements MailQueueItem {
        private final Waiting waitingMail;
        private final Mail mail;

        private Item(Waiting waitingMail, Mail mail) {
            this.waitingMail = waitingMail;
            this.mail = mail;
        }

        /** For the spool, on the thread about to process the mail (James's spooler): what it hands over is held for. */
        @Override
        public Mail getMail() {
            if (role == HandoverRole.SPOOL && waitingMail.kept == null) {
                handover.processing(waitingMail.file);
            }
            return mail;
        }

        @Override
        public void done(CompletionStatus status) throws MailQueueException {
            inFlight.remove(waitingMail.file.getFileName().toString());
            boolean spoolFile = role == HandoverRole.SPOOL && waitingMail.kept == null;
            if (status == CompletionStatus.RETRY) {
                if (spoolFile) {
                    handover.finished(waitingMail.file);
                }
                waiting.add(waitingMail.retried(clock.millis()));
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
