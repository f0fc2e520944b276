package io.smtpy.webadmin.dto;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;

import io.smtpy.rules.AddedHeader;
import io.smtpy.rules.PostRequest;
import io.smtpy.rules.RuleEvaluation;
import io.smtpy.rules.RuleRef;
import io.smtpy.rules.TraceStep;

/**
 * What {@code POST /smtpy/domains/{domain}/rules/test} answers: each rule considered (domain rules first) with its
 * outcome, why and the actions it took, and the final decision as the mail path would apply it.
 */
public class RuleTraceDTO {
    /** A rule by its list and name. */
    public static class RuleRefDTO {
        /** {@code example.com} for a domain rule, {@code sales@example.com} for an alias rule. */
        public final String scope;
        public final String name;

        RuleRefDTO(RuleRef rule) {
            this.scope = rule.scope().asString();
            this.name = rule.name();
        }
    }

    /** One rule in the trace. */
    public static class StepDTO {
        public final String scope;
        public final String name;
        /** {@code matched}, {@code notMatched}, {@code disabled} or {@code skipped} (after a {@code stop}). */
        public final String outcome;
        public final boolean matched;
        public final String why;
        public final List<String> actions;

        StepDTO(TraceStep step) {
            this.scope = step.rule().scope().asString();
            this.name = step.rule().name();
            this.outcome = outcome(step.outcome());
            this.matched = step.matched();
            this.why = step.why();
            this.actions = step.actions();
        }

        private static String outcome(TraceStep.Outcome outcome) {
            switch (outcome) {
                case MATCHED:
                    return "matched";
                case NOT_MATCHED:
                    return "notMatched";
                case DISABLED:
                    return "disabled";
                default:
                    return "skipped";
            }
        }
    }

    /** A header field added to the delivered copies. */
    public static class HeaderDTO {
        public final String name;
        public final String value;

        HeaderDTO(AddedHeader header) {
            this.name = header.name();
            this.value = header.value();
        }
    }

    /** A post the mail path would make. */
    public static class PostDTO {
        public final String url;
        public final String format;
        public final RuleRefDTO rule;

        PostDTO(PostRequest post) {
            this.url = post.url();
            this.format = post.format().json();
            this.rule = new RuleRefDTO(post.rule());
        }
    }

    public final String sender;
    public final String recipient;
    /** The alias whose rules ran after the domain's; absent when the recipient is no alias of the domain. */
    public final Optional<String> alias;
    /** {@code deliver}, {@code drop}, {@code quarantine} or {@code reject}. */
    public final String disposition;
    public final Optional<RuleRefDTO> decidedBy;
    public final Optional<String> rejectText;
    /** The destinations a {@code forward} put in place of the alias's own; absent when none did. */
    public final Optional<List<String>> replacedDestinations;
    public final List<String> addedDestinations;
    public final List<HeaderDTO> addedHeaders;
    public final List<String> subjectPrefixes;
    public final List<PostDTO> posts;
    public final List<StepDTO> trace;

    public RuleTraceDTO(String sender, String recipient, Optional<String> alias, RuleEvaluation evaluation) {
        this.sender = sender;
        this.recipient = recipient;
        this.alias = alias;
        this.disposition = evaluation.disposition().name().toLowerCase(Locale.ROOT);
        this.decidedBy = evaluation.decidedBy().map(RuleRefDTO::new);
        this.rejectText = evaluation.rejectText();
        this.replacedDestinations = evaluation.replacedDestinations().map(RuleTraceDTO::addresses);
        this.addedDestinations = addresses(evaluation.addedDestinations());
        this.addedHeaders = evaluation.addedHeaders().stream().map(HeaderDTO::new).collect(Collectors.toList());
        this.subjectPrefixes = evaluation.subjectPrefixes();
        this.posts = evaluation.posts().stream().map(PostDTO::new).collect(Collectors.toList());
        this.trace = evaluation.trace().stream().map(StepDTO::new).collect(Collectors.toList());
    }

    private static List<String> addresses(List<MailAddress> addresses) {
        return addresses.stream().map(MailAddress::asString).collect(Collectors.toList());
    }
}
