package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

import io.smtpy.access.store.AccessStores;
import io.smtpy.analytics.Analytics;
import io.smtpy.core.events.MailEventListener;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEvents;
import io.smtpy.notifications.Alert;
import io.smtpy.notifications.DailyDigest;
import io.smtpy.notifications.DnsWatch;
import io.smtpy.notifications.NotificationPreferenceRepository;
import io.smtpy.notifications.NotificationPreferences;
import io.smtpy.notifications.OwnerAlerts;
import io.smtpy.notifications.UnsubscribeLinks;
import io.smtpy.notifications.UnsubscribeTokens;

/**
 * Notifications: {@link OwnerAlerts} follows the mail events and decides; {@link Sender} mails each alert, on a thread
 * of its own so the mail path never waits for it; {@link DnsCheckSchedule} checks every domain's DNS and DKIM records
 * at an interval ({@link DnsWatch} turns changes into events and alerts); {@link DailyDigestSchedule} sends yesterday's
 * digest. Every mail goes to the members who want its type ({@link NotificationPreferences}, choices from the storage
 * flavour) through James's pipeline ({@link PostmasterNotices}), with a one-click unsubscribe link
 * ({@link UnsubscribeLinks}) when {@code rules.publicUrl} is set. Settings in {@code smtpy.properties}:
 * <pre>
 * notifications.dnsCheckEveryHours=6     # how often every domain's DNS is checked (0: never)
 * notifications.dkimStuckAfterHours=48   # how long a new DKIM key may wait for its record before the owners hear of it
 * notifications.digestLookEverySeconds=3600  # how often it looks whether a new UTC day began (the digest is daily)
 * </pre>
 * The unsubscribe tokens' key derives from the same installation secret as the block links' ({@link RulesSecret}).
 */
public class NotificationsModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(NotificationsModule.class);

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), MailEventListener.class).addBinding().to(OwnerAlerts.class);
        bind(Sender.class).asEagerSingleton();
        bind(DnsCheckSchedule.class).asEagerSingleton();
        bind(DailyDigestSchedule.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    OwnerAlerts ownerAlerts(Clock clock) {
        return new OwnerAlerts(clock);
    }

    @Provides
    NotificationPreferenceRepository notificationPreferenceRepository(StorageFlavour storage) {
        return storage.notificationPreferences();
    }

    @Provides
    @Singleton
    NotificationPreferences notificationPreferences(NotificationPreferenceRepository repository, AccessStores access) {
        return new NotificationPreferences(repository, access);
    }

    @Provides
    @Singleton
    UnsubscribeTokens unsubscribeTokens(@RulesSecret byte[] secret) {
        return new UnsubscribeTokens(secret);
    }

    @Provides
    @Singleton
    UnsubscribeLinks unsubscribeLinks(UnsubscribeTokens tokens, PropertiesProvider properties) throws ConfigurationException {
        Optional<String> publicUrl = RulesModule.publicUrl(properties);
        if (publicUrl.isEmpty()) {
            LOGGER.info("No rules.publicUrl: notification mails carry no one-click unsubscribe link");
        }
        try {
            return new UnsubscribeLinks(tokens, publicUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: rules.publicUrl: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    MemberNotices memberNotices(NotificationPreferences preferences, UnsubscribeLinks links, Provider<MailetContext> mailetContext) {
        return new MemberNotices(preferences, links, new PostmasterNotices(mailetContext));
    }

    @Provides
    @Singleton
    DnsWatch dnsWatch(MailEvents events, OwnerAlerts alerts, Clock clock, PropertiesProvider properties) throws ConfigurationException {
        return new DnsWatch(events, alerts, clock, Duration.ofHours(hours(SmtpyConfiguration.rawProperties(properties),
            "notifications.dkimStuckAfterHours", DnsWatch.DEFAULT_STUCK_AFTER.toHours(), 1)));
    }

    @Provides
    @Named(DnsCheckSchedule.EVERY)
    Duration dnsCheckEvery(PropertiesProvider properties) throws ConfigurationException {
        return Duration.ofHours(hours(SmtpyConfiguration.rawProperties(properties), "notifications.dnsCheckEveryHours", 6, 0));
    }

    @Provides
    @Named(DailyDigestSchedule.LOOK_EVERY)
    Duration digestLookEvery(PropertiesProvider properties) throws ConfigurationException {
        long seconds = SmtpyConfiguration.rawProperties(properties).getLong("notifications.digestLookEverySeconds",
            DailyDigestSchedule.EVERY.toSeconds());
        if (seconds < 1 || seconds > DailyDigestSchedule.EVERY.toSeconds()) {
            throw new IllegalArgumentException("smtpy.properties: notifications.digestLookEverySeconds must be between 1 and "
                + DailyDigestSchedule.EVERY.toSeconds() + ", got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    @Provides
    @Singleton
    DailyDigest dailyDigest(Analytics analytics, MailEventRepository events) {
        return new DailyDigest(analytics, events);
    }

    private static long hours(Configuration configuration, String name, long fallback, long min) {
        long hours = configuration.getLong(name, fallback);
        if (hours < min || hours > 24 * 366) {
            throw new IllegalArgumentException("smtpy.properties: " + name + " must be between " + min + " and 8784 hours, got " + hours);
        }
        return hours;
    }

    /** Takes the alerts as they come and mails them. */
    static final class Sender {
        private final Thread thread;

        @Inject
        Sender(OwnerAlerts alerts, MemberNotices notices) {
            thread = new Thread(() -> run(alerts, notices), "smtpy-owner-alerts");
            thread.setDaemon(true);
            thread.start();
        }

        private static void run(OwnerAlerts alerts, MemberNotices notices) {
            while (!Thread.currentThread().isInterrupted()) {
                Optional<Alert> alert;
                try {
                    alert = alerts.next(60_000);
                } catch (InterruptedException e) {
                    return;
                }
                alert.ifPresent(next -> notices.send(next.domain(), next.kind(), next.subject(), next.text()));
            }
        }

        @PreDestroy
        void stop() {
            thread.interrupt();
        }
    }
}
