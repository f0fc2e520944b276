package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.util.DurationParser;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import io.smtpy.access.service.AttemptThrottle;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.sending.SmtpCredentialRepository;
import io.smtpy.sending.SmtpCredentials;
import io.smtpy.sending.SubmissionAuthenticator;

/**
 * Sending as an alias: the chosen storage flavour's {@link SmtpCredentialRepository}, the owners' {@link SmtpCredentials}
 * ({@code SmtpCredentialRoutes} serves {@code /smtpy/domains/{domain}/smtp-credentials}), and the submission server's
 * {@link SubmissionAuthenticator} (inject it in an AUTH hook), one per injector so its brake on guessing counts the
 * failures of every session. Settings in {@code smtpy.properties}:
 * <pre>
 * submission.auth.maxFailuresPerSource=20   # failed AUTHs from one client address within the window, then 454 4.7.0
 * submission.auth.maxFailuresPerUser=10     # failed AUTHs naming one user name within the window, then 454 4.7.0
 * submission.auth.failureWindow=15m         # James's duration format (15m, 900s, 1h); a bare number is minutes
 * </pre>
 * A domain's credentials are deleted with the domain.
 */
public class SendingModule extends AbstractModule {
    static final int DEFAULT_MAX_FAILURES_PER_SOURCE = 20;
    static final int DEFAULT_MAX_FAILURES_PER_USER = 10;
    static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(15);

    @Override
    protected void configure() {
        bind(CredentialsOfDeletedDomains.class).asEagerSingleton();
    }

    @Provides
    SmtpCredentialRepository smtpCredentialRepository(StorageFlavour storage) {
        return storage.smtpCredentials();
    }

    @Provides
    @Singleton
    SmtpCredentials smtpCredentials(SmtpCredentialRepository repository, Clock clock) {
        return new SmtpCredentials(repository, clock);
    }

    @Provides
    @Singleton
    SubmissionAuthenticator submissionAuthenticator(SmtpCredentialRepository repository, Clock clock,
                                                    PropertiesProvider properties) throws ConfigurationException {
        return new SubmissionAuthenticator(repository, throttle(SmtpyConfiguration.rawProperties(properties), clock));
    }

    static AttemptThrottle throttle(Configuration configuration, Clock clock) {
        int perSource = SmtpyConfiguration.positive(configuration, "submission.auth.maxFailuresPerSource",
            DEFAULT_MAX_FAILURES_PER_SOURCE);
        int perUser = SmtpyConfiguration.positive(configuration, "submission.auth.maxFailuresPerUser",
            DEFAULT_MAX_FAILURES_PER_USER);
        return new AttemptThrottle(clock, perSource, perUser, failureWindow(configuration));
    }

    static Duration failureWindow(Configuration configuration) {
        String raw = configuration.getString("submission.auth.failureWindow", "").trim();
        if (raw.isEmpty()) {
            return DEFAULT_FAILURE_WINDOW;
        }
        Duration window;
        try {
            window = DurationParser.parse(raw, ChronoUnit.MINUTES);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: submission.auth.failureWindow must be a duration such as"
                + " 15m, 900s or 1h, got '" + raw + "'", e);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("smtpy.properties: submission.auth.failureWindow must be at least 1s, got '"
                + raw + "'");
        }
        return window;
    }

    /** Deletes a domain's credentials with the domain, so that none of them authenticates afterwards. */
    static final class CredentialsOfDeletedDomains {
        private static final Logger LOGGER = LoggerFactory.getLogger(CredentialsOfDeletedDomains.class);

        @Inject
        CredentialsOfDeletedDomains(AliasDirectory directory, SmtpCredentialRepository credentials) {
            directory.onDomainDeleted(domain -> {
                int removed = credentials.removeAll(domain);
                if (removed > 0) {
                    LOGGER.info("{} SMTP credential(s) of the deleted domain {} removed", removed, domain.asString());
                }
            });
        }
    }
}
