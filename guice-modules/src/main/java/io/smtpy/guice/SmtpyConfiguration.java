package io.smtpy.guice;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConversionException;

import io.smtpy.core.model.Limits;

/**
 * The settings of {@code smtpy.properties} (in James's conf directory). Every key is optional; a missing file
 * means all defaults. A value that cannot be read stops the server at start with a message naming the key.
 *
 * <pre>
 * storage=embedded                 # a registered storage flavour: memory | embedded
 * storage.embedded.file=smtpy/smtpy.db   # relative to James's var/ directory, or absolute
 * aliases.maxDestinations=100
 * aliases.maxTags=20
 * aliases.maxDescriptionLength=500
 * domains.maxRegexAliases=100
 * domains.maxCatchAllExceptions=100
 * import.maxBytes=67108864
 * </pre>
 */
public final class SmtpyConfiguration {
    public static final String FILE = "smtpy";
    public static final String DEFAULT_STORAGE = "embedded";
    public static final String DEFAULT_EMBEDDED_FILE = "smtpy/smtpy.db";
    /** 64 MiB: about a million aliases; the import holds the body and its parsed lines in the heap at once. */
    public static final long DEFAULT_IMPORT_MAX_BYTES = 64L * 1024 * 1024;
    public static final long MAX_IMPORT_MAX_BYTES = 1024L * 1024 * 1024;
    public static final SmtpyConfiguration DEFAULT = new SmtpyConfiguration(DEFAULT_STORAGE, DEFAULT_EMBEDDED_FILE, Limits.DEFAULT,
        DEFAULT_IMPORT_MAX_BYTES);

    private final String storage;
    private final String embeddedFile;
    private final Limits limits;
    private final long importMaxBytes;

    public SmtpyConfiguration(String storage, String embeddedFile, Limits limits, long importMaxBytes) {
        this.storage = storage;
        this.embeddedFile = embeddedFile;
        this.limits = limits;
        this.importMaxBytes = importMaxBytes;
    }

    /**
     * @throws IllegalArgumentException naming the key whose value is wrong
     */
    public static SmtpyConfiguration from(Configuration properties) {
        String storage = properties.getString("storage", DEFAULT_STORAGE).trim();
        Limits defaults = Limits.DEFAULT;
        try {
            Limits limits = new Limits(
                properties.getInt("aliases.maxDestinations", defaults.maxDestinations()),
                properties.getInt("aliases.maxTags", defaults.maxTags()),
                properties.getInt("aliases.maxDescriptionLength", defaults.maxDescriptionLength()),
                properties.getInt("domains.maxRegexAliases", defaults.maxRegexAliases()),
                properties.getInt("domains.maxCatchAllExceptions", defaults.maxCatchAllExceptions()));
            long importMaxBytes = properties.getLong("import.maxBytes", DEFAULT_IMPORT_MAX_BYTES);
            if (importMaxBytes < 1 || importMaxBytes > MAX_IMPORT_MAX_BYTES) {
                throw new IllegalArgumentException("smtpy.properties: import.maxBytes must be between 1 and " + MAX_IMPORT_MAX_BYTES
                    + ", got " + importMaxBytes);
            }
            return new SmtpyConfiguration(storage, properties.getString("storage.embedded.file", DEFAULT_EMBEDDED_FILE).trim(),
                limits, importMaxBytes);
        } catch (ConversionException e) {
            throw new IllegalArgumentException("smtpy.properties: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("smtpy.properties") ? e.getMessage() : "smtpy.properties: " + e.getMessage(), e);
        }
    }

    public String storage() {
        return storage;
    }

    public String embeddedFile() {
        return embeddedFile;
    }

    public Limits limits() {
        return limits;
    }

    public long importMaxBytes() {
        return importMaxBytes;
    }
}
