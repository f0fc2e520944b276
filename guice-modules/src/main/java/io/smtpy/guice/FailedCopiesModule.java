package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import io.smtpy.bounces.copies.CopyResender;
import io.smtpy.bounces.copies.FailedCopies;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.mailets.SpoolResend;

/**
 * Failed copies kept for resending: storage (from the chosen flavour), {@link FailedCopies} (what
 * {@code RecordDeliveryOutcome} keeps a bounced copy with, and the resend route sends through James's relay
 * processor, {@link SpoolResend}), and an hourly purge of what is past its time, sparing domains under legal hold.
 * Settings in {@code smtpy.properties}:
 * <pre>
 * failedCopies.maxSizeKiB=10240     # larger copies are not kept (the bounced event says so)
 * failedCopies.retentionDays=5
 * </pre>
 */
public class FailedCopiesModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CopyResender.class).to(SpoolResend.class);
        bind(FailedCopiesPurge.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    FailedCopies failedCopies(StorageFlavour storage, CopyResender resender, MailEvents events, Clock clock,
                              PropertiesProvider properties) throws ConfigurationException {
        Configuration configuration = SmtpyConfiguration.rawProperties(properties);
        long maxSizeKiB = configuration.getLong("failedCopies.maxSizeKiB", FailedCopies.DEFAULT_MAX_SIZE_BYTES / 1024);
        long retentionDays = configuration.getLong("failedCopies.retentionDays", FailedCopies.DEFAULT_RETENTION.toDays());
        if (maxSizeKiB < 1 || retentionDays < 1) {
            throw new IllegalArgumentException("smtpy.properties: failedCopies.maxSizeKiB and failedCopies.retentionDays must be"
                + " at least 1, got " + maxSizeKiB + " and " + retentionDays);
        }
        return new FailedCopies(storage.failedCopies(), resender, events, clock, maxSizeKiB * 1024, Duration.ofDays(retentionDays));
    }

    /**
     * Every hour, the first time a few minutes after start: forgets copies past their time, except under legal hold; on
     * one node of the cluster ({@link ClusterJobs}, job {@value #JOB}).
     */
    static final class FailedCopiesPurge {
        static final String JOB = "failed-copies-purge";
        private static final Logger LOGGER = LoggerFactory.getLogger(FailedCopiesPurge.class);
        private static final Duration FIRST_AFTER = Duration.ofMinutes(5);
        private static final Duration EVERY = Duration.ofHours(1);

        private final PeriodicTask task;

        @Inject
        FailedCopiesPurge(FailedCopies copies, AliasDirectory directory, ClusterJobs jobs) {
            this.task = jobs.schedule(JOB, StorageConcern.BOUNCES, FIRST_AFTER, EVERY, () -> {
                int purged = copies.purge(held(directory));
                if (purged > 0) {
                    LOGGER.info("Forgot {} failed copies past their retention", purged);
                }
            });
        }

        static Set<DomainName> held(AliasDirectory directory) {
            return directory.domains().stream().filter(domain -> domain.eventRetention().legalHold())
                .map(Domain::name).collect(Collectors.toSet());
        }

        @PreDestroy
        void stop() {
            task.close();
        }
    }
}
