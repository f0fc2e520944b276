package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.access.store.AccessStores;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.rules.quarantine.QuarantineDigest;

/**
 * Once a day ({@link #EVERY}; the first run {@link #FIRST_RUN_AFTER} after start), sends each domain whose
 * {@code quarantineDigest} is on the {@link QuarantineDigest} of the mail held since its last digest, to the members
 * whose role on that domain is owner or admin in the domain's account, from the postmaster through James's own
 * pipeline ({@link PostmasterNotices}). A domain with nothing new gets no mail.
 *
 * <p>When each domain last got its digest is kept in memory only, and starts at "one day before the start": a restart
 * then sends at most one day's worth again (possibly listing mail an earlier digest listed, or a second digest the
 * same day), and never a backlog of everything held while the server was down. Storing it would buy exactness at
 * the price of a table for a reminder; the quarantine list itself is the record.
 *
 * <p>It runs on one node of the cluster ({@link ClusterJobs}, job {@value #JOB}), which keeps those times: when another
 * node takes over (the first died, or a run failed), it sends at most one day's worth again, as after a restart.
 */
final class QuarantineDigestSchedule {
    static final String JOB = "quarantine-digest";
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineDigestSchedule.class);
    static final Duration EVERY = Duration.ofDays(1);
    static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(10);

    private final QuarantineDigest digest;
    private final AliasDirectory directory;
    private final AccessStores access;
    private final NoticeSender notices;
    private final Clock clock;
    private final Instant firstWindowStart;
    private final Map<DomainName, Instant> lastDigest = new ConcurrentHashMap<>();
    private final Optional<PeriodicTask> task;

    @Inject
    QuarantineDigestSchedule(QuarantineDigest digest, AliasDirectory directory, AccessStores access,
                             Provider<MailetContext> mailetContext, Clock clock, ClusterJobs jobs) {
        this(digest, directory, access, new PostmasterNotices(mailetContext), clock, jobs, EVERY, Optional.of(FIRST_RUN_AFTER));
    }

    /**
     * @param every the period: both how often it runs and how far back the first digest after start looks
     * @param firstRunAfter when the first run is; empty: never on its own (tests call {@link #run()})
     */
    QuarantineDigestSchedule(QuarantineDigest digest, AliasDirectory directory, AccessStores access, NoticeSender notices,
                             Clock clock, ClusterJobs jobs, Duration every, Optional<Duration> firstRunAfter) {
        this.digest = digest;
        this.directory = directory;
        this.access = access;
        this.notices = notices;
        this.clock = clock;
        this.firstWindowStart = clock.instant().minus(every);
        this.task = firstRunAfter.map(delay -> jobs.schedule(JOB, StorageConcern.RULES, delay, every, this::runLogged));
    }

    /** A failure is logged by the {@link PeriodicTask}, and the next run tries again. */
    private void runLogged() {
        int sent = run();
        if (sent > 0) {
            LOGGER.info("Sent {} quarantine digests", sent);
        }
    }

    /**
     * One round over every domain. A domain's window moves on when its digest reached at least one recipient (or
     * there was nothing to send, or nobody to send it to); when every send failed it stays, so the next run tries
     * again with the same mail and whatever came since.
     *
     * @return how many mails were sent
     */
    int run() {
        int sent = 0;
        List<Domain> domains = directory.domains();
        // Forget deleted domains: one created again later starts like any new one.
        lastDigest.keySet().retainAll(domains.stream().map(Domain::name).collect(Collectors.toSet()));
        for (Domain domain : domains) {
            if (!domain.quarantineDigest()) {
                continue;
            }
            try {
                sent += digestOf(domain.name());
            } catch (RuntimeException e) {
                LOGGER.error("Could not compose the quarantine digest of {}", domain.name(), e);
            }
        }
        return sent;
    }

    private int digestOf(DomainName domain) {
        Instant now = clock.instant();
        Instant since = lastDigest.getOrDefault(domain, firstWindowStart);
        Optional<QuarantineDigest.Digest> composed = digest.compose(domain, since);
        if (composed.isEmpty()) {
            lastDigest.put(domain, now);
            return 0;
        }
        QuarantineDigest.Digest found = composed.get();
        List<MailAddress> recipients = DomainAdmins.of(access, domain);
        if (recipients.isEmpty()) {
            LOGGER.warn("{} new mails are held for {}, but its account has no owner or admin to send the digest to",
                found.mails(), domain);
            lastDigest.put(domain, found.until());
            return 0;
        }
        int sent = 0;
        for (MailAddress recipient : recipients) {
            try {
                notices.send(recipient, found.subject(), found.text());
                sent++;
            } catch (RuntimeException e) {
                LOGGER.error("Could not send the quarantine digest of {} to {}", domain, recipient, e);
            }
        }
        if (sent > 0) {
            lastDigest.put(domain, found.until());
        }
        return sent;
    }

    @PreDestroy
    void stop() {
        task.ifPresent(PeriodicTask::close);
    }
}
