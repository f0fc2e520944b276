package io.smtpy.guice;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;

import javax.inject.Named;

import org.apache.commons.configuration2.Configuration;
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
import io.smtpy.auth.inbound.CheckTimeBudget;
import io.smtpy.auth.inbound.InboundAuthentication;
import io.smtpy.auth.signing.DomainSigningKeys;
import io.smtpy.auth.spf.SpfCheck;
import io.smtpy.core.dns.DnsLookup;
import io.smtpy.dns.AnswerSource;
import io.smtpy.dns.CachedAnswers;
import io.smtpy.dns.DnsJavaLookup;
import io.smtpy.dns.StubResolver;
import io.smtpy.smtp.InboundChecks;

/**
 * Message authentication: the inbound checks the SMTP hook runs (SPF, DKIM, DMARC, ARC validation) and the signing
 * side (DKIM signatures and ARC seals with the domains' rotating keys). Keys of smtpy.properties:
 * <pre>
 * auth.inboundChecks=true      # false: no SPF/DKIM/DMARC/ARC checks of inbound mail, no verdicts (no
 *                              # Authentication-Results, no ARC set, no DMARC enforcement on forwarded copies)
 * auth.servId=                 # this host in Authentication-Results; default: the machine's host name
 * auth.timeBudgetMillis=5000   # how long one mail's inbound checks may take; unfinished checks are temperror.
 *                              # 0: no bound, the checks run one after another on the SMTP thread
 * dns.cache.maxEntries=10000   # answers the mail path's DNS cache keeps (least recently used go first); 0: off
 * dns.cache.maxTtlSeconds=3600 # the longest an answer is kept, whatever its TTL
 * dns.cache.maxNegativeTtlSeconds=300  # the longest NXDOMAIN / "no such record" is kept (RFC 2308 SOA TTL)
 * </pre>
 * The mail path asks {@code dns.resolver} (see {@link DnsCheckModule}) through the cache: its {@link AnswerSource}
 * and {@link DnsLookup} are bound {@code @Named(MAIL_PATH)}. The unnamed {@link DnsLookup} stays uncached for the
 * onboarding check and the DKIM rotation's publication check, which must see DNS as it is now.
 */
public class AuthenticationModule extends AbstractModule {
    /** The name of the mail path's cached {@link AnswerSource} and {@link DnsLookup}. */
    public static final String MAIL_PATH = "smtpy.dns.mailPath";
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
    InboundChecks inboundChecks(PropertiesProvider properties) throws ConfigurationException {
        InboundChecks checks = InboundChecks.of(SmtpyConfiguration.rawProperties(properties).getBoolean("auth.inboundChecks", true));
        if (!checks.enabled()) {
            LOGGER.warn("Inbound mail is not checked (auth.inboundChecks=false): no SPF, DKIM, DMARC or ARC verdicts, "
                + "no Authentication-Results on forwarded copies, no DMARC enforcement");
        }
        return checks;
    }

    @Provides
    @Singleton
    @Named(MAIL_PATH)
    AnswerSource mailPathAnswers(StubResolver resolver, PropertiesProvider properties, Clock clock) throws ConfigurationException {
        Configuration configuration = SmtpyConfiguration.rawProperties(properties);
        int maxEntries = configuration.getInt("dns.cache.maxEntries", CachedAnswers.DEFAULT_MAX_ENTRIES);
        long maxTtl = configuration.getLong("dns.cache.maxTtlSeconds", CachedAnswers.DEFAULT_MAX_TTL.getSeconds());
        long maxNegativeTtl = configuration.getLong("dns.cache.maxNegativeTtlSeconds",
            CachedAnswers.DEFAULT_MAX_NEGATIVE_TTL.getSeconds());
        if (maxEntries < 0) {
            throw new IllegalArgumentException("smtpy.properties: dns.cache.maxEntries must be 0 (off) or more, not " + maxEntries);
        }
        if (maxTtl < 0 || maxNegativeTtl < 0) {
            throw new IllegalArgumentException("smtpy.properties: dns.cache.maxTtlSeconds and dns.cache.maxNegativeTtlSeconds "
                + "must be 0 or more");
        }
        if (maxEntries == 0) {
            LOGGER.info("DNS cache of the mail path off (dns.cache.maxEntries=0): every message asks {}", resolver);
            return resolver;
        }
        return new CachedAnswers(resolver, maxEntries, Duration.ofSeconds(maxTtl), Duration.ofSeconds(maxNegativeTtl), clock);
    }

    @Provides
    @Singleton
    @Named(MAIL_PATH)
    DnsLookup mailPathLookup(@Named(MAIL_PATH) AnswerSource answers, DnsJavaLookup uncached) {
        return new DnsJavaLookup(answers, uncached.timeout());
    }

    @Provides
    @Singleton
    CheckTimeBudget checkTimeBudget(PropertiesProvider properties) throws ConfigurationException {
        long millis = SmtpyConfiguration.rawProperties(properties).getLong("auth.timeBudgetMillis", CheckTimeBudget.DEFAULT.toMillis());
        if (millis < 0) {
            throw new IllegalArgumentException("smtpy.properties: auth.timeBudgetMillis must be 0 (no bound) or more, not " + millis);
        }
        if (millis == 0) {
            LOGGER.warn("Inbound authentication checks have no time budget (auth.timeBudgetMillis=0): a slow resolver holds "
                + "each SMTP session up to the checks' own timeouts");
            return CheckTimeBudget.unbounded();
        }
        return CheckTimeBudget.of(Duration.ofMillis(millis));
    }

    @Provides
    @Singleton
    DkimVerification dkimVerification(@Named(MAIL_PATH) DnsLookup dns, Clock clock) {
        return new DkimVerifier(dns, clock);
    }

    /** Its own clock measures the check's 20 s (RFC 7208 §4.6.4) on real time. */
    @Provides
    @Singleton
    SpfCheck spfCheck(@Named(MAIL_PATH) AnswerSource answers, DnsJavaLookup uncached) {
        return new SpfCheck(answers, uncached.timeout(), SpfCheck.DEFAULT_CHECK_TIMEOUT, Clock.systemUTC());
    }

    @Provides
    @Singleton
    InboundAuthentication inboundAuthentication(SpfCheck spf, DkimVerification dkim, @Named(MAIL_PATH) DnsLookup dns) {
        return new InboundAuthentication(spf, dkim, new DmarcEvaluation(dns));
    }

    @Provides
    @Singleton
    ArcValidator arcValidator(@Named(MAIL_PATH) DnsLookup dns, Clock clock) {
        return new ArcValidator(dns, clock);
    }

    @Provides
    @Singleton
    DkimSigner dkimSigner(Clock clock) {
        return new DkimSigner(clock);
    }
}
