package io.smtpy.guice;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Named;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyRotation;
import io.smtpy.core.dns.DkimRecord;
import io.smtpy.core.dns.DomainOnboarding;
import io.smtpy.core.model.Domain;
import io.smtpy.notifications.DnsWatch;

/**
 * Checks the DNS of every domain ({@link DomainOnboarding}, with its DKIM keys' records) at a fixed interval
 * ({@code notifications.dnsCheckEveryHours}, default 6; 0: never) and hands each report to {@link DnsWatch}, which
 * records what went wrong or was mended and raises the alerts. Off when the onboarding check is (no MX hosts known).
 * On one node of the cluster ({@link ClusterJobs}, job {@value #JOB}): what {@link DnsWatch} remembers between checks
 * is that node's, so a check taken over by another node after a failure may raise an alert again.
 */
final class DnsCheckSchedule {
    static final String JOB = "dns-check";
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsCheckSchedule.class);
    static final String EVERY = "smtpy.notifications.dnsCheckEvery";
    private static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(2);

    private final Optional<DomainOnboarding> onboarding;
    private final AliasDirectory directory;
    private final DkimKeyRotation dkim;
    private final DnsWatch watch;
    private final Optional<PeriodicTask> task;

    /**
     * @param every the interval; zero: never on its own (tests call {@link #run()})
     */
    @Inject
    DnsCheckSchedule(Optional<DomainOnboarding> onboarding, AliasDirectory directory, DkimKeyRotation dkim, DnsWatch watch,
                     ClusterJobs jobs, @Named(EVERY) Duration every) {
        this.onboarding = onboarding;
        this.directory = directory;
        this.dkim = dkim;
        this.watch = watch;
        if (every.isZero() || onboarding.isEmpty()) {
            LOGGER.info("Periodic DNS check of the domains off ({})", onboarding.isEmpty() ? "no onboarding check"
                : "notifications.dnsCheckEveryHours=0");
            this.task = Optional.empty();
            return;
        }
        Duration first = FIRST_RUN_AFTER.compareTo(every) < 0 ? FIRST_RUN_AFTER : every;
        this.task = Optional.of(jobs.schedule(JOB, StorageConcern.DOMAINS, first, every, this::run));
    }

    /** One check of every domain; a domain whose check fails is skipped this time. */
    void run() {
        if (onboarding.isEmpty()) {
            return;
        }
        List<Domain> domains = directory.domains();
        watch.retainOnly(domains.stream().map(Domain::name).collect(Collectors.toSet()));
        for (Domain domain : domains) {
            try {
                List<DkimKey> keys = dkim.keys(domain.name());
                List<DkimRecord> published = dkim.publishedKeys(domain.name()).stream()
                    .map(key -> DkimRecord.of(key.recordName(), key.txtRecord()))
                    .collect(Collectors.toList());
                watch.checked(onboarding.get().check(domain.name(), published), keys);
            } catch (RuntimeException e) {
                LOGGER.warn("The periodic DNS check of {} failed: {}", domain.name(), e.getMessage());
            }
        }
    }

    @PreDestroy
    void stop() {
        task.ifPresent(PeriodicTask::close);
    }
}
