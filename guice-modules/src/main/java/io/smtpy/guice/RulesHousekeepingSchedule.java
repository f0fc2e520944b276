package io.smtpy.guice;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.rules.quarantine.Quarantine;

/**
 * Deletes a domain's rules, list entries and quarantine with the domain. Writes the hit counters of rules and list entries every {@link #FLUSH_EVERY} (counted in memory on the mail path)
 * and at stop (each node its own counts), and removes quarantined and dropped mail past its retention every hour, on
 * one node of the cluster ({@link ClusterJobs}, job {@value #QUARANTINE_EXPIRY_JOB}).
 */
final class RulesHousekeepingSchedule {
    static final String QUARANTINE_EXPIRY_JOB = "quarantine-expiry";
    private static final Logger LOGGER = LoggerFactory.getLogger(RulesHousekeepingSchedule.class);
    static final Duration FLUSH_EVERY = Duration.ofSeconds(30);
    private static final Duration EXPIRE_EVERY = Duration.ofHours(1);

    private final RuleBook rules;
    private final SenderLists lists;
    private final ScheduledExecutorService scheduler;
    private final PeriodicTask quarantineExpiry;

    @Inject
    RulesHousekeepingSchedule(RuleBook rules, SenderLists lists, Quarantine quarantine, AliasDirectory directory,
                              ClusterJobs jobs) {
        this.rules = rules;
        this.lists = lists;
        directory.onDomainDeleted(domain -> {
            rules.deleteDomain(domain);
            lists.deleteDomain(domain);
            quarantine.deleteDomain(domain);
        });
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smtpy-rules-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::flush, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        this.quarantineExpiry = jobs.schedule(QUARANTINE_EXPIRY_JOB, StorageConcern.RULES, Duration.ofMinutes(5),
            EXPIRE_EVERY, () -> {
                int removed = quarantine.expire();
                if (removed > 0) {
                    LOGGER.info("Quarantine housekeeping removed {} mails past their retention", removed);
                }
            });
    }

    private void flush() {
        try {
            rules.flushHits();
            lists.flushHits();
        } catch (RuntimeException e) {
            LOGGER.error("Could not write the hit counters of rules and lists; trying again in {}", FLUSH_EVERY, e);
        }
    }

    @PreDestroy
    void stop() {
        quarantineExpiry.close();
        scheduler.shutdownNow();
        flush();
    }
}
