package io.smtpy.sending.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;

/**
 * What every {@link OwnerQueue} does, as its javadoc and the embedded server's durable queue define it; run on
 * {@link MemoryOwnerQueue} and on the durable queue (server's {@code DurableOwnerQueueTest}). A backend implements
 * {@link #queue()} on {@link #clock} and the hooks that put copies in it the way its delivery path does.
 *
 * <p>The behaviour stated: {@link OwnerQueue#list} shows the copies of one domain only, in the order they would leave
 * (being delivered; due, by priority then oldest; due later, by time; held), with the fields the queue knows (status,
 * attempts, last error or why it waits, next attempt, when it was queued, priority); {@link OwnerQueue#act} applies to
 * the domain's own copies and refuses another domain's as one that does not exist; a copy being delivered is not acted
 * on; hold takes a copy out of line (listed last, without a next attempt, not retried) until release puts it back due
 * now with its reason; retry makes a waiting copy due now; cancel removes a waiting or held copy and hands it on for its
 * bounce.
 */
public abstract class OwnerQueueContract {
    protected static final DomainName BRAND = DomainName.of("brand.example");
    protected static final DomainName OTHER = DomainName.of("other.example");
    protected static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final String UNKNOWN_ID = "no-such-copy-id";

    /** The queue's time: what is due, when a copy was queued, when a retried or released one is due. */
    protected final MovableClock clock = new MovableClock(T0);

    /** The queue under test, on {@link #clock}, empty at first. */
    protected abstract OwnerQueue queue();

    /** Puts {@code copy} in the queue the way the backend's delivery path does, at {@link #clock}'s time. */
    protected abstract void enqueue(NewCopy copy) throws Exception;

    /**
     * Puts {@code copy} in the queue and has the delivery take it and start on it, so that it is being delivered until
     * the test ends. Called on a queue with no other copy due.
     */
    protected abstract void enqueueBeingDelivered(NewCopy copy) throws Exception;

    /** The recipients of the copies cancelled so far, handed on to bounce to their senders. */
    protected abstract List<String> cancelledRecipients();

    /** A copy of {@code domain} from {@code sales@<domain>} to {@code <localPart>@dest.example}, due now, priority 5. */
    protected static NewCopy copy(DomainName domain, String localPart) {
        return new NewCopy(domain, localPart + "@dest.example", Optional.of("sales@" + domain.asString()), MailPriority.NORMAL, 0,
            Optional.empty(), Duration.ZERO);
    }

    @Test
    public void listShouldShowTheCopiesOfTheGivenDomainOnly() throws Exception {
        enqueue(copy(BRAND, "first"));
        enqueue(copy(OTHER, "theirs"));
        enqueue(copy(BRAND, "second"));

        assertThat(recipients(queue().list(BRAND))).containsExactly("first@dest.example", "second@dest.example");
        assertThat(queue().list(BRAND)).extracting(QueuedCopy::domain).containsOnly(BRAND);
        assertThat(recipients(queue().list(OTHER))).containsExactly("theirs@dest.example");
        assertThat(queue().list(OTHER)).extracting(QueuedCopy::domain).containsOnly(OTHER);
        assertThat(queue().list(DomainName.of("nobody.example"))).isEmpty();
    }

    @Test
    public void dueCopiesShouldBeListedByLaneThenOldestFirst() throws Exception {
        enqueueASecondLater(copy(BRAND, "normal-1"));
        enqueueASecondLater(copy(BRAND, "low").withPriority(1));
        enqueueASecondLater(copy(BRAND, "priority-1").withPriority(MailPriority.HIGH_CLASS));
        enqueueASecondLater(copy(BRAND, "bounce").withNullSender());
        enqueueASecondLater(copy(BRAND, "normal-2"));
        enqueueASecondLater(copy(BRAND, "priority-2").withPriority(MailPriority.HIGH_CLASS));
        enqueueASecondLater(copy(BRAND, "urgent").withPriority(MailPriority.HIGHEST));

        assertThat(localParts(queue().list(BRAND)))
            .containsExactly("bounce", "urgent", "priority-1", "priority-2", "normal-1", "normal-2", "low");
        assertThat(queue().list(BRAND)).extracting(QueuedCopy::lane).containsExactly(MailPriority.Lane.NOTICE,
            MailPriority.Lane.PRIORITY, MailPriority.Lane.PRIORITY, MailPriority.Lane.PRIORITY, MailPriority.Lane.NORMAL,
            MailPriority.Lane.NORMAL, MailPriority.Lane.LOW);
    }

    @Test
    public void copiesDueLaterShouldComeAfterTheDueOnesByTimeUntilTheirTimeComes() throws Exception {
        enqueue(copy(BRAND, "in-an-hour").withPriority(MailPriority.HIGHEST).dueIn(Duration.ofHours(1)));
        enqueue(copy(BRAND, "in-half-an-hour").dueIn(Duration.ofMinutes(30)));
        enqueue(copy(BRAND, "now-low").withPriority(1));

        assertThat(localParts(queue().list(BRAND))).containsExactly("now-low", "in-half-an-hour", "in-an-hour");
        assertThat(queue().list(BRAND)).extracting(QueuedCopy::nextAttempt)
            .containsExactly(Optional.of(T0), Optional.of(T0.plusSeconds(1800)), Optional.of(T0.plusSeconds(3600)));
        clock.moveBy(Duration.ofMinutes(45));
        assertThat(localParts(queue().list(BRAND))).as("due now, by lane")
            .containsExactly("in-half-an-hour", "now-low", "in-an-hour");
        clock.moveBy(Duration.ofMinutes(30));
        assertThat(localParts(queue().list(BRAND))).containsExactly("in-an-hour", "in-half-an-hour", "now-low");
        assertThat(queue().list(BRAND)).extracting(QueuedCopy::status).containsOnly(CopyStatus.WAITING);
    }

    @Test
    public void listShouldFillEachCopysFieldsWithWhatTheQueueKnows() throws Exception {
        enqueue(copy(BRAND, "fresh"));
        enqueue(copy(BRAND, "deferred").failed(3, Optional.of("451 4.7.1 greylisted, come back later"))
            .dueIn(Duration.ofMinutes(30)));
        enqueue(copy(BRAND, "deferred-quietly").failed(2, Optional.empty()).dueIn(Duration.ofMinutes(10)));
        enqueue(copy(BRAND, "notice").withNullSender());
        enqueue(copy(BRAND, "premium").withPriority(MailPriority.HIGH_CLASS));

        QueuedCopy fresh = listed(BRAND, "fresh");
        assertThat(fresh.id()).isNotBlank();
        assertThat(fresh.domain()).isEqualTo(BRAND);
        assertThat(fresh.sender()).isEqualTo("sales@brand.example");
        assertThat(fresh.recipients()).containsExactly("fresh@dest.example");
        assertThat(fresh.status()).isEqualTo(CopyStatus.WAITING);
        assertThat(fresh.attempts()).isZero();
        assertThat(fresh.reason()).isEqualTo("waiting for its first attempt");
        assertThat(fresh.nextAttempt()).contains(T0);
        assertThat(fresh.queuedAt()).isEqualTo(T0);
        assertThat(fresh.priority()).isEqualTo(MailPriority.NORMAL);
        assertThat(fresh.lane()).isEqualTo(MailPriority.Lane.NORMAL);
        QueuedCopy deferred = listed(BRAND, "deferred");
        assertThat(deferred.status()).isEqualTo(CopyStatus.WAITING);
        assertThat(deferred.attempts()).isEqualTo(3);
        assertThat(deferred.reason()).isEqualTo("451 4.7.1 greylisted, come back later");
        assertThat(deferred.nextAttempt()).contains(T0.plus(Duration.ofMinutes(30)));
        assertThat(deferred.queuedAt()).isEqualTo(T0);
        QueuedCopy quiet = listed(BRAND, "deferred-quietly");
        assertThat(quiet.attempts()).isEqualTo(2);
        assertThat(quiet.reason()).isEqualTo("temporary delivery failure (2 attempt(s))");
        QueuedCopy notice = listed(BRAND, "notice");
        assertThat(notice.sender()).as("the null sender").isEmpty();
        assertThat(notice.priority()).isEqualTo(MailPriority.HIGHEST + 1);
        assertThat(notice.lane()).isEqualTo(MailPriority.Lane.NOTICE);
        assertThat(listed(BRAND, "premium").lane()).isEqualTo(MailPriority.Lane.PRIORITY);
        assertThat(listed(BRAND, "premium").priority()).isEqualTo(MailPriority.HIGH_CLASS);
        assertThat(queue().list(BRAND)).extracting(QueuedCopy::id).doesNotHaveDuplicates();
    }

    @Test
    public void aCopyBeingDeliveredShouldBeListedFirstAndNotBeActedOn() throws Exception {
        enqueueBeingDelivered(copy(BRAND, "busy"));
        enqueue(copy(BRAND, "bounce").withNullSender());
        enqueue(copy(BRAND, "waiting"));

        assertThat(localParts(queue().list(BRAND))).containsExactly("busy", "bounce", "waiting");
        QueuedCopy busy = listed(BRAND, "busy");
        assertThat(busy.status()).isEqualTo(CopyStatus.DELIVERING);
        assertThat(busy.reason()).isEqualTo("being delivered now");
        assertThat(busy.nextAttempt()).isEmpty();
        for (QueueAction action : QueueAction.values()) {
            assertThat(actOn(BRAND, action, busy.id()).refusal()).as(action.asString()).contains("being delivered now");
        }
        assertThat(listed(BRAND, "busy").status()).isEqualTo(CopyStatus.DELIVERING);
        assertThat(cancelledRecipients()).isEmpty();
    }

    @Test
    public void anotherDomainsCopyShouldBeRefusedForEveryActionAsOneThatDoesNotExist() throws Exception {
        enqueue(copy(OTHER, "theirs").dueIn(Duration.ofHours(1)));
        String theirs = listed(OTHER, "theirs").id();

        for (QueueAction action : List.of(QueueAction.RETRY, QueueAction.HOLD, QueueAction.CANCEL)) {
            assertRefusedAsUnknown(action, theirs);
        }
        QueuedCopy untouched = listed(OTHER, "theirs");
        assertThat(untouched.status()).isEqualTo(CopyStatus.WAITING);
        assertThat(untouched.nextAttempt()).as("not retried").contains(T0.plus(Duration.ofHours(1)));
        assertThat(cancelledRecipients()).isEmpty();
        assertThat(actOn(OTHER, QueueAction.HOLD, theirs).isApplied()).as("its own domain may").isTrue();
        assertRefusedAsUnknown(QueueAction.RELEASE, theirs);
        assertThat(listed(OTHER, "theirs").status()).as("still held").isEqualTo(CopyStatus.HELD);
        assertThat(queue().list(BRAND)).isEmpty();
    }

    @Test
    public void anActionShouldApplyToTheDomainsOwnCopiesAmongTheIdsAndRefuseTheOthers() throws Exception {
        enqueue(copy(BRAND, "first"));
        enqueue(copy(OTHER, "theirs"));
        enqueue(copy(BRAND, "second"));
        String first = listed(BRAND, "first").id();
        String second = listed(BRAND, "second").id();
        String theirs = listed(OTHER, "theirs").id();

        List<ActionOutcome> outcomes = queue().act(BRAND, QueueAction.HOLD, List.of(first, theirs, UNKNOWN_ID, second));

        assertThat(outcomes).extracting(ActionOutcome::id).containsExactlyInAnyOrder(first, theirs, UNKNOWN_ID, second);
        assertThat(outcomes).filteredOn(ActionOutcome::isApplied).extracting(ActionOutcome::id)
            .containsExactlyInAnyOrder(first, second);
        assertThat(outcomes).filteredOn(outcome -> !outcome.isApplied()).allSatisfy(outcome ->
            assertThat(outcome.refusal().orElseThrow()).startsWith("no such copy"));
        assertThat(queue().list(BRAND)).extracting(QueuedCopy::status).containsOnly(CopyStatus.HELD);
        assertThat(listed(OTHER, "theirs").status()).isEqualTo(CopyStatus.WAITING);
    }

    @Test
    public void holdShouldKeepTheCopyUntilReleaseGivesItBackDueNowWithItsReason() throws Exception {
        enqueue(copy(BRAND, "kept").failed(2, Optional.of("451 4.7.1 greylisted")).dueIn(Duration.ofMinutes(30)));
        String id = listed(BRAND, "kept").id();

        assertThat(actOn(BRAND, QueueAction.HOLD, id).isApplied()).isTrue();

        QueuedCopy held = listed(BRAND, "kept");
        assertThat(held.id()).isEqualTo(id);
        assertThat(held.status()).isEqualTo(CopyStatus.HELD);
        assertThat(held.reason()).isEqualTo("held by the domain's owner");
        assertThat(held.nextAttempt()).isEmpty();
        assertThat(held.attempts()).isEqualTo(2);
        assertThat(held.queuedAt()).isEqualTo(T0);
        assertThat(actOn(BRAND, QueueAction.HOLD, id).refusal()).contains("already held");
        clock.moveBy(Duration.ofHours(1));
        assertThat(listed(BRAND, "kept").status()).as("held past its time").isEqualTo(CopyStatus.HELD);

        assertThat(actOn(BRAND, QueueAction.RELEASE, id).isApplied()).isTrue();

        QueuedCopy released = listed(BRAND, "kept");
        assertThat(released.id()).isEqualTo(id);
        assertThat(released.status()).isEqualTo(CopyStatus.WAITING);
        assertThat(released.reason()).as("the reason it waited for").isEqualTo("451 4.7.1 greylisted");
        assertThat(released.nextAttempt()).as("due now, not at its former time").contains(T0.plus(Duration.ofHours(1)));
        assertThat(released.attempts()).isEqualTo(2);
        assertThat(released.queuedAt()).isEqualTo(T0);
        assertThat(actOn(BRAND, QueueAction.RELEASE, id).refusal()).contains("not held");
    }

    @Test
    public void aHeldCopyShouldBeListedAfterTheWaitingOnesAndNotBeRetriedUntilReleased() throws Exception {
        enqueue(copy(BRAND, "urgent").withPriority(MailPriority.HIGHEST));
        enqueue(copy(BRAND, "normal"));
        enqueue(copy(BRAND, "later").withPriority(1).dueIn(Duration.ofHours(1)));
        String urgent = listed(BRAND, "urgent").id();
        assertThat(localParts(queue().list(BRAND))).containsExactly("urgent", "normal", "later");

        assertThat(actOn(BRAND, QueueAction.HOLD, urgent).isApplied()).isTrue();

        assertThat(localParts(queue().list(BRAND))).containsExactly("normal", "later", "urgent");
        assertThat(actOn(BRAND, QueueAction.RETRY, urgent).refusal()).contains("held: release it to deliver it");
        assertThat(listed(BRAND, "urgent").status()).isEqualTo(CopyStatus.HELD);
        assertThat(localParts(queue().list(BRAND))).containsExactly("normal", "later", "urgent");
        assertThat(actOn(BRAND, QueueAction.RELEASE, urgent).isApplied()).isTrue();
        assertThat(localParts(queue().list(BRAND))).as("back in line, by lane").containsExactly("urgent", "normal", "later");
    }

    @Test
    public void retryShouldMakeAWaitingCopyDueNowAndLeaveADueOneAsItIs() throws Exception {
        enqueue(copy(BRAND, "in-two-hours").failed(1, Optional.empty()).dueIn(Duration.ofHours(2)));
        enqueue(copy(BRAND, "due-low").withPriority(1));
        assertThat(localParts(queue().list(BRAND))).containsExactly("due-low", "in-two-hours");
        clock.moveBy(Duration.ofMinutes(1));

        assertThat(actOn(BRAND, QueueAction.RETRY, listed(BRAND, "in-two-hours").id()).isApplied()).isTrue();
        assertThat(actOn(BRAND, QueueAction.RETRY, listed(BRAND, "due-low").id()).isApplied()).isTrue();

        QueuedCopy retried = listed(BRAND, "in-two-hours");
        assertThat(retried.status()).isEqualTo(CopyStatus.WAITING);
        assertThat(retried.nextAttempt()).contains(T0.plus(Duration.ofMinutes(1)));
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.reason()).isEqualTo("temporary delivery failure (1 attempt(s))");
        assertThat(listed(BRAND, "due-low").nextAttempt()).as("already due").contains(T0);
        assertThat(localParts(queue().list(BRAND))).as("both due, by lane").containsExactly("in-two-hours", "due-low");
    }

    @Test
    public void cancelShouldRemoveAWaitingOrHeldCopyAndHandItOnForItsBounce() throws Exception {
        enqueue(copy(BRAND, "due"));
        enqueue(copy(BRAND, "held"));
        enqueue(copy(BRAND, "later").dueIn(Duration.ofHours(1)));
        enqueue(copy(BRAND, "kept"));
        String held = listed(BRAND, "held").id();
        assertThat(actOn(BRAND, QueueAction.HOLD, held).isApplied()).isTrue();
        List<String> ids = List.of(listed(BRAND, "due").id(), held, listed(BRAND, "later").id());

        assertThat(queue().act(BRAND, QueueAction.CANCEL, ids)).allMatch(ActionOutcome::isApplied).hasSize(3);

        assertThat(localParts(queue().list(BRAND))).containsExactly("kept");
        assertThat(cancelledRecipients())
            .containsExactlyInAnyOrder("due@dest.example", "held@dest.example", "later@dest.example");
        for (String id : ids) {
            for (QueueAction action : QueueAction.values()) {
                assertThat(actOn(BRAND, action, id).refusal().orElseThrow()).as(action.asString()).startsWith("no such copy");
            }
        }
        assertThat(cancelledRecipients()).as("once each").hasSize(3);
    }

    /** The clock moved a second on, so that each copy is younger than the one before. */
    private void enqueueASecondLater(NewCopy copy) throws Exception {
        clock.moveBy(Duration.ofSeconds(1));
        enqueue(copy);
    }

    private void assertRefusedAsUnknown(QueueAction action, String id) {
        ActionOutcome outcome = actOn(BRAND, action, id);
        assertThat(outcome.isApplied()).as(action.asString()).isFalse();
        assertThat(outcome.refusal().orElseThrow()).as(action.asString()).startsWith("no such copy")
            .isEqualTo(actOn(BRAND, action, UNKNOWN_ID).refusal().orElseThrow());
    }

    /** The outcome of {@code action} on the one copy {@code id}. */
    private ActionOutcome actOn(DomainName domain, QueueAction action, String id) {
        List<ActionOutcome> outcomes = queue().act(domain, action, List.of(id));
        assertThat(outcomes).extracting(ActionOutcome::id).containsExactly(id);
        return outcomes.get(0);
    }

    /** The copy of {@code domain} listed for {@code <localPart>@dest.example}. */
    private QueuedCopy listed(DomainName domain, String localPart) {
        List<QueuedCopy> found = queue().list(domain).stream()
            .filter(copy -> copy.recipients().equals(List.of(localPart + "@dest.example")))
            .collect(Collectors.toList());
        assertThat(found).as("the copy to " + localPart).hasSize(1);
        return found.get(0);
    }

    private static List<String> recipients(List<QueuedCopy> copies) {
        return copies.stream().flatMap(copy -> copy.recipients().stream()).collect(Collectors.toList());
    }

    private static List<String> localParts(List<QueuedCopy> copies) {
        return recipients(copies).stream().map(address -> address.substring(0, address.indexOf('@')))
            .collect(Collectors.toList());
    }

    /** A copy to put in the queue, as the delivery path makes it: its domain, envelope, priority and past attempts. */
    public static final class NewCopy {
        private final DomainName domain;
        private final String recipient;
        private final Optional<String> sender;
        private final int priority;
        private final int attempts;
        private final Optional<String> lastError;
        private final Duration delay;

        NewCopy(DomainName domain, String recipient, Optional<String> sender, int priority, int attempts,
                Optional<String> lastError, Duration delay) {
            this.domain = Objects.requireNonNull(domain);
            this.recipient = Objects.requireNonNull(recipient);
            this.sender = Objects.requireNonNull(sender);
            this.priority = priority;
            this.attempts = attempts;
            this.lastError = Objects.requireNonNull(lastError);
            this.delay = Objects.requireNonNull(delay);
        }

        /** A bounce or notice: the null sender. */
        public NewCopy withNullSender() {
            return new NewCopy(domain, recipient, Optional.empty(), priority, attempts, lastError, delay);
        }

        /** James's {@code MAIL_PRIORITY}, 0-9. */
        public NewCopy withPriority(int value) {
            return new NewCopy(domain, recipient, sender, value, attempts, lastError, delay);
        }

        /** Back in the queue after {@code count} failed attempts, the last error known or none. */
        public NewCopy failed(int count, Optional<String> error) {
            return new NewCopy(domain, recipient, sender, priority, count, error, delay);
        }

        /** Due {@code wait} from now. */
        public NewCopy dueIn(Duration wait) {
            return new NewCopy(domain, recipient, sender, priority, attempts, lastError, wait);
        }

        public DomainName domain() {
            return domain;
        }

        public String recipient() {
            return recipient;
        }

        /** The envelope sender; empty for the null sender. */
        public Optional<String> sender() {
            return sender;
        }

        public int priority() {
            return priority;
        }

        public int attempts() {
            return attempts;
        }

        public Optional<String> lastError() {
            return lastError;
        }

        public Duration delay() {
            return delay;
        }
    }
}
