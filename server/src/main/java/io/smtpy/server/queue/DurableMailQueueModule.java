package io.smtpy.server.queue;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/**
 * Replaces the memory app's in-memory mail queue with {@link DurableMailQueueFactory}. It must be applied with
 * {@code GuiceJamesServer.overrideWith}: it rebinds the three keys James's {@code MemoryMailQueueModule} provides,
 * which an extension module (child injector) could not do.
 *
 * <p>Adds the "Durable mail queue" check to {@code GET /healthcheck}.
 */
public class DurableMailQueueModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DurableMailQueueFactory.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(DurableMailQueueHealthCheck.class);
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableMailQueueFactory(DurableMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> mailQueueFactory(DurableMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> genericMailQueueFactory(DurableMailQueueFactory factory) {
        return factory;
    }
}
