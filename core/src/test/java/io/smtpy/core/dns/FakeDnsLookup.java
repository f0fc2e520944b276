package io.smtpy.core.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.common.collect.ImmutableList;

/** An in-memory zone: names are compared lower-case; a name can be made to fail like an unreachable server. */
public final class FakeDnsLookup implements DnsLookup {
    private final Map<String, List<String>> txt = new HashMap<>();
    private final Map<String, List<MxRecord>> mx = new HashMap<>();
    private final Map<String, List<InetAddress>> addresses = new HashMap<>();
    private final Set<String> failing = new HashSet<>();
    private final List<String> queries = new ArrayList<>();

    public FakeDnsLookup txt(String name, String value) {
        txt.computeIfAbsent(key(name), any -> new ArrayList<>()).add(value);
        return this;
    }

    public FakeDnsLookup mx(String name, int priority, String host) {
        mx.computeIfAbsent(key(name), any -> new ArrayList<>()).add(MxRecord.of(priority, host));
        return this;
    }

    /** An A record (an IPv4 address) or an AAAA record (an IPv6 one) at {@code name}. */
    public FakeDnsLookup address(String name, InetAddress address) {
        addresses.computeIfAbsent(key(name), any -> new ArrayList<>()).add(address);
        return this;
    }

    /** Every lookup of {@code name} throws, as on SERVFAIL. */
    public FakeDnsLookup failing(String name) {
        failing.add(key(name));
        return this;
    }

    /** The names asked, in order, as "TYPE name". */
    public List<String> queries() {
        return ImmutableList.copyOf(queries);
    }

    @Override
    public List<String> txt(String name) throws DnsLookupException {
        queries.add("TXT " + key(name));
        failIfAsked(name);
        return ImmutableList.copyOf(txt.getOrDefault(key(name), List.of()));
    }

    @Override
    public List<MxRecord> mx(String name) throws DnsLookupException {
        queries.add("MX " + key(name));
        failIfAsked(name);
        return ImmutableList.copyOf(mx.getOrDefault(key(name), List.of()));
    }

    @Override
    public List<Inet4Address> a(String name) throws DnsLookupException {
        return addresses("A", name, Inet4Address.class);
    }

    @Override
    public List<Inet6Address> aaaa(String name) throws DnsLookupException {
        return addresses("AAAA", name, Inet6Address.class);
    }

    private <T extends InetAddress> List<T> addresses(String type, String name, Class<T> family) throws DnsLookupException {
        queries.add(type + " " + key(name));
        failIfAsked(name);
        return addresses.getOrDefault(key(name), List.of()).stream()
            .filter(family::isInstance).map(family::cast).collect(ImmutableList.toImmutableList());
    }

    private void failIfAsked(String name) throws DnsLookupException {
        if (failing.contains(key(name))) {
            throw new DnsLookupException("SERVFAIL for " + name);
        }
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
