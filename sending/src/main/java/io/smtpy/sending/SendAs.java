package io.smtpy.sending;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;

/**
 * The addresses a credential may send as, all on its domain: whole addresses ({@code sales@brand.com}) and
 * {@code *@brand.com} for any address of the domain. Local parts compare without regard to case, as aliases do.
 * Immutable; kept in the order given, without repeats.
 */
public final class SendAs {
    public static final String ANY = "*";
    public static final int MAX_ENTRIES = 100;

    private final DomainName domain;
    private final List<String> localParts;

    private SendAs(DomainName domain, List<String> localParts) {
        this.domain = domain;
        this.localParts = Collections.unmodifiableList(localParts);
    }

    public static SendAs anyAddressOf(DomainName domain) {
        return new SendAs(domain, List.of(ANY));
    }

    public static SendAs only(DomainName domain, LocalPart localPart) {
        return new SendAs(domain, List.of(localPart.asString()));
    }

    /**
     * Reads entries as given by an owner.
     *
     * @throws InvalidFieldException naming {@code field} for an entry that is not an address (or {@code *@domain}) of
     *     {@code domain}, for none at all, or for more than {@value #MAX_ENTRIES}
     */
    public static SendAs parse(DomainName domain, List<String> entries, String field) {
        if (entries.isEmpty()) {
            throw new InvalidFieldException(field, "'" + field + "' needs at least one address");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new InvalidFieldException(field, "'" + field + "' has " + entries.size() + " addresses; at most " + MAX_ENTRIES);
        }
        List<String> localParts = new ArrayList<>();
        for (String entry : entries) {
            String localPart = localPartOf(domain, entry, field);
            if (!localParts.contains(localPart)) {
                localParts.add(localPart);
            }
        }
        return new SendAs(domain, localParts);
    }

    /** For stored values, which were valid when written. */
    public static SendAs of(DomainName domain, List<String> entries) {
        return parse(domain, entries, "sendAs");
    }

    private static String localPartOf(DomainName domain, String entry, String field) {
        String text = entry == null ? "" : entry.trim();
        int at = text.lastIndexOf('@');
        if (at <= 0) {
            throw new InvalidFieldException(field, "'" + text + "' in '" + field + "' is not an address such as name@"
                + domain.asString() + " or *@" + domain.asString());
        }
        DomainName entryDomain;
        try {
            entryDomain = DomainName.of(text.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "'" + text + "' in '" + field + "' has an invalid domain");
        }
        if (!entryDomain.equals(domain)) {
            throw new InvalidFieldException(field, "'" + text + "' in '" + field + "' is not an address of " + domain.asString()
                + ": a credential sends only as addresses of its own domain");
        }
        String local = text.substring(0, at);
        if (local.equals(ANY)) {
            return ANY;
        }
        try {
            return LocalPart.of(local).asString();
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "'" + text + "' in '" + field + "' has an invalid local part: " + e.getMessage());
        }
    }

    public DomainName domain() {
        return domain;
    }

    /** The entries as addresses, {@code *@domain} for the whole domain. */
    public List<String> entries() {
        List<String> entries = new ArrayList<>(localParts.size());
        for (String localPart : localParts) {
            entries.add(localPart + "@" + domain.asString());
        }
        return entries;
    }

    public boolean allows(MailAddress address) {
        DomainName addressDomain;
        try {
            addressDomain = DomainName.of(address.getDomain().asString());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!addressDomain.equals(domain)) {
            return false;
        }
        if (localParts.contains(ANY)) {
            return true;
        }
        // sales+news@ is sales@ with a tag: who may send as the one may send as the other.
        String local = address.getLocalPart().toLowerCase(Locale.ROOT);
        int tag = local.indexOf(LocalPart.SUBADDRESS_SEPARATOR);
        String base = tag > 0 ? local.substring(0, tag) : local;
        return localParts.contains(base);
    }

    /** The one address this allows, when it allows exactly one: a credential's natural user name. */
    public Optional<String> single() {
        return localParts.size() == 1 && !localParts.get(0).equals(ANY)
            ? Optional.of(localParts.get(0) + "@" + domain.asString()) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SendAs && ((SendAs) o).domain.equals(domain) && ((SendAs) o).localParts.equals(localParts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, localParts);
    }

    @Override
    public String toString() {
        return entries().toString();
    }
}
