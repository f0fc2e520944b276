package io.smtpy.core.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * A DKIM public key the domain must publish: the TXT name ({@code <selector>._domainkey.<domain>}) and the
 * value to put there ({@code v=DKIM1; k=rsa; p=...}). Built by the key management; the check only compares.
 */
public final class DkimRecord {
    private final String name;
    private final String value;

    private DkimRecord(String name, String value) {
        this.name = name;
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException when the name is empty or the value has no {@code p=} tag
     */
    public static DkimRecord of(String name, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("DKIM record name must not be empty");
        }
        if (value == null || DkimPublicKeyTag.publicKey(value).isEmpty()) {
            throw new IllegalArgumentException("DKIM record for " + name + " must have a p= tag with the public key");
        }
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        if (normalized.endsWith(".")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return new DkimRecord(normalized, value);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DkimRecord)) {
            return false;
        }
        DkimRecord other = (DkimRecord) o;
        return name.equals(other.name) && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value);
    }

    @Override
    public String toString() {
        return name + " TXT " + value;
    }
}
