package io.smtpy.guice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

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
 * cached view of the same resolver is {@link AuthenticationModule}'s), and a {@link DomainOnboarding}.
 *
 * <p>The records every domain must point at: {@code dns.mx} ({@code <priority> <host>}, comma-separated) and
 * {@code dns.spfInclude}. Unset, they default to this host, so that a newcomer's first {@code GET .../dns} shows
 * real records instead of a 503: MX {@code 10 <this host>}, and an SPF record that includes this host's own SPF
 * record ({@code include:<first MX host>}; the operator publishes {@code v=spf1 a -all} or {@code ip4:...} there).
 * This host is {@code auth.servId} when set (the name the server already calls itself in Authentication-Results),
 * else the machine's fully qualified host name. A host name DNS cannot serve (no dot, {@code localhost}, an IP
 * address) leaves the check off with a log line; the route then says what to set.
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
        Optional<OnboardingRecords> records = onboardingRecords(configuration, DnsCheckModule::machineHostName);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        String reportsLocalPart = configuration.getString("dmarc.reportsLocalPart", "dmarc-reports").trim();
        byte[] secret = GeneratedSecretFile.readOrCreate(Paths.get(directories.getVarDirectory()).resolve(VERIFICATION_SECRET_FILE))
            .get(0).getBytes(StandardCharsets.US_ASCII);
        return Optional.of(new DomainOnboarding(dns, records.get().mxHosts, records.get().spfInclude, reportsLocalPart, secret));
    }

    /** The MX hosts and SPF include every domain must publish: see the class comment. */
    static final class OnboardingRecords {
        final List<MxRecord> mxHosts;
        final String spfInclude;

        OnboardingRecords(List<MxRecord> mxHosts, String spfInclude) {
            this.mxHosts = List.copyOf(mxHosts);
            this.spfInclude = spfInclude;
        }
    }

    /**
     * {@code dns.mx} and {@code dns.spfInclude}, each defaulting to this host; empty (check off) when a default is
     * needed and this host has no name DNS can serve.
     *
     * @param machineHostName the machine's fully qualified host name, if it has one
     * @throws IllegalArgumentException when a configured value is not usable
     */
    static Optional<OnboardingRecords> onboardingRecords(Configuration configuration, Supplier<Optional<String>> machineHostName) {
        String[] mx = configuration.getStringArray("dns.mx");
        String spfInclude = configuration.getString("dns.spfInclude", "").trim();
        List<MxRecord> mxHosts = new ArrayList<>();
        for (String entry : mx) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split("\\s+");
            try {
                mxHosts.add(parts.length == 2 ? MxRecord.of(Integer.parseInt(parts[0]), parts[1]) : MxRecord.of(10, parts[0]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("smtpy.properties: dns.mx: '" + entry + "' is not '<priority> <host>'", e);
            }
        }
        if (mxHosts.isEmpty()) {
            String servId = configuration.getString("auth.servId", "").trim();
            Optional<String> thisHost = servId.isEmpty() ? machineHostName.get() : Optional.of(servId);
            Optional<String> usable = thisHost.filter(DnsCheckModule::isPublicHostName);
            if (usable.isEmpty()) {
                LOGGER.warn("DNS onboarding check off: dns.mx is not set in smtpy.properties and this host's name ({}) "
                    + "cannot be an MX host; set dns.mx (and dns.spfInclude) or auth.servId", thisHost.orElse("unknown"));
                return Optional.empty();
            }
            mxHosts.add(MxRecord.of(10, usable.get()));
            LOGGER.info("DNS onboarding check: dns.mx not set, domains are told to use this host, {}", usable.get());
        }
        if (spfInclude.isEmpty()) {
            spfInclude = mxHosts.get(0).host();
            LOGGER.info("DNS onboarding check: dns.spfInclude not set, domains are told to include {}'s SPF record", spfInclude);
        }
        return Optional.of(new OnboardingRecords(mxHosts, spfInclude));
    }

    /** A name other hosts can look up: at least two labels, not localhost, not an IP address. */
    static boolean isPublicHostName(String name) {
        String host = name.trim().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1];
        return labels.length >= 2
            && !host.equals("localhost.localdomain") && !last.equals("localhost")
            && !last.chars().allMatch(Character::isDigit)
            && host.chars().allMatch(c -> c == '.' || c == '-' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            && Arrays.stream(labels).noneMatch(String::isEmpty);
    }

    private static Optional<String> machineHostName() {
        try {
            return Optional.of(InetAddress.getLocalHost().getCanonicalHostName());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
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
