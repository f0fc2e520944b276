package io.smtpy.auth.dmarc;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Author Domain of a message (RFC 7489 §3.1, §6.6.1): the domain of the mailbox in its RFC5322.From field, in
 * lower-case A-labels, or why there is none.
 *
 * <p>Exactly one From field is required. Several mailboxes in it are accepted only when they share one domain
 * (then that domain is the Author Domain); mailboxes in different domains are {@link AuthorProblem#SEVERAL_AUTHOR_DOMAINS},
 * never evaluated one by one, so adding a second author cannot make a message pass.
 */
public final class AuthorDomain {
    private static final String FROM = "From";

    private final Optional<String> domain;
    private final Optional<AuthorProblem> problem;
    private final Optional<String> description;

    private AuthorDomain(Optional<String> domain, Optional<AuthorProblem> problem, Optional<String> description) {
        this.domain = domain;
        this.problem = problem;
        this.description = description;
    }

    /** A known Author Domain, e.g. for callers that parsed the message themselves; must be a valid domain. */
    public static AuthorDomain of(String domain) {
        String ascii = AsciiDomain.of(domain)
            .orElseThrow(() -> new IllegalArgumentException("'" + domain + "' is not a domain name"));
        return new AuthorDomain(Optional.of(ascii), Optional.empty(), Optional.empty());
    }

    /** The Author Domain of a raw message (header block, blank line, body; CRLF or LF line ends). */
    public static AuthorDomain fromMessage(byte[] message) {
        HeaderFieldScan from = HeaderFieldScan.of(message == null ? new byte[0] : message, FROM, 1);
        if (from.count() == 0) {
            return problem(AuthorProblem.NO_FROM_FIELD, "the message has no From field");
        }
        if (from.count() > 1) {
            return problem(AuthorProblem.SEVERAL_FROM_FIELDS, "the message has " + from.count() + " From fields");
        }
        if (from.truncated()) {
            return problem(AuthorProblem.NO_AUTHOR_DOMAIN,
                "the From field is longer than " + HeaderFieldScan.MAX_VALUE_BYTES + " bytes");
        }
        return fromFieldValue(from.values().get(0));
    }

    /** The Author Domain named by the (unfolded) value of a message's only From field. */
    public static AuthorDomain fromFieldValue(String value) {
        AddressList addresses = AddressList.parse(value);
        if (addresses.error().isPresent()) {
            return problem(AuthorProblem.NO_AUTHOR_DOMAIN, "the From field is not an address list: " + addresses.error().get());
        }
        if (addresses.domains().isEmpty()) {
            return problem(AuthorProblem.NO_AUTHOR_DOMAIN, "the From field names no mailbox");
        }
        Set<String> domains = new LinkedHashSet<>();
        for (String text : addresses.domains()) {
            if (text.startsWith("[")) {
                return problem(AuthorProblem.NO_AUTHOR_DOMAIN, "the From address has an address literal, not a domain");
            }
            Optional<String> ascii = AsciiDomain.of(text);
            if (ascii.isEmpty()) {
                return problem(AuthorProblem.NO_AUTHOR_DOMAIN, "the From domain is not a domain name");
            }
            domains.add(ascii.get());
        }
        if (domains.size() > 1) {
            return problem(AuthorProblem.SEVERAL_AUTHOR_DOMAINS, "the From field names " + addresses.domains().size()
                + " mailboxes in " + domains.size() + " domains");
        }
        return new AuthorDomain(Optional.of(domains.iterator().next()), Optional.empty(), Optional.empty());
    }

    private static AuthorDomain problem(AuthorProblem problem, String description) {
        return new AuthorDomain(Optional.empty(), Optional.of(problem), Optional.of(description));
    }

    /** The Author Domain, lower-case A-labels; empty when there is a {@link #problem()}. */
    public Optional<String> domain() {
        return domain;
    }

    public Optional<AuthorProblem> problem() {
        return problem;
    }

    /** What is wrong, in words, when there is a {@link #problem()}. */
    public Optional<String> description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuthorDomain)) {
            return false;
        }
        AuthorDomain other = (AuthorDomain) o;
        return domain.equals(other.domain) && problem.equals(other.problem) && description.equals(other.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, problem, description);
    }

    @Override
    public String toString() {
        return domain.orElseGet(() -> problem.get() + ": " + description.get());
    }
}
