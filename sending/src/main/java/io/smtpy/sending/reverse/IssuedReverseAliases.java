package io.smtpy.sending.reverse;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.james.core.MailAddress;

import io.smtpy.core.model.LocalPart;

/**
 * The reverse aliases one domain's copies were given, as a node last read or made them, by alias and original sender
 * (compared without case, as the store does): the value a {@code SharedCache} holds per domain. It only grows, up to
 * {@value #MAX_HELD} (then it starts afresh); a change to the domain's reverse aliases replaces it with an empty one.
 */
final class IssuedReverseAliases {
    static final int MAX_HELD = 1_000;

    /** By alias, then by original sender (lowered). */
    private final Map<LocalPart, Map<String, ReverseAlias>> held = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** The reverse alias of {@code alias} for {@code original}: from memory, else from {@code read}, then kept. */
    ReverseAlias get(LocalPart alias, MailAddress original, Supplier<ReverseAlias> read) {
        Map<String, ReverseAlias> ofAlias = held.computeIfAbsent(alias, any -> new ConcurrentHashMap<>());
        String sender = original.asString().toLowerCase(Locale.ROOT);
        ReverseAlias reverse = ofAlias.get(sender);
        if (reverse != null) {
            return reverse;
        }
        if (size.incrementAndGet() > MAX_HELD) {
            held.clear();
            size.set(0);
        }
        return ofAlias.computeIfAbsent(sender, any -> read.get());
    }
}
