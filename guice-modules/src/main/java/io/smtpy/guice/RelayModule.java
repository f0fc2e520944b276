package io.smtpy.guice;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.net.ssl.SSLSocketFactory;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.smtpy.access.service.SecretSeal;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.mailets.JavaMailRelaySender;
import io.smtpy.mailets.RelaySender;
import io.smtpy.rules.post.EndpointGuard;
import io.smtpy.rules.post.RefusedEndpointException;
import io.smtpy.sending.relay.DomainRelayRepository;
import io.smtpy.sending.relay.DomainRelays;
import io.smtpy.sending.relay.RelayHostGuard;
import io.smtpy.sending.relay.RelayProbe;

/**
 * Per-domain outbound relays (smarthosts): the flavour's {@link DomainRelayRepository}, the owners' and the mail path's
 * {@link DomainRelays} (passwords sealed under the master key, access's {@link SecretSeal}), the SMTP sender
 * {@code SmarthostDelivery} uses, and the SSRF guard both it and the test-connection ask before connecting: the same
 * rules as webhooks' ({@link EndpointGuard}: no loopback, private, link-local or metadata address) unless the operator
 * allows networks. Settings in {@code smtpy.properties}:
 * <pre>
 * relays.allowedNetworks=10.0.0.0/8   # networks owners' relays may be in, in spite of the guard (default none)
 * relays.timeoutSeconds=60            # connect and read timeout of a relay conversation
 * </pre>
 * A domain's relay is removed with the domain.
 */
public class RelayModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(RelayModule.class);
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    @Override
    protected void configure() {
        bind(RelaysOfDeletedDomains.class).asEagerSingleton();
    }

    /** The relays each node keeps in memory follow the other nodes' changes ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> relaysIndex(DomainRelays relays) {
        return relays.sharedIndex();
    }

    @Provides
    DomainRelayRepository domainRelayRepository(StorageFlavour storage) {
        return storage.domainRelays();
    }

    @Provides
    @Singleton
    RelayHostGuard relayHostGuard(PropertiesProvider properties) throws ConfigurationException {
        List<String> allowed = SmtpyConfiguration.entries(SmtpyConfiguration.rawProperties(properties), "relays.allowedNetworks");
        if (!allowed.isEmpty()) {
            LOGGER.warn("Domains' relays may be in {} in spite of the SSRF guard (relays.allowedNetworks)", allowed);
        }
        EndpointGuard guard;
        try {
            guard = EndpointGuard.allowing(allowed, "relays.allowedNetworks");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: relays.allowedNetworks: " + e.getMessage(), e);
        }
        return host -> {
            try {
                // The guard judges URLs; a relay is a host, so it is asked about http://host/ (the scheme is not used).
                guard.check(new URI("http", null, host, -1, "/", null, null));
            } catch (RefusedEndpointException | URISyntaxException e) {
                throw new RelayHostGuard.RefusedRelayException(e.getMessage());
            }
        };
    }

    @Provides
    @Singleton
    RelaySender relaySender(RelayHostGuard guard, PropertiesProvider properties) throws ConfigurationException {
        return new JavaMailRelaySender(guard, (SSLSocketFactory) SSLSocketFactory.getDefault(), Optional.of(heloName()),
            timeout(properties));
    }

    @Provides
    @Singleton
    DomainRelays domainRelays(DomainRelayRepository repository, SecretSeal seal, RelayHostGuard guard, Clock clock,
                              PropertiesProvider properties) throws ConfigurationException {
        return new DomainRelays(repository, seal,
            new RelayProbe(guard, (SSLSocketFactory) SSLSocketFactory.getDefault(), heloName(), timeout(properties)), clock);
    }

    private static Duration timeout(PropertiesProvider properties) throws ConfigurationException {
        return Duration.ofSeconds(SmtpyConfiguration.positive(SmtpyConfiguration.rawProperties(properties),
            "relays.timeoutSeconds", DEFAULT_TIMEOUT_SECONDS));
    }

    /** The name smtpy gives in EHLO to relays: the machine's, as JavaMail would give it. */
    private static String heloName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Removes a domain's relay with the domain, so a domain of that name created later starts without one. */
    static final class RelaysOfDeletedDomains {
        @Inject
        RelaysOfDeletedDomains(AliasDirectory directory, DomainRelays relays) {
            directory.onDomainDeleted(relays::remove);
        }
    }
}
