package io.smtpy.core.dkim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.DomainRepository;

/**
 * What the rotation task runs: {@link #everyDomain()} for the schedule, {@link #rotateNow(DomainName)} on demand.
 * Each transition {@link DkimKeyRotation} makes is recorded as a {@link MailEventType#DKIM_KEY} event of the
 * domain, so an owner sees in the event list when a new key waits for its DNS record and when it took over.
 *
 * <p>A failure on one domain (its storage row unreadable, say) is logged and does not stop the others: one bad
 * domain must not leave every other domain on an expiring key.
 */
public class DkimRotationRun {
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimRotationRun.class);

    private final DkimKeyRotation rotation;
    private final DomainRepository domains;
    private final MailEvents events;

    @Inject
    public DkimRotationRun(DkimKeyRotation rotation, DomainRepository domains, MailEvents events) {
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Gives every enabled domain its keys and moves them one step (activation once published, successors when due,
     * retirement after the grace). A disabled domain signs nothing, so its keys wait until it is enabled again.
     *
     * @return the transitions made, all domains together
     */
    public List<DkimKeyTransition> everyDomain() {
        List<DkimKeyTransition> transitions = new ArrayList<>();
        for (Domain domain : domains.list()) {
            try {
                if (domain.enabled()) {
                    transitions.addAll(record(rotation.tick(domain.name())));
                }
            } catch (RuntimeException e) {
                LOGGER.error("DKIM rotation failed for {}; the other domains go on", domain.name(), e);
            }
        }
        return transitions;
    }

    /** Starts a rotation of the domain's keys now (see {@link DkimKeyRotation#rotate}). */
    public List<DkimKeyTransition> rotateNow(DomainName domain) {
        return record(rotation.rotate(domain));
    }

    /** Gives a new domain its keys (pending until published) without waiting for the schedule. */
    public List<DkimKeyTransition> ensureKeys(DomainName domain) {
        return record(rotation.ensureKeys(domain));
    }

    private List<DkimKeyTransition> record(List<DkimKeyTransition> transitions) {
        for (DkimKeyTransition transition : transitions) {
            events.record(MailEvent.builder(transition.domain(), MailEventType.DKIM_KEY, transition.at())
                .detail(describe(transition))
                .build());
        }
        return transitions;
    }

    static String describe(DkimKeyTransition transition) {
        String to = transition.to().name().toLowerCase(Locale.ROOT);
        return "DKIM key " + transition.selector().asString() + " (" + transition.algorithm().signatureAlgorithm() + ") "
            + transition.from().map(from -> from.name().toLowerCase(Locale.ROOT) + " -> " + to).orElse("created, " + to);
    }
}
