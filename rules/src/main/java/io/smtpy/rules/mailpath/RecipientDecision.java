package io.smtpy.rules.mailpath;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.mailpath.RecipientDirective;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * What the owner's lists and rules decided for one recipient of a mail: refused at the end of DATA (a block entry or a
 * rule's {@code reject}), or the {@link RecipientDirective} the forwarding carries out, and the posts to make.
 */
public final class RecipientDecision {
    /** A rule's {@code post}: where, in which format, and which rule asked for it. */
    public static final class Post {
        private final String url;
        private final String format;
        private final String rule;

        public Post(String url, String format, String rule) {
            this.url = Objects.requireNonNull(url);
            this.format = Objects.requireNonNull(format);
            this.rule = Objects.requireNonNull(rule);
        }

        public String url() {
            return url;
        }

        /** {@code raw} or {@code json}. */
        public String format() {
            return format;
        }

        /** The rule, as {@code rule 'x' of sales@example.com}. */
        public String rule() {
            return rule;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Post && ((Post) o).url.equals(url) && ((Post) o).format.equals(format) && ((Post) o).rule.equals(rule);
        }

        @Override
        public int hashCode() {
            return Objects.hash(url, format, rule);
        }
    }

    private final MailAddress recipient;
    private final Optional<SmtpStatus> refusal;
    private final String refusedBy;
    private final RecipientDirective directive;
    private final List<Post> posts;

    RecipientDecision(MailAddress recipient, Optional<SmtpStatus> refusal, RecipientDirective directive, List<Post> posts) {
        this(recipient, refusal, "", directive, posts);
    }

    static RecipientDecision refused(MailAddress recipient, SmtpStatus status, String refusedBy) {
        return new RecipientDecision(recipient, Optional.of(status), refusedBy, RecipientDirective.UNCHANGED, List.of());
    }

    private RecipientDecision(MailAddress recipient, Optional<SmtpStatus> refusal, String refusedBy, RecipientDirective directive,
                              List<Post> posts) {
        this.recipient = Objects.requireNonNull(recipient);
        this.refusal = Objects.requireNonNull(refusal);
        this.refusedBy = Objects.requireNonNull(refusedBy);
        this.directive = Objects.requireNonNull(directive);
        this.posts = ImmutableList.copyOf(posts);
    }

    public MailAddress recipient() {
        return recipient;
    }

    /** Present when the mail is refused for this recipient before smtpy says 250 (the status says why). */
    public Optional<SmtpStatus> refusal() {
        return refusal;
    }

    /** The list entry or rule that refused the recipient ("" when not refused), for the owner's events. */
    public String refusedBy() {
        return refusedBy;
    }

    public RecipientDirective directive() {
        return directive;
    }

    public List<Post> posts() {
        return posts;
    }

    /** Nothing to do: delivered as the alias says, no post. */
    public boolean changesNothing() {
        return refusal.isEmpty() && directive == RecipientDirective.UNCHANGED && posts.isEmpty();
    }

    @Override
    public String toString() {
        return recipient.asString() + ": " + refusal.map(SmtpStatus::reply).orElse(directive.toString())
            + (posts.isEmpty() ? "" : ", " + posts.size() + " post(s)");
    }
}
