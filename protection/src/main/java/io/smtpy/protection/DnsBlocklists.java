package io.smtpy.protection;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.dns.DnsLookupException;

/**
 * Asks DNS blocklists (DNSBL, RFC 5782) whether an address is listed: the address's octets (IPv4) or nibbles (IPv6)
 * reversed, then the zone ({@code 2.0.0.127.zen.example} for 127.0.0.2), asked for A records. An answer in
 * 127.0.0.0/8 means listed; the zone's TXT record at the same name, if any, is the reason. NXDOMAIN means not listed.
 *
 * <p>A broken blocklist never blocks mail: a lookup that fails (timeout, SERVFAIL) counts as not listed and is
 * counted in {@link #errors()}, and so is an answer in 127.255.255.0/24, which large blocklists send to say they refuse
 * to answer (an open resolver, a quota) rather than that the address is listed.
 *
 * <p>Results are kept per address for {@link #CACHE_TIME} on the injected clock (a client opening many connections is
 * looked up once), at most {@link ProtectionSettings#maxTrackedClients()} addresses, least recently used dropped first.
 */
public class DnsBlocklists {
    public static final Duration CACHE_TIME = Duration.ofMinutes(5);
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsBlocklists.class);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final DnsLookup dns;
    private final List<String> zones;
    private final Clock clock;
    private final int maxEntries;
    private final Map<InetAddress, Cached> cache;
    private final Map<String, LongAdder> hits = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();

    public DnsBlocklists(DnsLookup dns, ProtectionSettings settings, Clock clock) {
        this.dns = dns;
        this.zones = settings.dnsblZones();
        this.clock = clock;
        this.maxEntries = settings.maxTrackedClients();
        this.cache = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The first zone (in the configured order) listing {@code address}, or empty when none does or none answers. */
    public Optional<BlocklistListing> check(InetAddress address) {
        if (zones.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (cache) {
            Cached cached = cache.get(address);
            if (cached != null && now.isBefore(cached.expires)) {
                return cached.listing;
            }
        }
        // Asked outside the lock: DNS may take seconds and other clients must not wait for this one's answer.
        Optional<BlocklistListing> listing = lookUp(address);
        synchronized (cache) {
            cache.put(address, new Cached(listing, now.plus(CACHE_TIME)));
            while (cache.size() > maxEntries) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        listing.ifPresent(found -> hits.computeIfAbsent(found.zone(), zone -> new LongAdder()).increment());
        return listing;
    }

    private Optional<BlocklistListing> lookUp(InetAddress address) {
        String reversed = reversed(address);
        for (String zone : zones) {
            String name = reversed + "." + zone;
            try {
                List<Inet4Address> answers = dns.a(name);
                if (answers.stream().anyMatch(DnsBlocklists::refusalToAnswer)) {
                    failed(name, "the blocklist refuses to answer (" + answers + ")");
                } else if (answers.stream().anyMatch(answer -> answer.getAddress()[0] == 127)) {
                    return Optional.of(new BlocklistListing(zone, reason(name)));
                }
            } catch (DnsLookupException | RuntimeException e) {
                failed(name, e.getMessage());
            }
        }
        return Optional.empty();
    }

    private Optional<String> reason(String name) {
        try {
            return dns.txt(name).stream().findFirst();
        } catch (DnsLookupException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void failed(String name, String why) {
        long count = errors.incrementAndGet();
        if (count == 1 || count % 100 == 0) {
            LOGGER.warn("DNS blocklist lookup {} failed, taken as not listed ({} failure(s) so far, logged once per 100): {}",
                name, count, why);
        }
    }

    private static boolean refusalToAnswer(Inet4Address answer) {
        byte[] bytes = answer.getAddress();
        return bytes[0] == 127 && bytes[1] == (byte) 255 && bytes[2] == (byte) 255;
    }

    /** {@code 2.0.0.127} for 127.0.0.2; for IPv6 the 32 nibbles, last first, dot-separated (RFC 5782 §2.4). */
    static String reversed(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder();
        for (int i = bytes.length - 1; i >= 0; i--) {
            int value = bytes[i] & 0xff;
            if (bytes.length == 4) {
                name.append(value);
            } else {
                name.append(HEX[value & 0x0f]).append('.').append(HEX[value >> 4]);
            }
            if (i > 0) {
                name.append('.');
            }
        }
        return name.toString();
    }

    /** Listed addresses found per zone since start (a cached answer is not counted again). */
    public Map<String, Long> hits() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String zone : zones) {
            counts.put(zone, Optional.ofNullable(hits.get(zone)).map(LongAdder::sum).orElse(0L));
        }
        return counts;
    }

    /** Lookups that failed or were refused and were taken as "not listed". */
    public long errors() {
        return errors.get();
    }

    private static final class Cached {
        private final Optional<BlocklistListing> listing;
        private final Instant expires;

        private Cached(Optional<BlocklistListing> listing, Instant expires) {
            this.listing = listing;
            this.expires = expires;
        }
    }
}
