package io.smtpy.guice;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Named;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dkim.DkimKeyRotation;
import io.smtpy.core.dkim.DkimRotationRun;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.dkim.PublishedKeyCheck;
import io.smtpy.core.dkim.RotationPolicy;
import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.dns.DnsPublishedKeyCheck;

/**
 * Per-domain DKIM keys: the master key that seals private keys at rest, the rotation policy, the DNS check that gates
 * activation, and the schedule that runs the rotation as a James task. Keys of smtpy.properties:
 * <pre>
 * dkim.masterKey=            # base64 of 32 bytes (openssl rand -base64 32); default: generated once into
 *                            # var/smtpy/dkim-master-key (0600). Losing it loses every private key.
 * dkim.algorithms=rsa-sha256 # or ed25519-sha256, or both (comma-separated) for dual signing
 * dkim.rotateAfterDays=90
 * dkim.retiringGraceDays=7
 * dkim.publicationCheck=dns  # or delay: activate after dkim.publicationDelayHours without asking DNS
 * dkim.publicationDelayHours=48
 * dkim.rotationCheckMinutes=60  # how often the rotation task runs; 0 turns the schedule off
 * </pre>
 */
public class DkimModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimModule.class);
    static final String MASTER_KEY_FILE = "smtpy/dkim-master-key";
    public static final String ROTATION_CHECK_EVERY = "smtpy.dkim.rotationCheckEvery";

    @Override
    protected void configure() {
        bind(DkimKeyRotation.class).in(Scopes.SINGLETON);
        bind(DkimRotationRun.class).in(Scopes.SINGLETON);
        bind(DkimRotationSchedule.class).asEagerSingleton();
    }

    /** The signing keys each node keeps in memory follow the other nodes' changes ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> signingKeyIndex(DkimKeyRotation rotation) {
        return rotation.sharedIndex();
    }

    @Provides
    DkimKeyRepository dkimKeys(StorageFlavour storage) {
        return storage.dkimKeys();
    }

    @Provides
    @Singleton
    DkimKeyGenerator generator() {
        return new DkimKeyGenerator();
    }

    @Provides
    @Singleton
    PrivateKeyCipher masterKey(PropertiesProvider properties, JamesDirectoriesProvider directories) throws ConfigurationException {
        String configured = SmtpyConfiguration.rawProperties(properties).getString("dkim.masterKey", "").trim();
        if (!configured.isEmpty()) {
            return PrivateKeyCipher.fromBase64(configured);
        }
        String generated = GeneratedSecretFile.readOrCreate(Paths.get(directories.getVarDirectory()).resolve(MASTER_KEY_FILE)).get(0);
        byte[] key;
        try {
            key = Base64.getUrlDecoder().decode(generated);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(MASTER_KEY_FILE + " does not hold a base64url key");
        }
        return new PrivateKeyCipher(key);
    }

    @Provides
    @Singleton
    RotationPolicy rotationPolicy(PropertiesProvider properties) throws ConfigurationException {
        return rotationPolicy(SmtpyConfiguration.rawProperties(properties));
    }

    static RotationPolicy rotationPolicy(Configuration configuration) {
        List<DkimAlgorithm> algorithms = new ArrayList<>();
        for (String name : configuration.getStringArray("dkim.algorithms")) {
            algorithms.add(algorithm(name));
        }
        if (algorithms.isEmpty()) {
            algorithms.add(DkimAlgorithm.RSA_SHA256);
        }
        String check = configuration.getString("dkim.publicationCheck", "dns").trim().toLowerCase(Locale.ROOT);
        Optional<Duration> publicationDelay;
        if (check.equals("dns")) {
            publicationDelay = Optional.empty();
        } else if (check.equals("delay")) {
            publicationDelay = Optional.of(Duration.ofHours(configuration.getLong("dkim.publicationDelayHours", 48)));
        } else {
            throw new IllegalArgumentException("smtpy.properties: dkim.publicationCheck must be 'dns' or 'delay', not '" + check + "'");
        }
        return RotationPolicy.builder()
            .algorithms(algorithms.toArray(new DkimAlgorithm[0]))
            .rotateAfter(Duration.ofDays(configuration.getLong("dkim.rotateAfterDays", 90)))
            .retiringGrace(Duration.ofDays(configuration.getLong("dkim.retiringGraceDays", 7)))
            .publicationDelay(publicationDelay)
            .build();
    }

    private static DkimAlgorithm algorithm(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (DkimAlgorithm algorithm : DkimAlgorithm.values()) {
            if (algorithm.signatureAlgorithm().equals(wanted) || algorithm.keyType().equals(wanted)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("smtpy.properties: dkim.algorithms: '" + name
            + "' is not rsa-sha256 or ed25519-sha256");
    }

    @Provides
    @Singleton
    PublishedKeyCheck publishedKeyCheck(DnsLookup dns) {
        return new DnsPublishedKeyCheck(dns);
    }

    @Provides
    @Named(ROTATION_CHECK_EVERY)
    Duration rotationCheckEvery(PropertiesProvider properties) throws ConfigurationException {
        long minutes = SmtpyConfiguration.rawProperties(properties).getLong("dkim.rotationCheckMinutes", 60);
        if (minutes < 0) {
            throw new IllegalArgumentException("smtpy.properties: dkim.rotationCheckMinutes must be 0 (off) or more");
        }
        if (minutes == 0) {
            LOGGER.warn("DKIM rotation schedule off (dkim.rotationCheckMinutes=0): keys move only on demand");
        }
        return Duration.ofMinutes(minutes);
    }
}
