package io.smtpy.guice;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

import io.smtpy.auth.AuthServId;
import io.smtpy.auth.DkimVerification;
import io.smtpy.auth.arc.ArcValidator;
import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.DkimVerifier;
import io.smtpy.auth.dmarc.DmarcEvaluation;
import io.smtpy.auth.inbound.InboundAuthentication;
import io.smtpy.auth.signing.DomainSigningKeys;
import io.smtpy.auth.spf.SpfCheck;
import io.smtpy.core.dns.DnsLookup;
import io.smtpy.dns.DnsJavaLookup;

/**
 * Message authentication: the inbound checks the SMTP hook runs (SPF, DKIM, DMARC, ARC validation), all asking the
 * one resolver of {@code dns.resolver}, and the signing side (DKIM signatures and ARC seals with the domains'
 * rotating keys). {@code auth.servId} in smtpy.properties names this host in Authentication-Results (default: the
 * machine's host name).
 */
public class AuthenticationModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthenticationModule.class);

    @Override
    protected void configure() {
        bind(DomainSigningKeys.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    AuthServId authServId(PropertiesProvider properties) throws ConfigurationException {
        String configured = SmtpyConfiguration.rawProperties(properties).getString("auth.servId", "").trim();
        if (!configured.isEmpty()) {
            return new AuthServId(configured);
        }
        try {
            return new AuthServId(InetAddress.getLocalHost().getCanonicalHostName());
        } catch (UnknownHostException | IllegalArgumentException e) {
            LOGGER.warn("No usable host name for Authentication-Results ({}): set auth.servId in smtpy.properties", e.getMessage());
            return new AuthServId("localhost");
        }
    }

    @Provides
    @Singleton
    DkimVerification dkimVerification(DnsLookup dns, Clock clock) {
        return new DkimVerifier(dns, clock);
    }

    @Provides
    @Singleton
    SpfCheck spfCheck(DnsJavaLookup dns) {
        return new SpfCheck(dns.resolverAddress(), dns.timeout());
    }

    @Provides
    @Singleton
    InboundAuthentication inboundAuthentication(SpfCheck spf, DkimVerification dkim, DnsLookup dns) {
        return new InboundAuthentication(spf, dkim, new DmarcEvaluation(dns));
    }

    @Provides
    @Singleton
    ArcValidator arcValidator(DnsLookup dns, Clock clock) {
        return new ArcValidator(dns, clock);
    }

    @Provides
    @Singleton
    DkimSigner dkimSigner(Clock clock) {
        return new DkimSigner(clock);
    }
}
