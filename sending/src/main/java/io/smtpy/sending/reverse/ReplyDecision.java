package io.smtpy.sending.reverse;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.smtp.SmtpStatus;

/**
 * What smtpy answers at the end of DATA for a mail to reverse aliases ({@link ReplyPolicy}): not a reply (no recipient
 * is a reverse alias), a reply to send out as the alias, or a refusal, with whether the owners are alerted (the mail
 * claimed to come from the alias's mailbox, or came from a stranger) and the reverse alias it was sent to.
 */
public final class ReplyDecision {
    public enum Verdict {
        NOT_A_REPLY,
        REPLY,
        REFUSE
    }

    private static final ReplyDecision NOT_A_REPLY = new ReplyDecision(Verdict.NOT_A_REPLY, List.of(), null, List.of(), null, false);

    private final Verdict verdict;
    private final List<ReverseAlias> through;
    private final MailAddress mailbox;
    private final List<MailAddress> dropped;
    private final SmtpStatus status;
    private final boolean alert;

    private ReplyDecision(Verdict verdict, List<ReverseAlias> through, MailAddress mailbox, List<MailAddress> dropped,
                          SmtpStatus status, boolean alert) {
        this.verdict = verdict;
        this.through = ImmutableList.copyOf(through);
        this.mailbox = mailbox;
        this.dropped = ImmutableList.copyOf(dropped);
        this.status = status;
        this.alert = alert;
    }

    public static ReplyDecision notAReply() {
        return NOT_A_REPLY;
    }

    /**
     * @param through the reverse aliases the reply was sent to, in recipient order (all of one alias)
     * @param mailbox the alias's mailbox it came from (to be removed from its header)
     * @param dropped recipients left out: the alias's own address, which a reply-all puts beside the reverse aliases
     */
    public static ReplyDecision reply(List<ReverseAlias> through, MailAddress mailbox, List<MailAddress> dropped) {
        if (through.isEmpty()) {
            throw new IllegalArgumentException("a reply goes through at least one reverse alias");
        }
        return new ReplyDecision(Verdict.REPLY, through, Objects.requireNonNull(mailbox), dropped, null, false);
    }

    /** @param through the reverse aliases concerned (the first names the alias the refusal is recorded for) */
    public static ReplyDecision refuse(List<ReverseAlias> through, SmtpStatus status, boolean alert) {
        return new ReplyDecision(Verdict.REFUSE, through, null, List.of(), Objects.requireNonNull(status), alert);
    }

    public Verdict verdict() {
        return verdict;
    }

    public List<ReverseAlias> through() {
        return through;
    }

    /** The first reverse alias: its domain and alias are the reply's. */
    public Optional<ReverseAlias> first() {
        return through.stream().findFirst();
    }

    public Optional<MailAddress> mailbox() {
        return Optional.ofNullable(mailbox);
    }

    public List<MailAddress> dropped() {
        return dropped;
    }

    public Optional<SmtpStatus> status() {
        return Optional.ofNullable(status);
    }

    /** Whether the owners should hear of this refusal: the mail was not shown to come from the alias's mailbox. */
    public boolean alert() {
        return alert;
    }

    @Override
    public String toString() {
        switch (verdict) {
            case REPLY:
                return "reply from " + mailbox + " through " + through;
            case REFUSE:
                return "refuse: " + status + (alert ? " (alert)" : "");
            default:
                return "not a reply";
        }
    }
}
