package io.smtpy.sending.pools;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.common.net.InetAddresses;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.sending.queue.PriorityClass;

/**
 * The operator's outbound source-address pools (issue 16 item 8), so that one domain's sending reputation does not
 * sink another's: which address a copy's delivery connections leave from. Settings in {@code smtpy.properties}:
 * <pre>
 * pools.premium.addresses=192.0.2.10,192.0.2.11   # IP literals of this machine, IPv4 or IPv6
 * pools.premium.domains=a.example,b.example      # these domains' mail leaves from this pool
 * pools.premium.classes=high                     # and the mail of every domain of these classes (queue.priorityDomains)
 * pools.shared.addresses=192.0.2.20
 * pools.default=shared                           # every other copy; unset: the machine's default route
 * </pre>
 * A copy's pool is its domain's, else its class's, else the default pool; within a pool the address is chosen by the
 * copy's first recipient domain, so one destination sees one address of the pool and destinations spread over all of
 * them. A domain, a class or an address belongs to one pool at most; anything else is refused at start with the key.
 */
public final class SourcePools {
    public static final SourcePools NONE = new SourcePools(List.of(), Optional.empty());
    public static final String PREFIX = "pools.";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Set<String> POOL_KEYS = Set.of("addresses", "domains", "classes");

    private final List<SourcePool> pools;
    private final Map<DomainName, SourcePool> byDomain = new HashMap<>();
    private final Map<PriorityClass, SourcePool> byClass = new EnumMap<>(PriorityClass.class);
    private final Optional<SourcePool> fallback;

    private SourcePools(List<SourcePool> pools, Optional<SourcePool> fallback) {
        this.pools = List.copyOf(pools);
        this.fallback = fallback;
        for (SourcePool pool : pools) {
            pool.domains().forEach(domain -> byDomain.put(domain, pool));
            pool.classes().forEach(priorityClass -> byClass.put(priorityClass, pool));
        }
    }

    /**
     * The pools of these settings: every key starting with {@code pools.} (others are ignored).
     *
     * @throws InvalidFieldException naming the key, when a setting is unknown, malformed or contradicts another
     */
    public static SourcePools parse(Map<String, String> settings) {
        Map<String, Map<String, String>> byPool = new TreeMap<>();
        Optional<String> defaultPool = Optional.empty();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String key = setting.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            if (rest.equals("default")) {
                defaultPool = Optional.of(setting.getValue().trim()).filter(value -> !value.isEmpty());
                continue;
            }
            int dot = rest.lastIndexOf('.');
            String pool = dot < 0 ? "" : rest.substring(0, dot);
            String property = rest.substring(dot + 1);
            if (!NAME.matcher(pool).matches() || !POOL_KEYS.contains(property)) {
                throw new InvalidFieldException(key, key + ": unknown setting; a pool is set by pools.<name>.addresses, "
                    + ".domains and .classes (name: lower-case letters, digits and '-'), and pools.default");
            }
            byPool.computeIfAbsent(pool, name -> new HashMap<>()).put(property, setting.getValue());
        }
        List<SourcePool> pools = new ArrayList<>();
        Map<InetAddress, String> addressOwners = new HashMap<>();
        Map<DomainName, String> domainOwners = new HashMap<>();
        Map<PriorityClass, String> classOwners = new EnumMap<>(PriorityClass.class);
        for (Map.Entry<String, Map<String, String>> entry : byPool.entrySet()) {
            SourcePool pool = pool(entry.getKey(), entry.getValue());
            for (SourceAddress address : pool.addresses()) {
                claim(addressOwners, address.address(), pool.name(), "addresses", address.literal());
            }
            for (DomainName domain : pool.domains()) {
                claim(domainOwners, domain, pool.name(), "domains", domain.asString());
            }
            for (PriorityClass priorityClass : pool.classes()) {
                claim(classOwners, priorityClass, pool.name(), "classes", priorityClass.asString());
            }
            pools.add(pool);
        }
        Optional<SourcePool> fallback = Optional.empty();
        if (defaultPool.isPresent()) {
            String name = defaultPool.get();
            fallback = Optional.of(pools.stream().filter(pool -> pool.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidFieldException(PREFIX + "default", PREFIX + "default: no pool '" + name
                    + "' (pools: " + pools.stream().map(SourcePool::name).collect(Collectors.joining(", ")) + ")")));
        }
        return new SourcePools(pools, fallback);
    }

    private static SourcePool pool(String name, Map<String, String> properties) {
        String prefix = PREFIX + name + ".";
        List<String> addressTexts = list(properties.getOrDefault("addresses", ""));
        if (addressTexts.isEmpty()) {
            throw new InvalidFieldException(prefix + "addresses", prefix + "addresses: a pool needs at least one address");
        }
        List<SourceAddress> addresses = new ArrayList<>();
        for (String text : addressTexts) {
            addresses.add(new SourceAddress(name, addresses.size() + 1, address(prefix + "addresses", text)));
        }
        Set<DomainName> domains = new LinkedHashSet<>();
        for (String text : list(properties.getOrDefault("domains", ""))) {
            try {
                domains.add(DomainName.of(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(prefix + "domains", prefix + "domains: " + e.getMessage());
            }
        }
        Set<PriorityClass> classes = new TreeSet<>();
        for (String text : list(properties.getOrDefault("classes", ""))) {
            try {
                classes.add(PriorityClass.parse(text, prefix + "classes"));
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException(prefix + "classes", prefix + "classes: must be normal or high, got '" + text + "'");
            }
        }
        return new SourcePool(name, addresses, domains, classes);
    }

    private static InetAddress address(String key, String text) {
        // Literals only: a host name would be a DNS lookup at start, and could name an address of another machine.
        if (!InetAddresses.isInetAddress(text)) {
            throw new InvalidFieldException(key, key + ": '" + text + "' is not an IPv4 or IPv6 address");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new InvalidFieldException(key, key + ": '" + text + "' is not an IPv4 or IPv6 address");
        }
    }

    private static <T> void claim(Map<T, String> owners, T value, String pool, String property, String text) {
        String owner = owners.putIfAbsent(value, pool);
        if (owner != null) {
            String key = PREFIX + pool + "." + property;
            throw new InvalidFieldException(key, key + ": " + text + " is already in pool '" + owner + "'"
                + (owner.equals(pool) ? " (listed twice)" : ""));
        }
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty())
            .map(item -> item.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
    }

    public boolean isEmpty() {
        return pools.isEmpty();
    }

    public List<SourcePool> pools() {
        return pools;
    }

    /** Every address of every pool, pools by name, addresses in their pool's order. */
    public List<SourceAddress> addresses() {
        return pools.stream().flatMap(pool -> pool.addresses().stream()).collect(Collectors.toList());
    }

    public Optional<SourcePool> defaultPool() {
        return fallback;
    }

    /**
     * The address a copy leaves from: that of its domain's pool, else of its class's, else of the default pool; empty
     * when none applies (the machine's default route).
     *
     * @param domain the smtpy domain the copy belongs to; empty for mail of no domain (James's own, bounces)
     * @param spreadKey what spreads copies over a pool's addresses: the destination's domain
     */
    public Optional<SourceAddress> choose(Optional<DomainName> domain, PriorityClass priorityClass, String spreadKey) {
        Optional<SourcePool> pool = domain.map(byDomain::get);
        if (pool.isEmpty() && domain.isPresent()) {
            pool = Optional.ofNullable(byClass.get(priorityClass));
        }
        return pool.or(() -> fallback).map(chosen -> chosen.addressFor(spreadKey));
    }
}
