package io.smtpy.rules.quarantine;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.rules.mime.MessageContent;

/**
 * The quarantine as owners and the mail path use it: hold a mail, list and preview what is held, release it (back into
 * the mail path through {@link MailReinjection}) or delete it, and expire what outlived its retention.
 *
 * <p>Every change is a mail event: {@code quarantined} (or {@code dropped}, for a dropped mail kept for the restore
 * window) on hold, {@code released} on release, {@code discarded} when a held mail is deleted or expires.
 */
public class Quarantine {
    /** Bulk operations handle at most this many mails per call. */
    public static final int MAX_BULK = 1000;
    /** The length of a preview's text. */
    public static final int PREVIEW_CHARS = 2000;
    /** Header texts kept in the metadata are cut to this length: the full header is in the bytes. */
    static final int MAX_HEADER_TEXT = 998;
    private static final int EXPIRY_BATCH = 1000;

    private final QuarantineRepository repository;
    private final MailReinjection reinjection;
    private final MailEvents events;
    private final Clock clock;
    private final QuarantineSettings settings;
    /** Mails being released now: a second release of one of them is refused rather than delivered twice. */
    private final Set<QuarantineId> releasing = ConcurrentHashMap.newKeySet();

    @Inject
    public Quarantine(QuarantineRepository repository, MailReinjection reinjection, MailEvents events, Clock clock,
                      QuarantineSettings settings) {
        this.repository = repository;
        this.reinjection = reinjection;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Keeps the mail, held, until its retention ends (by kind, {@link QuarantineSettings}). Subject, From and Message-ID
     * are read from the bytes; a broken header leaves them empty, it never fails the hold.
     *
     * @throws MessageTooLargeException when the message is larger than the quarantine takes: the caller delivers it
     */
    public QuarantinedMail hold(Hold hold) {
        byte[] message = hold.message();
        if (message.length > settings.maxMessageBytes()) {
            throw new MessageTooLargeException("a message of " + message.length + " bytes is larger than the "
                + settings.maxMessageBytes() + " bytes the quarantine keeps");
        }
        MessageContent header = MessageContent.header(message);
        Instant now = clock.instant();
        QuarantinedMail mail = QuarantinedMail.builder(QuarantineId.random(), hold.domain(), hold.kind(), now,
                now.plus(settings.retention(hold.kind())))
            .alias(hold.alias())
            .sender(hold.sender())
            .recipients(hold.recipients())
            .reason(hold.reason())
            .decidedBy(hold.decidedBy())
            .verdicts(hold.verdicts())
            .subject(headerText(header, "subject"))
            .headerFrom(headerText(header, "from"))
            .messageId(headerText(header, "message-id"))
            .size(message.length)
            .build();
        repository.put(mail, message);
        MailEventType type = hold.kind() == QuarantineKind.DROPPED ? MailEventType.DROPPED : MailEventType.QUARANTINED;
        events.record(event(mail, type).mailId(hold.mailId()).detail(detail(mail.reason(), mail.decidedBy())).build());
        return mail;
    }

    private static Optional<String> headerText(MessageContent header, String name) {
        return header.first(name).filter(value -> !value.isBlank()).map(value -> cut(value, MAX_HEADER_TEXT));
    }

    private static String detail(String reason, String decidedBy) {
        if (decidedBy.isEmpty()) {
            return reason;
        }
        return reason.isEmpty() ? decidedBy : reason + " (" + decidedBy + ")";
    }

    private MailEvent.Builder event(QuarantinedMail mail, MailEventType type) {
        return MailEvent.builder(mail.domain(), type, clock.instant())
            .alias(mail.alias())
            .messageId(mail.messageId())
            .sender(mail.sender().asString())
            .recipients(mail.recipients().stream().map(MailAddress::asString).collect(Collectors.toList()));
    }

    public QuarantinePage list(QuarantineQuery query) {
        return repository.list(query);
    }

    public Optional<QuarantinedMail> find(DomainName domain, QuarantineId id) {
        return repository.find(domain, id);
    }

    /** The header fields, a safe text preview and the attachments of the mail; empty when it is not stored. */
    public Optional<Preview> preview(DomainName domain, QuarantineId id) {
        return repository.message(domain, id).map(bytes -> {
            MessageContent content = MessageContent.parse(bytes);
            String text = content.plainText().isBlank() ? content.htmlText() : content.plainText();
            String trimmed = text.strip();
            return new Preview(content.fields(), cut(trimmed, PREVIEW_CHARS), trimmed.length() > PREVIEW_CHARS,
                content.attachments());
        });
    }

    /** The bytes as received, for download. */
    public Optional<byte[]> raw(DomainName domain, QuarantineId id) {
        return repository.message(domain, id);
    }

    /**
     * Hands the mail back to the mail path for its original recipients, then marks it released. If the hand-over
     * fails, the mail stays held and the exception goes to the caller.
     *
     * @throws NotFoundException when the domain holds no such mail
     * @throws QuarantineStateException when it is not held (released already, or being released right now)
     */
    public QuarantinedMail release(DomainName domain, QuarantineId id) {
        if (!releasing.add(id)) {
            throw new QuarantineStateException("quarantined mail " + id + " is being released already");
        }
        try {
            QuarantinedMail mail = repository.find(domain, id).orElseThrow(() -> notFound(domain, id));
            if (mail.state() != QuarantineState.HELD) {
                throw new QuarantineStateException("quarantined mail " + id + " is " + mail.state().asString()
                    + ", only a held mail can be released");
            }
            byte[] message = repository.message(domain, id).orElseThrow(() -> notFound(domain, id));
            reinjection.reinject(mail.sender(), mail.recipients(), message, mail);
            QuarantinedMail released = mail.released(clock.instant());
            repository.update(released);
            events.record(event(released, MailEventType.RELEASED).detail(detail("released from the quarantine", mail.decidedBy())).build());
            return released;
        } finally {
            releasing.remove(id);
        }
    }

    private static NotFoundException notFound(DomainName domain, QuarantineId id) {
        return new NotFoundException("no quarantined mail " + id + " in domain " + domain);
    }

    /** Deletes the mail and its bytes; @return whether it was stored */
    public boolean delete(DomainName domain, QuarantineId id) {
        Optional<QuarantinedMail> mail = repository.find(domain, id);
        if (mail.isEmpty() || !repository.delete(domain, id)) {
            return false;
        }
        if (mail.get().state() == QuarantineState.HELD) {
            events.record(event(mail.get(), MailEventType.DISCARDED).detail("deleted from the quarantine").build());
        }
        return true;
    }

    /**
     * Releases the held mails passing the query (whatever its state filter, its paging ignored), at most
     * {@value #MAX_BULK} per call; a mail that fails is reported and the others go on.
     */
    public BulkResult releaseAll(QuarantineQuery query) {
        QuarantinePage page = repository.list(query.state(QuarantineState.HELD).offset(0).limit(MAX_BULK));
        int done = 0;
        Map<QuarantineId, String> failures = new LinkedHashMap<>();
        for (QuarantinedMail mail : page.items()) {
            try {
                release(mail.domain(), mail.id());
                done++;
            } catch (RuntimeException e) {
                failures.put(mail.id(), String.valueOf(e.getMessage()));
            }
        }
        return new BulkResult(done, failures, page.total() > page.items().size());
    }

    /** Deletes the mails passing the query (its paging ignored), at most {@value #MAX_BULK} per call. */
    public BulkResult deleteAll(QuarantineQuery query) {
        QuarantinePage page = repository.list(query.offset(0).limit(MAX_BULK));
        int done = 0;
        Map<QuarantineId, String> failures = new LinkedHashMap<>();
        for (QuarantinedMail mail : page.items()) {
            try {
                if (delete(mail.domain(), mail.id())) {
                    done++;
                }
            } catch (RuntimeException e) {
                failures.put(mail.id(), String.valueOf(e.getMessage()));
            }
        }
        return new BulkResult(done, failures, page.total() > page.items().size());
    }

    /**
     * Deletes every mail whose retention has ended (held or released: a released mail's record goes too), recording
     * {@code discarded} for the held ones. Called on a schedule.
     *
     * @return how many were deleted
     */
    public int expire() {
        Instant now = clock.instant();
        int deleted = 0;
        List<QuarantinedMail> batch;
        int deletedInBatch;
        do {
            batch = repository.expired(now, EXPIRY_BATCH);
            deletedInBatch = 0;
            for (QuarantinedMail mail : batch) {
                if (repository.delete(mail.domain(), mail.id())) {
                    deletedInBatch++;
                    if (mail.state() == QuarantineState.HELD) {
                        events.record(event(mail, MailEventType.DISCARDED)
                            .detail("expired after " + settings.retention(mail.kind()).toDays() + " days in the quarantine").build());
                    }
                }
            }
            deleted += deletedInBatch;
        } while (batch.size() == EXPIRY_BATCH && deletedInBatch > 0);
        return deleted;
    }

    /** Deletes every mail of the domain, without events (the domain is being deleted). */
    public void deleteDomain(DomainName domain) {
        repository.deleteDomain(domain);
    }

    /** Cuts the text to at most {@code length} characters, never between the halves of a surrogate pair. */
    private static String cut(String text, int length) {
        if (text.length() <= length) {
            return text;
        }
        int end = Character.isLowSurrogate(text.charAt(length)) ? length - 1 : length;
        return text.substring(0, end);
    }
}
