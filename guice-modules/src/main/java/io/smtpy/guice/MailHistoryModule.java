package io.smtpy.guice;

import java.util.Set;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.EventPrivacyPolicy;
import io.smtpy.core.events.EventRetentionPurge;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventListener;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.EventPrivacy;

/**
 * Mail history: {@code MailEvents}, through which the mail path records its decisions; each domain's event privacy,
 * applied by it to every event before it is kept (read from the directory's in-memory index: no storage read on the
 * mail path); and the events' retention per domain, enforced by an hourly purge ({@link EventRetentionSchedule}).
 * The history is read through {@code MessageRoutes} and {@code EventRoutes}.
 *
 * <pre>
 * events.enabled=true   # false: the mail path records no event (no history, analytics, webhooks or live tail of mail)
 * </pre>
 * The switch exists for the benchmark that shows what recording costs the mail path, and for an operator who wants
 * no history at all; a value other than {@code true}/{@code false} stops the start, naming the key.
 */
public class MailHistoryModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailHistoryModule.class);

    /** Records nothing: what the mail path calls when {@code events.enabled=false}. */
    static final class SwitchedOff extends MailEvents {
        SwitchedOff(MailEventRepository repository) {
            super(repository);
        }

        @Override
        public void record(MailEvent event) {
            // events.enabled=false
        }
    }

    @Override
    protected void configure() {
        bind(EventRetentionPurge.class).in(Scopes.SINGLETON);
        bind(EventRetentionSchedule.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    EventPrivacyPolicy eventPrivacy(AliasDirectory directory) {
        return domain -> directory.indexedDomain(domain).map(Domain::eventPrivacy).orElse(EventPrivacy.FULL);
    }

    @Provides
    @Singleton
    MailEvents mailEvents(MailEventRepository repository, Set<MailEventListener> listeners, EventPrivacyPolicy privacy,
                          PropertiesProvider properties) throws ConfigurationException {
        boolean enabled = SmtpyConfiguration.flag(SmtpyConfiguration.rawProperties(properties), "events.enabled", true);
        if (!enabled) {
            LOGGER.warn("Mail events are off (events.enabled=false): no message history, analytics, webhooks or live tail of mail");
            return new SwitchedOff(repository);
        }
        return new MailEvents(repository, listeners, privacy);
    }
}
