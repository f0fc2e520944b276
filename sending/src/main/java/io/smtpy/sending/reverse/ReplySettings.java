package io.smtpy.sending.reverse;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.google.common.collect.ImmutableSortedMap;

import io.smtpy.core.model.LocalPart;

/**
 * Whether a domain's forwarded mail carries reverse aliases: the domain's {@code replyThroughAlias} (off by default: it
 * changes the forwarded message, whose {@code Reply-To} becomes the reverse alias) and the aliases that override it.
 */
public final class ReplySettings {
    public static final ReplySettings DEFAULT = new ReplySettings(false, Map.of());

    private final boolean domain;
    private final Map<LocalPart, Boolean> aliases;

    public ReplySettings(boolean domain, Map<LocalPart, Boolean> aliases) {
        this.domain = domain;
        this.aliases = ImmutableSortedMap.copyOf(aliases);
    }

    /** The domain's own setting. */
    public boolean domain() {
        return domain;
    }

    /** The aliases whose setting differs from, or is set apart from, the domain's. */
    public Map<LocalPart, Boolean> aliases() {
        return aliases;
    }

    /** What applies to mail forwarded for {@code alias}: its own setting, else the domain's. */
    public boolean replyThroughAlias(Optional<LocalPart> alias) {
        return alias.map(aliases::get).orElse(domain);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReplySettings)) {
            return false;
        }
        ReplySettings other = (ReplySettings) o;
        return domain == other.domain && aliases.equals(other.aliases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, aliases);
    }

    @Override
    public String toString() {
        return "ReplySettings{domain=" + domain + ", aliases=" + aliases + "}";
    }
}
