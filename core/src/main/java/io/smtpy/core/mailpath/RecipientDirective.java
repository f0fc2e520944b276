package io.smtpy.core.mailpath;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

/**
 * What the owner's rules and lists decided for one recipient of a received mail, as {@link MessagePolicy} reads it:
 * whether it goes on at all ({@link Disposition}), where to (destinations replaced or added to the alias's own), and
 * what its copy carries in addition (header fields, a subject prefix). {@link #decidedBy} names the rule or list entry
 * for the events. A rejection never gets here: it is answered at the end of DATA, before smtpy says 250.
 */
public final class RecipientDirective {
    public enum Disposition {
        /** Forwarded as the alias says, with the changes below. */
        DELIVER,
        /** Accepted and discarded (kept for the domain's restore window), recorded. */
        DROP,
        /** Accepted and held in the quarantine until an owner releases or deletes it. */
        QUARANTINE
    }

    /** The alias's own destinations, unchanged: what a recipient no rule or list touched gets. */
    public static final RecipientDirective UNCHANGED = new RecipientDirective(Disposition.DELIVER, Optional.empty(),
        Optional.empty(), List.of(), List.of(), List.of());

    private final Disposition disposition;
    private final Optional<String> decidedBy;
    private final Optional<List<MailAddress>> replacedDestinations;
    private final List<MailAddress> addedDestinations;
    private final List<HeaderField> addedFields;
    private final List<String> subjectPrefixes;

    private RecipientDirective(Disposition disposition, Optional<String> decidedBy, Optional<List<MailAddress>> replacedDestinations,
                               List<MailAddress> addedDestinations, List<HeaderField> addedFields, List<String> subjectPrefixes) {
        this.disposition = Objects.requireNonNull(disposition);
        this.decidedBy = Objects.requireNonNull(decidedBy);
        this.replacedDestinations = replacedDestinations.map(ImmutableList::copyOf);
        this.addedDestinations = ImmutableList.copyOf(addedDestinations);
        this.addedFields = ImmutableList.copyOf(addedFields);
        this.subjectPrefixes = ImmutableList.copyOf(subjectPrefixes);
    }

    /** Discarded or quarantined, because of {@code decidedBy} (e.g. {@code rule 'x' of sales@example.com}). */
    public static RecipientDirective withhold(Disposition disposition, String decidedBy) {
        if (disposition == Disposition.DELIVER) {
            throw new IllegalArgumentException("withhold is for drop and quarantine");
        }
        return new RecipientDirective(disposition, Optional.of(decidedBy), Optional.empty(), List.of(), List.of(), List.of());
    }

    /** Forwarded, with destinations replaced and/or added, fields added and the subject prefixed. */
    public static RecipientDirective deliver(Optional<String> decidedBy, Optional<List<MailAddress>> replacedDestinations,
                                             List<MailAddress> addedDestinations, List<HeaderField> addedFields,
                                             List<String> subjectPrefixes) {
        return new RecipientDirective(Disposition.DELIVER, decidedBy, replacedDestinations, addedDestinations, addedFields,
            subjectPrefixes);
    }

    public Disposition disposition() {
        return disposition;
    }

    public Optional<String> decidedBy() {
        return decidedBy;
    }

    public Optional<List<MailAddress>> replacedDestinations() {
        return replacedDestinations;
    }

    public List<MailAddress> addedDestinations() {
        return addedDestinations;
    }

    public List<HeaderField> addedFields() {
        return addedFields;
    }

    public List<String> subjectPrefixes() {
        return subjectPrefixes;
    }

    /** Whether the recipient's copy differs from the others' (fields or subject): it then travels in a copy of its own. */
    boolean changesTheCopy() {
        return !addedFields.isEmpty() || !subjectPrefixes.isEmpty();
    }

    /** The part of the directive that shapes a copy: recipients whose directives share it share a copy. */
    Object copyShape() {
        return List.of(addedFields, subjectPrefixes);
    }

    @Override
    public String toString() {
        return disposition + decidedBy.map(by -> " by " + by).orElse("")
            + replacedDestinations.map(to -> " to " + to).orElse("")
            + (addedDestinations.isEmpty() ? "" : " also " + addedDestinations)
            + (addedFields.isEmpty() ? "" : " fields " + addedFields)
            + (subjectPrefixes.isEmpty() ? "" : " subject prefix " + subjectPrefixes);
    }
}
