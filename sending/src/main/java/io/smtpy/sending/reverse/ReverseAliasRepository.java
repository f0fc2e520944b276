package io.smtpy.sending.reverse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Storage of reverse aliases and of the domains' and aliases' {@code replyThroughAlias} settings. Implementations:
 * {@link MemoryReverseAliasRepository}, {@code EmbeddedReverseAliasRepository} (SQLite); both run
 * {@code ReverseAliasRepositoryContract}.
 */
public interface ReverseAliasRepository {

    /**
     * Stores {@code candidate}, unless one already exists for its domain, alias and original sender (compared without
     * case): then that one is returned and nothing is written. Safe when two copies ask at once: one wins.
     */
    ReverseAlias addOrGet(ReverseAlias candidate);

    Optional<ReverseAlias> find(DomainName domain, AccessId id);

    /** The reverse alias an incoming address names: looked up by an index on the token, for each such RCPT. */
    Optional<ReverseAlias> findByToken(ReverseAliasToken token);

    Optional<ReverseAlias> find(DomainName domain, LocalPart alias, MailAddress original);

    /** A domain's reverse aliases (of one alias when given), oldest first (creation time, then id). */
    List<ReverseAlias> list(DomainName domain, Optional<LocalPart> alias, int limit, int offset);

    /** @return false when there is no such reverse alias */
    boolean setEnabled(DomainName domain, AccessId id, boolean enabled);

    /** Records that a reply went through it. */
    void used(DomainName domain, AccessId id, Instant at);

    boolean remove(DomainName domain, AccessId id);

    /** Removes a domain's reverse aliases and its settings; how many reverse aliases there were. */
    int removeAll(DomainName domain);

    /** The domain's setting and its aliases' overrides. */
    ReplySettings settings(DomainName domain);

    /** Sets (a value) or clears (empty: follow the domain) the domain's setting ({@code alias} empty) or an alias's. */
    void setting(DomainName domain, Optional<LocalPart> alias, Optional<Boolean> replyThroughAlias);
}
