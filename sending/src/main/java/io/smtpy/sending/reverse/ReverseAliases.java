package io.smtpy.sending.reverse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;

import io.smtpy.access.AccessId;
import io.smtpy.core.cluster.SharedCache;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * The reverse aliases of smtpy's domains and the {@code replyThroughAlias} settings:
 * <ul>
 *   <li>the forwarding path asks {@link #replyThroughAlias} for each copy (answered from memory: each domain's
 *       settings are read once and forgotten when changed here) and {@link #replyAddress} for the copy's
 *       {@code Reply-To} (one stored reverse alias per alias and original sender, made the first time, then kept in
 *       memory: up to {@value IssuedReverseAliases#MAX_HELD} correspondents per domain);</li>
 *   <li>the MX asks {@link #ofAddress} for a recipient of the {@code ra+<token>} form (one indexed read);</li>
 *   <li>owners list, disable, enable and delete them, and change the settings.</li>
 * </ul>
 * Settings and reverse aliases are cached per node, and follow the other nodes of a cluster ({@link #sharedIndex()},
 * topic {@code reply-settings}; {@link #issuedIndex()}, topic {@code reverse-aliases}: a reverse alias disabled, enabled
 * or removed through any node is forgotten by every node's memory within a second). A new reverse alias needs no
 * change: memory keeps only those read or made, never that there is none.
 */
public class ReverseAliases {
    /** A domain's {@code replyThroughAlias} settings changed, or went with the domain; the key is the domain. */
    public static final Topic<DomainName> TOPIC = Topic.ofDomains("reply-settings");
    /** A domain's reverse aliases were disabled, enabled or removed, or went with the domain; the key is the domain. */
    public static final Topic<DomainName> ISSUED_TOPIC = Topic.ofDomains("reverse-aliases");

    private final ReverseAliasRepository repository;
    private final Clock clock;
    private final SharedCache<DomainName, ReplySettings> settings;
    /** Reading a domain again is forgetting what it holds: each reverse alias is read again on its next use. */
    private final SharedCache<DomainName, IssuedReverseAliases> issued =
        new SharedCache<>(ISSUED_TOPIC, domain -> new IssuedReverseAliases());

    @Inject
    public ReverseAliases(ReverseAliasRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        this.settings = new SharedCache<>(TOPIC, repository::settings);
    }

    public ReplySettings settings(DomainName domain) {
        return settings.get(domain);
    }

    /** The domains' settings held in memory: what follows the changes made through the other nodes. */
    public SharedIndex<DomainName> sharedIndex() {
        return settings;
    }

    /** The reverse aliases held in memory for the forwarding path: what follows the changes made through other nodes. */
    public SharedIndex<DomainName> issuedIndex() {
        return issued;
    }

    /** Whether copies forwarded for {@code alias} (empty: an address that is no alias, say a catch-all's) carry a reverse alias. */
    public boolean replyThroughAlias(DomainName domain, Optional<LocalPart> alias) {
        return settings(domain).replyThroughAlias(alias);
    }

    /** Sets the domain's setting ({@code alias} empty) or an alias's; an alias's empty value follows the domain again. */
    public ReplySettings changeSetting(DomainName domain, Optional<LocalPart> alias, Optional<Boolean> replyThroughAlias) {
        repository.setting(domain, alias, replyThroughAlias);
        settings.changed(domain);
        return settings(domain);
    }

    /** The reverse alias of {@code alias} for {@code original}, made now if there is none yet (an existing one, even disabled, is kept). */
    public ReverseAlias replyAddress(DomainName domain, LocalPart alias, MailAddress original, String originalName) {
        return issued.get(domain).get(alias, original, () -> repository.find(domain, alias, original)
            .orElseGet(() -> repository.addOrGet(ReverseAlias.issue(domain, alias, original, originalName, clock.instant()))));
    }

    /**
     * The {@code Reply-To} of a copy forwarded for {@code alias} of {@code domain} when its setting asks for one: a reverse
     * alias for each address a reply would go to (the original's {@code Reply-To}, else its {@code From}), shown with the
     * original's display name (or its address written {@code sender at example.com}, which no client takes for an
     * address). Empty when the setting is off or the original names nobody to reply to.
     *
     * @param replyTo the values of the original's {@code Reply-To} fields
     * @param from the values of its {@code From} fields
     */
    public Optional<String> replyTo(DomainName domain, Optional<LocalPart> alias, List<String> replyTo, List<String> from) {
        if (alias.isEmpty() || !replyThroughAlias(domain, alias)) {
            return Optional.empty();
        }
        List<InternetAddress> targets = ReplyPolicy.addresses(replyTo);
        if (targets.stream().map(ReplyPolicy::mailAddress).allMatch(Optional::isEmpty)) {
            targets = ReplyPolicy.addresses(from);
        }
        List<String> written = new ArrayList<>();
        for (InternetAddress target : targets) {
            Optional<MailAddress> original = ReplyPolicy.mailAddress(target);
            if (original.isEmpty()) {
                continue;
            }
            String name = Optional.ofNullable(target.getPersonal()).map(String::trim).orElse("");
            ReverseAlias reverse = replyAddress(domain, alias.get(), original.get(), name);
            if (!reverse.enabled()) {
                // The owner disabled it: replies go to the original as they would without smtpy.
                continue;
            }
            String shown = reverse.originalName().isEmpty() ? reverse.original().asString().replace("@", " at ") : reverse.originalName();
            written.add(ReplyHeaders.withPersonal(reverse.address().asString(), shown).toString());
        }
        return written.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", written));
    }

    /** The reverse alias an address names ({@code ra+<token>@} one of its domain), enabled or not; empty for any other address. */
    public Optional<ReverseAlias> ofAddress(MailAddress address) {
        return ReverseAliasToken.of(address)
            .flatMap(repository::findByToken)
            .filter(reverse -> reverse.domain().asString().equalsIgnoreCase(address.getDomain().asString()));
    }

    public void used(ReverseAlias reverse) {
        repository.used(reverse.domain(), reverse.id(), clock.instant());
    }

    public List<ReverseAlias> list(DomainName domain, Optional<LocalPart> alias, int limit, int offset) {
        return repository.list(domain, alias, limit, offset);
    }

    public Optional<ReverseAlias> find(DomainName domain, AccessId id) {
        return repository.find(domain, id);
    }

    /** @return the reverse alias as it is now, empty when there is none */
    public Optional<ReverseAlias> setEnabled(DomainName domain, AccessId id, boolean enabled) {
        repository.setEnabled(domain, id, enabled);
        issued.changed(domain);
        return repository.find(domain, id);
    }

    public boolean remove(DomainName domain, AccessId id) {
        boolean removed = repository.remove(domain, id);
        issued.changed(domain);
        return removed;
    }

    /** With the domain: its reverse aliases and settings. */
    public int removeAll(DomainName domain) {
        int removed = repository.removeAll(domain);
        settings.changed(domain);
        issued.changed(domain);
        return removed;
    }
}
