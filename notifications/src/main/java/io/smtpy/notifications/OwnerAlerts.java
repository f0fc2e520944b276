package io.smtpy.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventListener;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;

/**
 * Decides, from the mail events as they are recorded, when a domain's people should hear of a problem at once:
 * <ul>
 *   <li>{@link NotificationType#DESTINATION_FAILING}: a destination refused a forwarded copy for good ({@code bounced}
 *       with a 5xx code); one alert per domain and destination per {@link #THROTTLE};</li>
 *   <li>{@link NotificationType#BOUNCE_RATE}: within a clock hour, at least {@link #MIN_BOUNCES} permanent failures
 *       and at least {@link #BOUNCE_RATE} of the forwarded copies; one alert per domain per {@link #THROTTLE};</li>
 *   <li>{@link NotificationType#SUPPRESSED}: a destination of an alias is suppressed ({@code suppressed}) after a
 *       complaint or by hand; one alert per domain, alias and destination per {@link #THROTTLE}. A suppression that
 *       follows a failure for good is told by its {@link NotificationType#DESTINATION_FAILING} alert, and the copies held
 *       back by a suppression (the same event type) are not mailed;</li>
 *   <li>{@link NotificationType#QUARANTINE}: mail was held ({@code quarantined}); at most one alert per domain per
 *       {@link #QUARANTINE_EVERY}, the next one counting every mail held since the last;</li>
 *   <li>{@link NotificationType#DNS_CHECK} and {@link NotificationType#DKIM}: raised by {@link DnsWatch} through
 *       {@link #raise}, with the same per-subject throttle;</li>
 *   <li>{@link NotificationType#LIMIT}: raised through {@link #raise} by the limits ({@code limits/}, wired in
 *       {@code guice-modules}) when a limit with {@code notify} first refuses mail in its window; the subject names
 *       the limit and its window, so each incident is one alert;</li>
 *   <li>{@link NotificationType#REPLY_REFUSED}: raised through {@link #raise} by the MX's reply hook when a mail to a
 *       reverse alias did not come, authenticated, from the alias's mailbox; one per reverse alias per {@link #THROTTLE}.</li>
 * </ul>
 * One incident is one mail, not a thousand. Only memory is touched on the mail path (bounded maps); alerts wait in a
 * bounded queue for the sender ({@link #next}), and are dropped, not queued without end, when nobody takes them.
 */
public class OwnerAlerts implements MailEventListener {
    public static final Duration THROTTLE = Duration.ofHours(24);
    public static final int MIN_BOUNCES = 10;
    public static final double BOUNCE_RATE = 0.2;
    public static final Duration QUARANTINE_EVERY = Duration.ofHours(1);
    static final int MAX_TRACKED = 10_000;
    static final int QUEUE_SIZE = 1_000;
    /** How {@code suppression/} begins the detail of a new suppression's event, and names a failure as its cause. */
    static final String SUPPRESSION_STARTS = "suppressed until ";
    static final String CAUSED_BY_BOUNCE = "(bounce:";

    private final Clock clock;
    private final Map<String, Instant> lastSent = boundedMap();
    private final Map<DomainName, HourCounts> hours = boundedMap();
    private final Map<DomainName, HeldSince> held = boundedMap();
    private final BlockingQueue<Alert> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);

    public OwnerAlerts(Clock clock) {
        this.clock = clock;
    }

    private static <K, V> Map<K, V> boundedMap() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }

    @Override
    public void onEvent(MailEvent event) {
        if (event.type() == MailEventType.FORWARDED) {
            synchronized (this) {
                counts(event.domain(), event.at()).forwarded += Math.max(1, event.recipients().size());
            }
        } else if (event.type() == MailEventType.BOUNCED && event.smtpCode().map(code -> code >= 500).orElse(false)) {
            destinationFailed(event);
            bounceRate(event);
        } else if (event.type() == MailEventType.SUPPRESSED) {
            suppressed(event);
        } else if (event.type() == MailEventType.QUARANTINED) {
            quarantined(event);
        }
    }

    private void suppressed(MailEvent event) {
        // One incident, one mail: a suppression that follows a failure for good ("(bounce:<class>)") is told by that
        // failure's destination-failing alert, and a copy kept from a suppressed destination ("not sent to ...") by the
        // suppression's own alert, or by the quarantine's when it was held.
        if (!event.detail().startsWith(SUPPRESSION_STARTS) || event.detail().contains(CAUSED_BY_BOUNCE)) {
            return;
        }
        String alias = event.alias().map(part -> part.asString() + "@" + event.domain().asString()).orElse("the domain");
        List<String> destinations = event.recipients().isEmpty() ? List.of("(unknown)") : event.recipients();
        for (String destination : destinations) {
            raise(new Alert(NotificationType.SUPPRESSED, event.domain(), alias + " " + destination, event.at(),
                "Mail to " + destination + " for " + alias + " is suppressed",
                "Mail to " + destination + " for " + alias + " is suppressed: " + event.detail()
                    + "\n\nUntil the suppression ends, copies for this destination go to the alias's fallback or are held."
                    + " GET /smtpy/domains/" + event.domain().asString() + "/events?type=suppressed lists the"
                    + " suppressions.\nThis destination's suppression is not mailed again for " + THROTTLE.toHours() + " hours."));
        }
    }

    private void quarantined(MailEvent event) {
        Instant now = clock.instant();
        int count;
        Instant since;
        synchronized (this) {
            HeldSince counter = held.computeIfAbsent(event.domain(), domain -> new HeldSince());
            counter.count++;
            if (counter.lastAlert != null && counter.lastAlert.plus(QUARANTINE_EVERY).isAfter(now)) {
                return;
            }
            count = counter.count;
            since = counter.lastAlert;
            counter.count = 0;
            counter.lastAlert = now;
        }
        String domain = event.domain().asString();
        queue.offer(new Alert(NotificationType.QUARANTINE, event.domain(), "domain", event.at(),
            count + (count == 1 ? " mail" : " mails") + " quarantined for " + domain,
            count + (count == 1 ? " mail was" : " mails were") + " held in the quarantine for " + domain
                + (since == null ? "" : " since " + since) + ", the last by: " + event.detail()
                + "\n\nHeld mail is not forwarded until released: GET /smtpy/domains/" + domain + "/quarantine lists it."
                + "\nFurther quarantined mail is counted into the next alert, at most one each "
                + QUARANTINE_EVERY.toMinutes() + " minutes."));
    }

    private void destinationFailed(MailEvent event) {
        List<String> destinations = event.recipients().isEmpty() ? List.of("(unknown)") : event.recipients();
        for (String destination : destinations) {
            raise(new Alert(NotificationType.DESTINATION_FAILING, event.domain(), destination, event.at(),
                "Mail to " + destination + " is failing for " + event.domain().asString(),
                "smtpy could not deliver mail for " + event.domain().asString()
                    + event.alias().map(alias -> " (alias " + alias.asString() + ")").orElse("") + " to " + destination
                    + ":\n\n  " + event.smtpCode().map(String::valueOf).orElse("")
                    + event.enhancedStatus().map(status -> " " + status).orElse("") + " " + event.detail()
                    + "\n\nThe destination's server refused it for good. Check the address, or change the alias's"
                    + " destinations or fallbacks. When the mailbox is unknown or full, smtpy also suppresses it for the alias"
                    + " (GET /smtpy/domains/" + event.domain().asString() + "/suppressions): copies go to the alias's"
                    + " fallback or are held until a later delivery, an owner or time lifts it.\nFurther failures to this destination are not mailed for "
                    + THROTTLE.toHours() + " hours; GET /smtpy/domains/" + event.domain().asString()
                    + "/events?type=bounced lists them all."));
        }
    }

    private void bounceRate(MailEvent event) {
        int bounced;
        int forwarded;
        synchronized (this) {
            HourCounts counts = counts(event.domain(), event.at());
            counts.bounced++;
            bounced = counts.bounced;
            forwarded = counts.forwarded;
        }
        if (bounced >= MIN_BOUNCES && bounced >= BOUNCE_RATE * Math.max(forwarded, 1)) {
            raise(new Alert(NotificationType.BOUNCE_RATE, event.domain(), "domain", event.at(),
                "High bounce rate for " + event.domain().asString(),
                bounced + " forwarded copies for " + event.domain().asString() + " failed for good in the last hour, out of "
                    + forwarded + " forwarded. Destinations that no longer exist hurt the domain's reputation: review"
                    + " GET /smtpy/domains/" + event.domain().asString() + "/events?type=bounced.\nThis alert is not"
                    + " repeated for " + THROTTLE.toHours() + " hours."));
        }
    }

    private HourCounts counts(DomainName domain, Instant at) {
        Instant hour = at.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        HourCounts counts = hours.get(domain);
        if (counts == null || !counts.hour.equals(hour)) {
            counts = new HourCounts(hour);
            hours.put(domain, counts);
        }
        return counts;
    }

    /**
     * Queues an alert decided elsewhere ({@link DnsWatch}) unless one of the same type, domain and subject went out
     * within {@link #THROTTLE}.
     */
    public void raise(NotificationType type, DomainName domain, String about, String subject, String text) {
        raise(new Alert(type, domain, about, clock.instant(), subject, text));
    }

    private void raise(Alert alert) {
        String key = alert.kind() + " " + alert.domain().asString() + " " + alert.about();
        Instant now = clock.instant();
        synchronized (this) {
            Instant last = lastSent.get(key);
            if (last != null && last.plus(THROTTLE).isAfter(now)) {
                return;
            }
            lastSent.put(key, now);
        }
        queue.offer(alert);
    }

    /** The next alert to send, waiting up to {@code timeoutMillis}. */
    public Optional<Alert> next(long timeoutMillis) throws InterruptedException {
        return Optional.ofNullable(queue.poll(timeoutMillis, TimeUnit.MILLISECONDS));
    }

    private static final class HeldSince {
        int count;
        Instant lastAlert;
    }

    private static final class HourCounts {
        final Instant hour;
        int forwarded;
        int bounced;

        HourCounts(Instant hour) {
            this.hour = hour;
        }
    }
}
