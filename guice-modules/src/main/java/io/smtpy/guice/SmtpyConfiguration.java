package io.smtpy.guice;

import java.io.FileNotFoundException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.ex.ConversionException;
import org.apache.james.utils.PropertiesProvider;

import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.srs.SrsSettings;

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
 * srs.secrets=                     # comma-separated, first signs; empty: generated once into var/smtpy/srs-secret
 * srs.maxAgeDays=21
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
        DEFAULT_IMPORT_MAX_BYTES, List.of(), SrsSettings.DEFAULT_MAX_AGE);
    public static final String DEFAULT_DMARC_REPORTS_LOCAL_PART = DmarcReportAddress.DEFAULT_LOCAL_PART;

    private final String storage;
    private final String embeddedFile;
    private final Limits limits;
    private final long importMaxBytes;
    private final List<String> srsSecrets;
    private final Duration srsMaxAge;
    private final String dmarcReportsLocalPart;

    public SmtpyConfiguration(String storage, String embeddedFile, Limits limits, long importMaxBytes,
                              List<String> srsSecrets, Duration srsMaxAge) {
        this(storage, embeddedFile, limits, importMaxBytes, srsSecrets, srsMaxAge, DEFAULT_DMARC_REPORTS_LOCAL_PART);
    }

    public SmtpyConfiguration(String storage, String embeddedFile, Limits limits, long importMaxBytes,
                              List<String> srsSecrets, Duration srsMaxAge, String dmarcReportsLocalPart) {
        this.dmarcReportsLocalPart = dmarcReportsLocalPart;
        this.storage = storage;
        this.embeddedFile = embeddedFile;
        this.limits = limits;
        this.importMaxBytes = importMaxBytes;
        this.srsSecrets = List.copyOf(srsSecrets);
        this.srsMaxAge = srsMaxAge;
    }

    /**
     * @throws IllegalArgumentException naming the key whose value is wrong
     */
    /** smtpy.properties as read, for the modules that read their own keys; empty when the file is missing. */
    static Configuration rawProperties(PropertiesProvider properties) throws ConfigurationException {
        try {
            return properties.getConfiguration(FILE);
        } catch (FileNotFoundException e) {
            return new BaseConfiguration();
        }
    }

    /** An integer key of smtpy.properties that must be at least 1. */
    /** A comma-separated setting as its trimmed, non-empty entries ({@code webhooks.allowedNetworks=127.0.0.0/8, ::1/128}). */
    static java.util.List<String> entries(Configuration configuration, String name) {
        return java.util.Arrays.stream(configuration.getStringArray(name))
            .map(String::trim)
            .filter(entry -> !entry.isEmpty())
            .collect(java.util.stream.Collectors.toList());
    }

    /** A true/false key of smtpy.properties. */
    static boolean flag(Configuration configuration, String name, boolean fallback) {
        try {
            return configuration.getBoolean(name, fallback);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("smtpy.properties: " + name + " must be true or false: " + e.getMessage(), e);
        }
    }

    static int positive(Configuration configuration, String name, int fallback) {
        int value = configuration.getInt(name, fallback);
        if (value < 1) {
            throw new IllegalArgumentException("smtpy.properties: " + name + " must be at least 1, got " + value);
        }
        return value;
    }

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
            List<String> srsSecrets = Arrays.stream(properties.getStringArray("srs.secrets"))
                .map(String::trim)
                .filter(secret -> !secret.isEmpty())
                .collect(Collectors.toList());
            int srsMaxAgeDays = properties.getInt("srs.maxAgeDays", (int) SrsSettings.DEFAULT_MAX_AGE.toDays());
            if (srsMaxAgeDays < 1 || srsMaxAgeDays > 1023) {
                throw new IllegalArgumentException("smtpy.properties: srs.maxAgeDays must be between 1 and 1023, got " + srsMaxAgeDays);
            }
            Duration srsMaxAge = Duration.ofDays(srsMaxAgeDays);
            if (!srsSecrets.isEmpty()) {
                try {
                    SrsSettings.of(srsSecrets, srsMaxAge);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("smtpy.properties: srs.secrets: " + e.getMessage(), e);
                }
            }
            String dmarcReportsLocalPart = properties.getString("dmarc.reportsLocalPart", DEFAULT_DMARC_REPORTS_LOCAL_PART).trim();
            try {
                dmarcReportsLocalPart = LocalPart.of(dmarcReportsLocalPart).asString();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("smtpy.properties: dmarc.reportsLocalPart: " + e.getMessage(), e);
            }
            return new SmtpyConfiguration(storage, properties.getString("storage.embedded.file", DEFAULT_EMBEDDED_FILE).trim(),
                limits, importMaxBytes, srsSecrets, srsMaxAge, dmarcReportsLocalPart);
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

    /** SRS secrets from the file; empty when the operator left it to smtpy to generate one. */
    public List<String> srsSecrets() {
        return srsSecrets;
    }

    public Duration srsMaxAge() {
        return srsMaxAge;
    }

    /** The local part of each domain's DMARC report address ({@code dmarc.reportsLocalPart}, default {@code dmarc-reports}). */
    public String dmarcReportsLocalPart() {
        return dmarcReportsLocalPart;
    }

    @Override
    public String toString() {
        return "SmtpyConfiguration{storage=" + storage + ", srsSecrets=" + srsSecrets.size() + " (not shown)}";
    }
}
