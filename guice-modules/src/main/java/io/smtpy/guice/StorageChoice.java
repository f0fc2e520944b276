package io.smtpy.guice;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.configuration2.Configuration;

import io.smtpy.core.model.InvalidFieldException;

/**
 * Which storage flavour keeps each concern: {@code storage=} names the default (embedded when unsaid), and
 * {@code storage.<concern>=} overrides it for one concern ({@code storage.events=embedded} beside
 * {@code storage=cassandra} keeps each node's mail history on its own disk). A key {@code storage.<word>} that is no
 * concern is refused, naming the key and the concerns; keys with more dots ({@code storage.embedded.file}) are a
 * flavour's own settings and are left to it.
 */
public final class StorageChoice {
    private final String fallback;
    private final Map<StorageConcern, String> chosen;

    StorageChoice(String fallback, Map<StorageConcern, String> chosen) {
        this.fallback = fallback;
        this.chosen = chosen.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(chosen));
    }

    /** Every concern in {@code flavour}. */
    public static StorageChoice all(String flavour) {
        return new StorageChoice(flavour, Map.of());
    }

    /** Reads {@code storage} and {@code storage.<concern>}. */
    public static StorageChoice from(Configuration properties, String defaultFlavour) {
        String fallback = properties.getString("storage", defaultFlavour).trim();
        Map<StorageConcern, String> chosen = new EnumMap<>(StorageConcern.class);
        for (Iterator<String> keys = properties.getKeys("storage"); keys.hasNext(); ) {
            String key = keys.next();
            String rest = key.substring("storage".length());
            if (!rest.startsWith(".") || rest.indexOf('.', 1) >= 0) {
                continue;
            }
            StorageConcern concern = concern(key, rest.substring(1));
            String flavour = properties.getString(key, "").trim();
            if (flavour.isEmpty()) {
                throw new InvalidFieldException(key, "smtpy.properties: " + key + " names no storage flavour");
            }
            chosen.put(concern, flavour);
        }
        return new StorageChoice(fallback, chosen);
    }

    private static StorageConcern concern(String key, String name) {
        for (StorageConcern concern : StorageConcern.values()) {
            if (concern.name().toLowerCase(Locale.ROOT).equals(name)) {
                return concern;
            }
        }
        Set<String> known = new TreeSet<>();
        for (StorageConcern concern : StorageConcern.values()) {
            known.add(concern.name().toLowerCase(Locale.ROOT));
        }
        throw new InvalidFieldException(key, "smtpy.properties: " + key + " is no storage concern; the concerns are "
            + String.join(", ", known));
    }

    /** The flavour that keeps {@code concern}. */
    public String flavour(StorageConcern concern) {
        return chosen.getOrDefault(concern, fallback);
    }

    /** Whether {@code concern} is left to the default flavour (no {@code storage.<concern>} key). */
    public boolean isDefault(StorageConcern concern) {
        return !chosen.containsKey(concern);
    }

    /** The default flavour ({@code storage=}). */
    public String fallback() {
        return fallback;
    }

    /** Every flavour some concern is kept in. */
    public Set<String> flavours() {
        Set<String> flavours = new TreeSet<>();
        for (StorageConcern concern : StorageConcern.values()) {
            flavours.add(flavour(concern));
        }
        return flavours;
    }

    @Override
    public String toString() {
        return chosen.isEmpty() ? fallback : fallback + " " + chosen;
    }
}
