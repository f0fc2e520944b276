package io.smtpy.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

import io.smtpy.core.events.EventRetentionPurge;

/**
 * Mail history: the events' retention per domain, enforced by an hourly purge ({@link EventRetentionSchedule}).
 * The history itself is read through {@code MessageRoutes} and {@code EventRoutes}.
 */
public class MailHistoryModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(EventRetentionPurge.class).in(Scopes.SINGLETON);
        bind(EventRetentionSchedule.class).asEagerSingleton();
    }
}
