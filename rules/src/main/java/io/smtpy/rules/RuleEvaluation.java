package io.smtpy.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

/**
 * What a recipient's rules decided for one mail: the disposition and the rule that set it, changes to the
 * destinations and to the delivered copies, posts to make, and the trace of every rule considered.
 */
public final class RuleEvaluation {
    /** The rejection text when a {@code reject} gives none. */
    public static final String DEFAULT_REJECT_TEXT = "rejected by the recipient's rules";

    private final Disposition disposition;
    private final Optional<RuleRef> decidedBy;
    private final Optional<String> rejectText;
    private final Optional<List<MailAddress>> replacedDestinations;
    private final List<MailAddress> addedDestinations;
    private final List<AddedHeader> addedHeaders;
    private final List<String> subjectPrefixes;
    private final List<PostRequest> posts;
    private final List<TraceStep> trace;

    private RuleEvaluation(Builder builder) {
        this.disposition = builder.disposition;
        this.decidedBy = Optional.ofNullable(builder.decidedBy);
        this.rejectText = Optional.ofNullable(builder.rejectText);
        this.replacedDestinations = Optional.ofNullable(builder.replaced).map(ImmutableList::copyOf);
        this.addedDestinations = ImmutableList.copyOf(builder.added);
        this.addedHeaders = ImmutableList.copyOf(builder.headers);
        this.subjectPrefixes = ImmutableList.copyOf(builder.prefixes);
        this.posts = ImmutableList.copyOf(builder.posts);
        this.trace = ImmutableList.copyOf(builder.trace);
    }

    /** Deliver as addressed, nothing changed, no rule considered. */
    public static RuleEvaluation nothing() {
        return new Builder().build();
    }

    public Disposition disposition() {
        return disposition;
    }

    /** The first rule that set the strongest disposition; empty when delivered as no rule said otherwise. */
    public Optional<RuleRef> decidedBy() {
        return decidedBy;
    }

    /** Present when rejected: the owner's text or {@link #DEFAULT_REJECT_TEXT}. */
    public Optional<String> rejectText() {
        return rejectText;
    }

    /** The destinations of the last {@code forward}, replacing the recipient's own; empty when none matched. */
    public Optional<List<MailAddress>> replacedDestinations() {
        return replacedDestinations;
    }

    /** Destinations added by {@code alsoForward}, in order, without duplicates. */
    public List<MailAddress> addedDestinations() {
        return addedDestinations;
    }

    public List<AddedHeader> addedHeaders() {
        return addedHeaders;
    }

    /** Distinct prefixes in the order first asked for: each is put once before the subject. */
    public List<String> subjectPrefixes() {
        return subjectPrefixes;
    }

    public List<PostRequest> posts() {
        return posts;
    }

    /** One step per rule considered, domain rules first. */
    public List<TraceStep> trace() {
        return trace;
    }

    /** True when the mail goes on exactly as if there were no rules. */
    public boolean changesNothing() {
        return disposition == Disposition.DELIVER && replacedDestinations.isEmpty() && addedDestinations.isEmpty()
            && addedHeaders.isEmpty() && subjectPrefixes.isEmpty() && posts.isEmpty();
    }

    @Override
    public String toString() {
        return disposition + decidedBy.map(rule -> " by " + rule.asString()).orElse("")
            + replacedDestinations.map(to -> ", forward to " + to).orElse("")
            + (addedDestinations.isEmpty() ? "" : ", also to " + addedDestinations)
            + (addedHeaders.isEmpty() ? "" : ", headers " + addedHeaders)
            + (subjectPrefixes.isEmpty() ? "" : ", prefixes " + subjectPrefixes)
            + (posts.isEmpty() ? "" : ", " + posts);
    }

    /** Accumulates the actions of matched rules in evaluation order. */
    static final class Builder {
        private Disposition disposition = Disposition.DELIVER;
        private RuleRef decidedBy;
        private String rejectText;
        private List<MailAddress> replaced;
        private final Set<MailAddress> added = new LinkedHashSet<>();
        private final List<AddedHeader> headers = new ArrayList<>();
        private final Set<String> prefixes = new LinkedHashSet<>();
        private final List<PostRequest> posts = new ArrayList<>();
        private final List<TraceStep> trace = new ArrayList<>();

        /** Returns whether evaluation goes on (false after {@code stop}). */
        boolean apply(RuleRef rule, RuleAction action) {
            switch (action.type()) {
                case FORWARD:
                    replaced = action.to();
                    return true;
                case ALSO_FORWARD:
                    added.addAll(action.to());
                    return true;
                case POST:
                    posts.add(new PostRequest(action.url().get(), action.format().get(), rule));
                    return true;
                case DROP:
                    dispose(Disposition.DROP, rule, null);
                    return true;
                case QUARANTINE:
                    dispose(Disposition.QUARANTINE, rule, null);
                    return true;
                case REJECT:
                    dispose(Disposition.REJECT, rule, action.rejectText().orElse(DEFAULT_REJECT_TEXT));
                    return true;
                case ADD_HEADER:
                    headers.add(new AddedHeader(action.headerName().get(), action.headerValue().get()));
                    return true;
                case PREFIX_SUBJECT:
                    prefixes.add(action.prefix().get());
                    return true;
                case STOP:
                    return false;
                default:
                    throw new IllegalStateException("unknown action " + action.type());
            }
        }

        private void dispose(Disposition wanted, RuleRef rule, String text) {
            // Strictly stronger only: the first rule that set the strongest disposition decides.
            if (wanted.strongerThan(disposition)) {
                disposition = wanted;
                decidedBy = rule;
                rejectText = text;
            }
        }

        void step(TraceStep step) {
            trace.add(step);
        }

        RuleEvaluation build() {
            return new RuleEvaluation(this);
        }
    }
}
