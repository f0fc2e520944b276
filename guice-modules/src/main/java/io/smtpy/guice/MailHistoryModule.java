package io.smtpy.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.EventPrivacyPolicy;
import io.smtpy.core.events.EventRetentionPurge;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.EventPrivacy;

/**
 * Mail history: each domain's event privacy, applied by {@code MailEvents} to every event before it is kept (read
 * from the directory's in-memory index: no storage read on the mail path), and the events' retention per domain,
 * enforced by an hourly purge ({@link EventRetentionSchedule}). The history is read through {@code MessageRoutes}
 * and {@code EventRoutes}.
 */
public class MailHistoryModule extends AbstractModule {
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
}
