package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Named;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.model.Cidr;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.protection.ConnectionGuard;
import io.smtpy.protection.ProtectionSettings;

/**
 * Connection-level protection of the MX ({@link ConnectionGuard}, applied by {@code SmtpyProtectionHook} and
 * {@code SmtpyRcptHook}): DNS blocklists asked through the mail path's cached resolver ({@code dns.resolver}, see
 * {@link AuthenticationModule#MAIL_PATH}) and the dictionary-attack protection. Settings in {@code smtpy.properties}:
 * <pre>
 * protection.dnsbl.zones=zen.example,bl.example   # blocklist zones asked about each client (default none)
 * protection.trustedNetworks=192.0.2.0/24         # CIDRs that skip every check: the operator's relays (default none)
 * protection.probes.slowAfter=10                  # unknown recipients within the window before replies are held
 * protection.probes.refuseAfter=30                # unknown recipients within the window before the client is refused
 * protection.probes.windowMinutes=10
 * protection.probes.refuseMinutes=30              # how long a refused client stays refused
 * protection.probes.delayStepMillis=500           # each unknown recipient past slowAfter holds replies this much more
 * protection.probes.maxDelayMillis=5000           # at most this (60000 at most)
 * </pre>
 */
public class ProtectionModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(ProtectionModule.class);
    private static final String PREFIX = "smtpy.properties: ";

    @Provides
    @Singleton
    ProtectionSettings protectionSettings(PropertiesProvider properties) throws ConfigurationException {
        Configuration configuration = SmtpyConfiguration.rawProperties(properties);
        try {
            ProtectionSettings settings = ProtectionSettings.builder()
                .dnsblZones(list(configuration, "protection.dnsbl.zones"))
                .trustedNetworks(list(configuration, "protection.trustedNetworks").stream()
                    .map(network -> Cidr.parse(network, "protection.trustedNetworks")).collect(Collectors.toList()))
                .slowAfter(configuration.getInt("protection.probes.slowAfter", ProtectionSettings.DEFAULT_SLOW_AFTER))
                .refuseAfter(configuration.getInt("protection.probes.refuseAfter", ProtectionSettings.DEFAULT_REFUSE_AFTER))
                .window(Duration.ofMinutes(configuration.getLong("protection.probes.windowMinutes",
                    ProtectionSettings.DEFAULT_WINDOW.toMinutes())))
                .refuseFor(Duration.ofMinutes(configuration.getLong("protection.probes.refuseMinutes",
                    ProtectionSettings.DEFAULT_REFUSE_FOR.toMinutes())))
                .delayStep(Duration.ofMillis(configuration.getLong("protection.probes.delayStepMillis",
                    ProtectionSettings.DEFAULT_DELAY_STEP.toMillis())))
                .maxDelay(Duration.ofMillis(configuration.getLong("protection.probes.maxDelayMillis",
                    ProtectionSettings.DEFAULT_MAX_DELAY.toMillis())))
                .build();
            LOGGER.info("Connection protection: {}", settings);
            return settings;
        } catch (InvalidFieldException e) {
            throw new IllegalArgumentException(PREFIX + e.field() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "protection: " + e.getMessage(), e);
        }
    }

    private static List<String> list(Configuration configuration, String key) {
        return Arrays.stream(configuration.getStringArray(key))
            .map(String::trim)
            .filter(value -> !value.isEmpty())
            .collect(Collectors.toList());
    }

    @Provides
    @Singleton
    ConnectionGuard connectionGuard(ProtectionSettings settings, @Named(AuthenticationModule.MAIL_PATH) DnsLookup dns, Clock clock) {
        return ConnectionGuard.of(settings, dns, clock);
    }
}
