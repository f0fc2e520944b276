package io.smtpy.core.mailpath;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;

/**
 * One copy smtpy sends for a mail: for the aliases of one forwarding domain, to their destinations, with the
 * envelope sender after SRS, the header fields written in front of the original bytes, and the signatures the
 * relay processor makes ({@code forwardedSignatures} of the domain; no ARC set for a mail that was not checked).
 */
public final class CopyPlan {
    private final DomainName forwardingDomain;
    private final List<MailAddress> aliases;
    private final MaybeSender envelopeSender;
    private final List<MailAddress> destinations;
    private final List<HeaderField> fieldsInFront;
    private final boolean arcSeal;
    private final boolean dkimSign;
    private final boolean returnedMail;
    private final Optional<String> subjectPrefix;
    private final boolean archive;

    CopyPlan(DomainName forwardingDomain, List<MailAddress> aliases, MaybeSender envelopeSender, List<MailAddress> destinations,
             List<HeaderField> fieldsInFront, boolean arcSeal, boolean dkimSign, boolean returnedMail, Optional<String> subjectPrefix,
             boolean archive) {
        this.forwardingDomain = Objects.requireNonNull(forwardingDomain);
        this.aliases = ImmutableList.copyOf(aliases);
        this.envelopeSender = Objects.requireNonNull(envelopeSender);
        this.destinations = ImmutableList.copyOf(destinations);
        this.fieldsInFront = ImmutableList.copyOf(fieldsInFront);
        this.arcSeal = arcSeal;
        this.dkimSign = dkimSign;
        this.returnedMail = returnedMail;
        this.subjectPrefix = Objects.requireNonNull(subjectPrefix);
        this.archive = archive;
    }

    /** The domain whose SRS address, ARC set and DKIM signature the copy carries. */
    public DomainName forwardingDomain() {
        return forwardingDomain;
    }

    /** The recipients of the received mail this copy serves. */
    public List<MailAddress> aliases() {
        return aliases;
    }

    public MaybeSender envelopeSender() {
        return envelopeSender;
    }

    public List<MailAddress> destinations() {
        return destinations;
    }

    /** The same copy to other destinations: what is left of it once some were withheld (suppressed, for one). */
    public CopyPlan withDestinations(List<MailAddress> destinations) {
        return new CopyPlan(forwardingDomain, aliases, envelopeSender, destinations, fieldsInFront, arcSeal, dkimSign, returnedMail,
            subjectPrefix, archive);
    }

    /** In the order they go in front of the original header. */
    public List<HeaderField> fieldsInFront() {
        return fieldsInFront;
    }

    public boolean arcSeal() {
        return arcSeal;
    }

    public boolean dkimSign() {
        return dkimSign;
    }

    /** Mail to an SRS address going back to the original sender: its envelope sender is kept, not rewritten. */
    public boolean returnedMail() {
        return returnedMail;
    }

    /**
     * Present when the owner's rules prefix the subject: the copy's {@code Subject} is this, a space, and the original
     * subject (which then no longer matches a sender's DKIM signature that covered it; the ARC set vouches for it).
     */
    public Optional<String> subjectPrefix() {
        return subjectPrefix;
    }

    /** The domain's archive copy ({@code archiveAddress}), made for every accepted mail whatever happened to it. */
    public boolean archive() {
        return archive;
    }

    @Override
    public String toString() {
        return (archive ? "archive " : "") + "copy for " + aliases + " from " + envelopeSender.asString() + " to " + destinations
            + (arcSeal ? ", ARC" : "") + (dkimSign ? ", DKIM" : "");
    }
}
