package io.smtpy.rules.lists;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.google.common.collect.ImmutableList;

import io.smtpy.rules.lists.ListVerdict.MatchedOn;

/**
 * One scope's entries, indexed for {@link SenderLists#decide}: immutable, rebuilt whenever the scope changes.
 *
 * <p>Lookups cost a few hash probes whatever the size of the list: exact addresses and domains are hash keys;
 * wildcards are grouped under their literal domain (or, for {@code *.suffix}, under the suffix, probed once per
 * parent domain of the address); networks are hash keys per prefix length, probed once per length in use. Only
 * wildcards on any domain ({@code info@*}) are tried one by one, and they are few.
 */
final class ScopeIndex {
    /** A mail's address split for matching: lower-case local part and ASCII domain. */
    static final class Address {
        final String localPart;
        final String domain;

        Address(String localPart, String domain) {
            this.localPart = localPart;
            this.domain = domain;
        }
    }

    static final ScopeIndex EMPTY = new ScopeIndex(List.of());

    private final Map<ListEntryId, ListEntry> byId = new LinkedHashMap<>();
    private final Map<String, ListEntry> byTypeAndValue = new HashMap<>();
    private final TypeIndex allow = new TypeIndex();
    private final TypeIndex block = new TypeIndex();

    ScopeIndex(Collection<ListEntry> entries) {
        for (ListEntry entry : entries) {
            byId.put(entry.id(), entry);
            byTypeAndValue.put(key(entry.type(), entry.value()), entry);
            (entry.type() == ListType.ALLOW ? allow : block).add(entry);
        }
    }

    private static String key(ListType type, ListValue value) {
        return type.asString() + " " + value.asString();
    }

    ScopeIndex plus(Collection<ListEntry> added) {
        List<ListEntry> entries = new ArrayList<>(byId.values());
        entries.addAll(added);
        return new ScopeIndex(entries);
    }

    ScopeIndex minus(ListEntryId id) {
        List<ListEntry> entries = new ArrayList<>(byId.values());
        entries.removeIf(entry -> entry.id().equals(id));
        return new ScopeIndex(entries);
    }

    int size() {
        return byId.size();
    }

    List<ListEntry> entries() {
        return ImmutableList.copyOf(byId.values());
    }

    Optional<ListEntry> find(ListEntryId id) {
        return Optional.ofNullable(byId.get(id));
    }

    boolean contains(ListType type, ListValue value) {
        return byTypeAndValue.containsKey(key(type, value));
    }

    /** Allow beats block; of the identities, the envelope sender first, then the client, then the header From. */
    ListVerdict decide(Optional<Address> sender, Optional<byte[]> client, Optional<Address> headerFrom, Instant now) {
        for (TypeIndex index : List.of(allow, block)) {
            if (index.isEmpty()) {
                continue;
            }
            Optional<ListEntry> match = sender.flatMap(address -> index.match(address, now));
            if (match.isPresent()) {
                return ListVerdict.decidedBy(match.get(), MatchedOn.SENDER);
            }
            match = client.flatMap(address -> index.match(address, now));
            if (match.isPresent()) {
                return ListVerdict.decidedBy(match.get(), MatchedOn.CLIENT_IP);
            }
            match = headerFrom.flatMap(address -> index.match(address, now));
            if (match.isPresent()) {
                return ListVerdict.decidedBy(match.get(), MatchedOn.HEADER_FROM);
            }
        }
        return ListVerdict.NONE;
    }

    /** The entries of one type. */
    private static final class TypeIndex {
        private final Map<String, ListEntry> addresses = new HashMap<>();
        private final Map<String, ListEntry> domains = new HashMap<>();
        private final Map<String, List<ListEntry>> wildcardsByDomain = new HashMap<>();
        private final Map<String, List<ListEntry>> wildcardsBySuffix = new HashMap<>();
        private final List<ListEntry> wildcardsOnAnyDomain = new ArrayList<>();
        /** Longest prefix first, so that the narrowest network decides. */
        private final TreeMap<Integer, Map<ByteBuffer, ListEntry>> ipv4 = new TreeMap<>(java.util.Comparator.reverseOrder());
        private final TreeMap<Integer, Map<ByteBuffer, ListEntry>> ipv6 = new TreeMap<>(java.util.Comparator.reverseOrder());
        private int size;

        void add(ListEntry entry) {
            size++;
            ListValue value = entry.value();
            switch (value.kind()) {
                case ADDRESS:
                    addresses.put(value.asString(), entry);
                    break;
                case DOMAIN:
                    domains.put(value.domain(), entry);
                    break;
                case WILDCARD:
                    switch (value.domainMatch()) {
                        case EXACT:
                            wildcardsByDomain.computeIfAbsent(value.domain(), any -> new ArrayList<>()).add(entry);
                            break;
                        case SUBDOMAINS:
                            wildcardsBySuffix.computeIfAbsent(value.domain(), any -> new ArrayList<>()).add(entry);
                            break;
                        default:
                            wildcardsOnAnyDomain.add(entry);
                    }
                    break;
                default:
                    byte[] network = value.network();
                    (network.length == 4 ? ipv4 : ipv6).computeIfAbsent(value.prefixLength(), any -> new HashMap<>())
                        .put(ByteBuffer.wrap(network), entry);
            }
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** The most specific live match: the address, a wildcard on its domain, its domain, then wider wildcards. */
        Optional<ListEntry> match(Address address, Instant now) {
            ListEntry exact = addresses.get(address.localPart + "@" + address.domain);
            if (live(exact, now)) {
                return Optional.of(exact);
            }
            Optional<ListEntry> wildcard = firstMatching(wildcardsByDomain.get(address.domain), address, now);
            if (wildcard.isPresent()) {
                return wildcard;
            }
            ListEntry domain = domains.get(address.domain);
            if (live(domain, now)) {
                return Optional.of(domain);
            }
            if (!wildcardsBySuffix.isEmpty()) {
                for (int dot = address.domain.indexOf('.'); dot >= 0; dot = address.domain.indexOf('.', dot + 1)) {
                    wildcard = firstMatching(wildcardsBySuffix.get(address.domain.substring(dot + 1)), address, now);
                    if (wildcard.isPresent()) {
                        return wildcard;
                    }
                }
            }
            return firstMatching(wildcardsOnAnyDomain, address, now);
        }

        Optional<ListEntry> match(byte[] client, Instant now) {
            for (Map.Entry<Integer, Map<ByteBuffer, ListEntry>> networks : (client.length == 4 ? ipv4 : ipv6).entrySet()) {
                ListEntry entry = networks.getValue().get(ByteBuffer.wrap(ListValue.mask(client, networks.getKey())));
                if (live(entry, now)) {
                    return Optional.of(entry);
                }
            }
            return Optional.empty();
        }

        private static Optional<ListEntry> firstMatching(List<ListEntry> candidates, Address address, Instant now) {
            if (candidates == null) {
                return Optional.empty();
            }
            for (ListEntry candidate : candidates) {
                if (live(candidate, now) && glob(candidate.value().localPieces(), address.localPart)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }

        private static boolean live(ListEntry entry, Instant now) {
            return entry != null && !entry.expiredAt(now);
        }
    }

    /** Whether the text matches the pattern, in which {@code *} stands for any run of characters. */
    static boolean glob(String pattern, String text) {
        return glob(pattern.split("\\*", -1), text);
    }

    /**
     * Whether the text matches the pattern split at its stars. Taking each literal piece at its first place is enough
     * with {@code *} as the only wildcard, so no backtracking: linear time.
     */
    static boolean glob(String[] pieces, String text) {
        if (pieces.length == 1) {
            return pieces[0].equals(text);
        }
        String first = pieces[0];
        String last = pieces[pieces.length - 1];
        if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
            return false;
        }
        int position = first.length();
        int end = text.length() - last.length();
        for (int i = 1; i < pieces.length - 1; i++) {
            int found = text.indexOf(pieces[i], position);
            if (found < 0 || found + pieces[i].length() > end) {
                return false;
            }
            position = found + pieces[i].length();
        }
        return true;
    }
}
