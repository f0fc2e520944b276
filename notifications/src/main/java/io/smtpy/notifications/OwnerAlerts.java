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
 * Decides, from the mail events as they are recorded, when a domain's owners should hear of a problem at once:
 * <ul>
 *   <li>{@link Alert.Kind#DESTINATION_FAILING}: a destination refused a forwarded copy for good ({@code bounced} with a
 *       5xx code); one alert per domain and destination per {@link #THROTTLE};</li>
 *   <li>{@link Alert.Kind#BOUNCE_RATE}: within a clock hour, at least {@link #MIN_BOUNCES} permanent failures and at
 *       least {@link #BOUNCE_RATE} of the forwarded copies; one alert per domain per {@link #THROTTLE}.</li>
 * </ul>
 * One incident is one mail, not a thousand. Only memory is touched on the mail path (bounded maps); alerts wait in a
 * bounded queue for the sender ({@link #next}), and are dropped, not queued without end, when nobody takes them.
 */
public class OwnerAlerts implements MailEventListener {
    public static final Duration THROTTLE = Duration.ofHours(24);
    public static final int MIN_BOUNCES = 10;
    public static final double BOUNCE_RATE = 0.2;
    static final int MAX_TRACKED = 10_000;
    static final int QUEUE_SIZE = 1_000;

    private final Clock clock;
    private final Map<String, Instant> lastSent = boundedMap();
    private final Map<DomainName, HourCounts> hours = boundedMap();
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
        }
    }

    private void destinationFailed(MailEvent event) {
        List<String> destinations = event.recipients().isEmpty() ? List.of("(unknown)") : event.recipients();
        for (String destination : destinations) {
            raise(new Alert(Alert.Kind.DESTINATION_FAILING, event.domain(), destination, event.at(),
                "Mail to " + destination + " is failing for " + event.domain().asString(),
                "smtpy could not deliver mail for " + event.domain().asString()
                    + event.alias().map(alias -> " (alias " + alias.asString() + ")").orElse("") + " to " + destination
                    + ":\n\n  " + event.smtpCode().map(String::valueOf).orElse("")
                    + event.enhancedStatus().map(status -> " " + status).orElse("") + " " + event.detail()
                    + "\n\nThe destination's server refused it for good. Check the address, or change the alias's"
                    + " destinations or fallbacks.\nFurther failures to this destination are not mailed for "
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
            raise(new Alert(Alert.Kind.BOUNCE_RATE, event.domain(), "domain", event.at(),
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

    private static final class HourCounts {
        final Instant hour;
        int forwarded;
        int bounced;

        HourCounts(Instant hour) {
            this.hour = hour;
        }
    }
}
