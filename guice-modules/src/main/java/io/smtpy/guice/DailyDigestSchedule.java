package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Named;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.notifications.DailyDigest;
import io.smtpy.notifications.NotificationType;

/**
 * Sends each domain's {@link DailyDigest} of the previous UTC day to the members who opted in to
 * {@link NotificationType#DIGEST}, once a day: it looks every {@link #EVERY} ({@code notifications.digestLookEverySeconds};
 * the first look {@link #FIRST_RUN_AFTER} after start, or one interval when shorter) whether a new UTC day began since
 * a domain's last digest.
 *
 * <p>The day of the last digest is kept in memory and starts at "the day before the start": the first digest after a
 * start is that of the start's own day, sent after the next midnight. A restart may so skip one digest, and never sends
 * one twice; the roll-ups themselves are the record.
 *
 * <p>The looks run on one node of the cluster ({@link ClusterJobs}, job {@value #JOB}), which keeps the days in its
 * memory: when another node takes over (the first died, or a look failed), it may send yesterday's digest again.
 */
final class DailyDigestSchedule {
    static final String JOB = "daily-digest";
    private static final Logger LOGGER = LoggerFactory.getLogger(DailyDigestSchedule.class);
    static final String LOOK_EVERY = "smtpy.notifications.digestLookEvery";
    static final Duration EVERY = Duration.ofHours(1);
    static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(10);

    private final DailyDigest digest;
    private final AliasDirectory directory;
    private final MemberNotices notices;
    private final Clock clock;
    private final LocalDate startDay;
    private final Map<DomainName, LocalDate> lastDigest = new ConcurrentHashMap<>();
    private final Optional<PeriodicTask> task;

    @Inject
    DailyDigestSchedule(DailyDigest digest, AliasDirectory directory, MemberNotices notices, Clock clock,
                        ClusterJobs jobs, @Named(LOOK_EVERY) Duration every) {
        this(digest, directory, notices, clock, jobs, Optional.of(every));
    }

    /**
     * @param every how often it looks; empty: never on its own (tests call {@link #run()})
     */
    DailyDigestSchedule(DailyDigest digest, AliasDirectory directory, MemberNotices notices, Clock clock,
                        ClusterJobs jobs, Optional<Duration> every) {
        this.digest = digest;
        this.directory = directory;
        this.notices = notices;
        this.clock = clock;
        this.startDay = today().minusDays(1);
        this.task = every.map(interval -> jobs.schedule(JOB, StorageConcern.ANALYTICS,
            FIRST_RUN_AFTER.compareTo(interval) < 0 ? FIRST_RUN_AFTER : interval, interval, this::runLogged));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** A failure is logged by the {@link PeriodicTask}, and the next look tries again. */
    private void runLogged() {
        int sent = run();
        if (sent > 0) {
            LOGGER.info("Sent {} daily digests", sent);
        }
    }

    /**
     * Sends yesterday's digest of every domain that has not had it. A domain with nothing that day, or nobody opted
     * in, counts as done (without composing it); a domain whose every copy failed is tried again at the next look.
     *
     * @return how many mails were sent
     */
    int run() {
        LocalDate yesterday = today().minusDays(1);
        int sent = 0;
        var domains = directory.domains();
        lastDigest.keySet().retainAll(domains.stream().map(Domain::name).collect(Collectors.toSet()));
        for (Domain domain : domains) {
            if (!lastDigest.getOrDefault(domain.name(), startDay).isBefore(yesterday)) {
                continue;
            }
            if (!notices.wanted(domain.name(), NotificationType.DIGEST)) {
                lastDigest.put(domain.name(), yesterday);
                continue;
            }
            try {
                Optional<DailyDigest.Digest> composed = digest.compose(domain.name(), yesterday);
                int copies = composed.map(found -> notices.send(domain.name(), NotificationType.DIGEST, found.subject(), found.text()))
                    .orElse(0);
                if (composed.isEmpty() || copies > 0) {
                    lastDigest.put(domain.name(), yesterday);
                }
                sent += copies;
            } catch (RuntimeException e) {
                LOGGER.error("Could not compose the daily digest of {}", domain.name(), e);
            }
        }
        return sent;
    }

    @PreDestroy
    void stop() {
        task.ifPresent(PeriodicTask::close);
    }
}
