package io.smtpy.guice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.dns.DomainOnboarding;
import io.smtpy.core.dns.MxRecord;
import io.smtpy.dns.DnsJavaLookup;
import io.smtpy.dns.StubResolver;

/**
 * The DNS onboarding check: a {@link DnsLookup} on dnsjava against {@code dns.resolver} (default: the first
 * {@code nameserver} of /etc/resolv.conf), uncached, so an owner sees the record they just changed (the mail path's
 * cached view of the same resolver is {@link AuthenticationModule}'s), and a {@link DomainOnboarding} when
 * {@code dns.mx} and
 * {@code dns.spfInclude} are set in smtpy.properties (empty otherwise: the route then says what is missing).
 * Ownership tokens are derived from a secret generated once into {@code var/smtpy/verification-secret}.
 */
public class DnsCheckModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsCheckModule.class);
    static final String VERIFICATION_SECRET_FILE = "smtpy/verification-secret";

    @Provides
    DnsLookup dnsLookup(DnsJavaLookup lookup) {
        return lookup;
    }

    /**
     * The one resolver every DNS question smtpy asks goes to, uncached, resending unanswered queries within
     * {@code dns.timeoutMillis}: the onboarding check here, the mail path through its cache.
     */
    @Provides
    @Singleton
    StubResolver stubResolver(PropertiesProvider properties) throws ConfigurationException {
        String resolver = SmtpyConfiguration.rawProperties(properties).getString("dns.resolver", systemResolver()).trim();
        int colon = resolver.lastIndexOf(':');
        String host = colon > 0 && resolver.indexOf(':') == colon ? resolver.substring(0, colon) : resolver;
        int port = colon > 0 && resolver.indexOf(':') == colon ? Integer.parseInt(resolver.substring(colon + 1)) : 53;
        return StubResolver.of(host, port);
    }

    /** Uncached: what the onboarding check and the DKIM rotation's publication check ask. */
    @Provides
    @Singleton
    DnsJavaLookup dnsJavaLookup(StubResolver resolver, PropertiesProvider properties) throws ConfigurationException {
        long timeoutMillis = SmtpyConfiguration.rawProperties(properties).getLong("dns.timeoutMillis", 3000);
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("smtpy.properties: dns.timeoutMillis must be positive, not " + timeoutMillis);
        }
        return new DnsJavaLookup(resolver, Duration.ofMillis(timeoutMillis));
    }

    @Provides
    @Singleton
    Optional<DomainOnboarding> onboarding(PropertiesProvider properties, DnsLookup dns, JamesDirectoriesProvider directories)
        throws ConfigurationException {
        Configuration configuration = SmtpyConfiguration.rawProperties(properties);
        String[] mx = configuration.getStringArray("dns.mx");
        String spfInclude = configuration.getString("dns.spfInclude", "").trim();
        if (mx.length == 0 || spfInclude.isEmpty()) {
            LOGGER.info("DNS onboarding check off: dns.mx and dns.spfInclude are not both set in smtpy.properties");
            return Optional.empty();
        }
        List<MxRecord> mxHosts = new ArrayList<>();
        for (String entry : mx) {
            String[] parts = entry.trim().split("\\s+");
            try {
                mxHosts.add(parts.length == 2 ? MxRecord.of(Integer.parseInt(parts[0]), parts[1]) : MxRecord.of(10, parts[0]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("smtpy.properties: dns.mx: '" + entry + "' is not '<priority> <host>'", e);
            }
        }
        String reportsLocalPart = configuration.getString("dmarc.reportsLocalPart", "dmarc-reports").trim();
        byte[] secret = GeneratedSecretFile.readOrCreate(Paths.get(directories.getVarDirectory()).resolve(VERIFICATION_SECRET_FILE))
            .get(0).getBytes(StandardCharsets.US_ASCII);
        return Optional.of(new DomainOnboarding(dns, mxHosts, spfInclude, reportsLocalPart, secret));
    }

    private static String systemResolver() {
        Path resolvConf = Paths.get("/etc/resolv.conf");
        try {
            return Files.readAllLines(resolvConf).stream()
                .map(String::trim)
                .filter(line -> line.startsWith("nameserver"))
                .map(line -> Arrays.asList(line.split("\\s+")))
                .filter(words -> words.size() > 1)
                .map(words -> words.get(1))
                .findFirst()
                .orElse("127.0.0.1");
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }
}
