package io.smtpy.guice;

import java.time.Clock;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

import io.smtpy.access.store.AccessStores;
import io.smtpy.core.events.MailEventListener;
import io.smtpy.notifications.Alert;
import io.smtpy.notifications.OwnerAlerts;

/**
 * Owners' alerts: {@link OwnerAlerts} follows the mail events and decides; {@link Sender} mails each alert to the
 * domain's owners and admins through James's pipeline ({@link PostmasterNotices}), on a thread of its own so the mail
 * path never waits for it.
 */
public class NotificationsModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(NotificationsModule.class);

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), MailEventListener.class).addBinding().to(OwnerAlerts.class);
        bind(Sender.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    OwnerAlerts ownerAlerts(Clock clock) {
        return new OwnerAlerts(clock);
    }

    /** Takes the alerts as they come and mails them. */
    static final class Sender {
        private final Thread thread;

        @Inject
        Sender(OwnerAlerts alerts, AccessStores access, Provider<MailetContext> mailetContext) {
            this(alerts, access, new PostmasterNotices(mailetContext));
        }

        Sender(OwnerAlerts alerts, AccessStores access, NoticeSender notices) {
            thread = new Thread(() -> run(alerts, access, notices), "smtpy-owner-alerts");
            thread.setDaemon(true);
            thread.start();
        }

        private static void run(OwnerAlerts alerts, AccessStores access, NoticeSender notices) {
            while (!Thread.currentThread().isInterrupted()) {
                Optional<Alert> alert;
                try {
                    alert = alerts.next(60_000);
                } catch (InterruptedException e) {
                    return;
                }
                alert.ifPresent(next -> send(next, access, notices));
            }
        }

        private static void send(Alert alert, AccessStores access, NoticeSender notices) {
            for (MailAddress to : DomainAdmins.of(access, alert.domain())) {
                try {
                    notices.send(to, alert.subject(), alert.text());
                } catch (RuntimeException e) {
                    LOGGER.error("Could not mail the alert '{}' to {}", alert.subject(), to, e);
                }
            }
        }

        @PreDestroy
        void stop() {
            thread.interrupt();
        }
    }
}
