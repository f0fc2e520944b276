package io.smtpy.guice;

import java.util.Optional;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import io.smtpy.scan.DaemonScanner;
import io.smtpy.scan.MessageScanner;
import io.smtpy.scan.OutboundScanPolicy;
import io.smtpy.scan.ScanPolicy;
import io.smtpy.scan.ScannerSettings;

/**
 * Spam and virus scanning: SpamAssassin's {@code spamd} and ClamAV's {@code clamd} as the {@link MessageScanner} of the
 * mail path ({@code SmtpyScanHook}), the policies that read their verdicts, and their health checks
 * ({@link SpamdHealthCheck}, {@link ClamdHealthCheck}, listed in {@code healthcheck.properties}). Settings in
 * {@code smtpy.properties} (see {@link ScannerSettings}):
 * <pre>
 * spamd.address=127.0.0.1:783       # unset: nothing is scored
 * clamd.address=127.0.0.1:3310      # unset: nothing is scanned
 * spamd.onFailure=defer             # defer (451 4.7.1) or pass (accepted, marked X-Smtpy-Unscanned); clamd.onFailure too
 * spamd.timeoutSeconds=15           # clamd.timeoutSeconds=30
 * spamd.maxSizeKiB=512              # clamd.maxSizeKiB=25600
 * spamd.maxConcurrent=8             # clamd.maxConcurrent=8
 * outbound.spam.threshold=5.0       # submitted mail is refused from this score on
 * </pre>
 * A value that cannot be read stops the start with a message naming the key.
 */
public class ScanningModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScanningModule.class);

    @Override
    protected void configure() {
        bind(SpamdHealthCheck.class).in(com.google.inject.Scopes.SINGLETON);
        bind(ClamdHealthCheck.class).in(com.google.inject.Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    ScannerSettings scannerSettings(PropertiesProvider properties) throws ConfigurationException {
        Configuration configuration = SmtpyConfiguration.rawProperties(properties);
        ScannerSettings settings;
        try {
            settings = ScannerSettings.parse(key -> Optional.ofNullable(configuration.getString(key, null)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: " + e.getMessage(), e);
        }
        LOGGER.info("Scanning: {}", settings);
        return settings;
    }

    @Provides
    @Singleton
    DaemonScanner daemonScanner(ScannerSettings settings) {
        return new DaemonScanner(settings);
    }

    @Provides
    @Singleton
    MessageScanner messageScanner(DaemonScanner scanner) {
        return scanner;
    }

    @Provides
    @Singleton
    ScanPolicy scanPolicy(ScannerSettings settings) {
        return settings.policy();
    }

    @Provides
    @Singleton
    OutboundScanPolicy outboundScanPolicy(ScannerSettings settings, MessageScanner scanner) {
        return settings.outboundPolicy(scanner);
    }
}
