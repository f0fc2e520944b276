package io.smtpy.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the limits counted in one SMTP transaction (MAIL FROM to the end of DATA) on port 25: the recipients accepted
 * per subject (for {@code recipientsPerMessage}, and as the multiplier of the message's bytes) and the messages
 * counted at RCPT, given back when the message is refused at the end of DATA. One session's, used by one thread.
 */
public final class InboundTransaction {
    private final String sender;
    private final Map<LimitSubject, Integer> recipients = new LinkedHashMap<>();
    private final List<LimitCounters.Taken> taken = new ArrayList<>();

    /** @param sender the envelope sender as the client gave it ({@code <>}: the null sender), for the events */
    public InboundTransaction(String sender) {
        this.sender = sender;
    }

    public String sender() {
        return sender;
    }

    int recipients(LimitSubject subject) {
        return recipients.getOrDefault(subject, 0);
    }

    Map<LimitSubject, Integer> recipientsBySubject() {
        return recipients;
    }

    void accepted(List<LimitSubject> subjects, List<LimitCounters.Taken> counted) {
        subjects.forEach(subject -> recipients.merge(subject, 1, Integer::sum));
        taken.addAll(counted);
    }

    List<LimitCounters.Taken> taken() {
        return taken;
    }
}
