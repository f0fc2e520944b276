package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.core.events.JourneyQuery;
import io.smtpy.core.events.JourneySummary;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * The search latency of the message list over a large history (issue 15's benchmark): fills an embedded store with
 * {@code -Dbench.journeys.events=N} events of realistic journeys through the repository's own batch write (the code
 * the events writer runs, in batches of {@value #BATCH} rather than its 1000, to spend less time on commits), then times {@link EmbeddedMailEventRepository#journeys} for
 * the list and each filter, {@value #RUNS} pages of {@code limit} 51 each (a page of 50 and one more, as the route
 * asks), with values drawn at random among those the data holds, and writes p50/p95 per query to
 * {@code -Dbench.journeys.out=FILE} (markdown). Not a test: skipped unless the property is given;
 * {@code bench/run.sh --search-only} runs it.
 */
@EnabledIfSystemProperty(named = "bench.journeys.events", matches = "[0-9]+")
class JourneySearchBenchmark {
    private static final DomainName DOMAIN = DomainName.of("bench.example");
    private static final int BATCH = 20_000;
    private static final int RUNS = 200;
    private static final int WARM_UP = 30;
    private static final int ALIASES = 500;
    private static final int SENDERS = 20_000;
    private static final int DESTINATIONS = 2_000;
    private static final int PROVIDERS = 40;
    private static final int RULES = 50;
    private static final String[] WORDS = {"invoice", "meeting", "report", "order", "newsletter", "receipt", "update", "welcome",
        "reminder", "security", "alert", "shipping", "password", "booking", "statement", "offer"};
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path directory;

    @Test
    void measure() throws IOException {
        long target = Long.parseLong(System.getProperty("bench.journeys.events"));
        Path file = directory.resolve("smtpy.db");
        try (EmbeddedStore store = EmbeddedStore.open(file)) {
            EmbeddedMailEventRepository events = (EmbeddedMailEventRepository) store.events();
            long generationStart = System.nanoTime();
            long[] written = fill(events, target);
            double generationSeconds = (System.nanoTime() - generationStart) / 1e9;
            assertThat(events.lost()).isZero();

            Map<String, Function<SplittableRandom, JourneyQuery>> queries = queries(written[1]);
            Map<String, long[]> results = new LinkedHashMap<>();
            for (Map.Entry<String, Function<SplittableRandom, JourneyQuery>> query : queries.entrySet()) {
                results.put(query.getKey(), time(events, query.getValue()));
            }
            report(target, written, generationSeconds, Files.size(file), results);
        }
    }

    /** @return events and journeys written */
    private static long[] fill(EmbeddedMailEventRepository events, long target) {
        SplittableRandom random = new SplittableRandom(42);
        long spanSeconds = Duration.ofDays(30).toSeconds();
        long estimatedJourneys = Math.max(1, target * 10 / 37);
        List<MailEvent> batch = new ArrayList<>(BATCH + 8);
        long count = 0;
        long journeys = 0;
        while (count < target) {
            Instant at = START.plusMillis(journeys * spanSeconds * 1000 / estimatedJourneys);
            for (MailEvent event : journey(random, journeys++, at)) {
                batch.add(event);
                count++;
            }
            if (batch.size() >= BATCH) {
                events.write(batch);
                batch = new ArrayList<>(BATCH + 8);
            }
        }
        if (!batch.isEmpty()) {
            events.write(batch);
        }
        return new long[] {count, journeys};
    }

    /** One mail: received, forwarded, then delivered (most), deferred then delivered, bounced, or quarantined by a rule. */
    private static List<MailEvent> journey(SplittableRandom random, long number, Instant at) {
        String id = journeyId(number);
        String alias = "alias" + random.nextInt(ALIASES);
        String sender = sender(random.nextInt(SENDERS));
        String destination = destination(random.nextInt(DESTINATIONS));
        String provider = destination.substring(destination.indexOf('@') + 1);
        String subject = WORDS[random.nextInt(WORDS.length)] + " #" + random.nextInt(100_000) + " " + WORDS[random.nextInt(WORDS.length)];
        String messageId = messageId(id);
        List<MailEvent> events = new ArrayList<>(4);
        events.add(event(id, id, MailEventType.RECEIVED, at, alias, messageId, sender, alias + "@bench.example", "spam 1.2/5.0, clean")
            .subject(subject).build());
        String srs = "SRS0=" + Integer.toHexString(random.nextInt(0xffff)) + "=AB=" + sender.substring(sender.indexOf('@') + 1) + "="
            + sender.substring(0, sender.indexOf('@')) + "@bench.example";
        events.add(event(id, id + "-1", MailEventType.FORWARDED, at.plusMillis(40), alias, messageId, srs, destination,
            "envelope sender " + srs + "; copy " + id + "-1").build());
        int outcome = random.nextInt(100);
        String mx = "mx" + random.nextInt(3) + "." + provider;
        if (outcome < 80) {
            events.add(event(id, id + "-1", MailEventType.DELIVERED, at.plusMillis(300 + random.nextInt(2000)), alias, messageId, srs,
                destination, "accepted by " + provider).build());
        } else if (outcome < 88) {
            events.add(event(id, id + "-1", MailEventType.DEFERRED, at.plusSeconds(2), alias, messageId, srs, destination,
                "451 4.7.1 " + mx + " greylisted, try again later; temporary delivery failure, attempt 1; next attempt in 300 s").build());
            events.add(event(id, id + "-1", MailEventType.DELIVERED, at.plusSeconds(302), alias, messageId, srs, destination,
                "accepted by " + provider).build());
        } else if (outcome < 96) {
            events.add(event(id, id + "-1", MailEventType.BOUNCED, at.plusSeconds(1), alias, messageId, srs, destination,
                "550 5.1.1 <" + destination + ">: " + mx + " said: Recipient address rejected: User unknown (no-such-user, permanent)")
                .smtpCode(550).enhancedStatus("5.1.1").build());
        } else {
            events.add(event(id, id, MailEventType.QUARANTINED, at.plusMillis(50), alias, messageId, sender, alias + "@bench.example",
                "quarantined by rule 'rule" + random.nextInt(RULES) + "' of " + alias + "@bench.example").build());
        }
        return events;
    }

    private static String journeyId(long number) {
        return "Mail" + (1_700_000_000_000L + number) + "-" + Long.toHexString(number * 2654435761L & 0xffffffL);
    }

    private static String messageId(String journeyId) {
        return "<" + journeyId + "@client.bench.example>";
    }

    private static String sender(int number) {
        return "user" + number + "@sender" + (number % PROVIDERS) + ".example";
    }

    private static String destination(int number) {
        return "dest" + number + "@provider" + (number % PROVIDERS) + ".example";
    }

    private static MailEvent.Builder event(String journey, String mail, MailEventType type, Instant at, String alias, String messageId,
                                           String sender, String recipient, String detail) {
        return MailEvent.builder(DOMAIN, type, at).journeyId(journey).mailId(mail).alias(LocalPart.of(alias)).messageId(messageId)
            .sender(sender).recipients(List.of(recipient)).detail(detail);
    }

    private static Map<String, Function<SplittableRandom, JourneyQuery>> queries(long journeys) {
        JourneyQuery all = JourneyQuery.of(DOMAIN).withLimit(51);
        Map<String, Function<SplittableRandom, JourneyQuery>> queries = new LinkedHashMap<>();
        queries.put("list (newest page)", random -> all);
        queries.put("list, page at a random cursor", random -> all.withAfter(Optional.of(new io.smtpy.core.events.JourneyStart("Mail~",
            START.plusSeconds(random.nextLong(Duration.ofDays(30).toSeconds()))))));
        queries.put("status=bounced", random -> all.withStatus(Optional.of(MailEventType.BOUNCED)));
        queries.put("status=deferred (no journey ends deferred)", random -> all.withStatus(Optional.of(MailEventType.DEFERRED)));
        queries.put("alias", random -> all.withAlias(Optional.of(LocalPart.of("alias" + random.nextInt(ALIASES)))));
        queries.put("sender", random -> all.withSender(Optional.of(sender(random.nextInt(SENDERS)))));
        queries.put("recipient", random -> all.withRecipient(Optional.of(destination(random.nextInt(DESTINATIONS)))));
        queries.put("messageId", random -> all.withMessageId(Optional.of(messageId(journeyId(random.nextLong(journeys))))));
        queries.put("rule", random -> all.withRule(Optional.of("rule" + random.nextInt(RULES))));
        queries.put("remoteMta", random -> all.withRemoteMta(Optional.of("mx" + random.nextInt(3) + ".provider" + random.nextInt(PROVIDERS) + ".example")));
        queries.put("reason (common text)", random -> all.withReason(Optional.of("user unknown")));
        queries.put("reason (text no journey holds)", random -> all.withReason(Optional.of("quota exceeded " + random.nextInt(1000))));
        queries.put("subject (common word)", random -> all.withSubjectText(Optional.of(WORDS[random.nextInt(WORDS.length)])));
        queries.put("subject (rare text)", random -> all.withSubjectText(Optional.of("#" + random.nextInt(100_000) + " ")));
        queries.put("from/to (one day)", random -> {
            Instant from = START.plus(Duration.ofDays(random.nextInt(29)));
            return all.withSince(Optional.of(from)).withUntil(Optional.of(from.plus(Duration.ofDays(1))));
        });
        queries.put("alias + status=bounced", random -> all.withAlias(Optional.of(LocalPart.of("alias" + random.nextInt(ALIASES))))
            .withStatus(Optional.of(MailEventType.BOUNCED)));
        queries.put("sender + from/to (one week)", random -> {
            Instant from = START.plus(Duration.ofDays(random.nextInt(23)));
            return all.withSender(Optional.of(sender(random.nextInt(SENDERS))))
                .withSince(Optional.of(from)).withUntil(Optional.of(from.plus(Duration.ofDays(7))));
        });
        return queries;
    }

    /** Nanoseconds of each timed run, sorted; the last element is the number of journeys the last run found. */
    private static long[] time(EmbeddedMailEventRepository events, Function<SplittableRandom, JourneyQuery> query) {
        SplittableRandom random = new SplittableRandom(7);
        long[] nanos = new long[RUNS + 1];
        long found = 0;
        for (int run = -WARM_UP; run < RUNS; run++) {
            JourneyQuery asked = query.apply(random);
            long start = System.nanoTime();
            List<JourneySummary> page = events.journeys(asked);
            long took = System.nanoTime() - start;
            found += page.size();
            if (run >= 0) {
                nanos[run] = took;
            }
        }
        Arrays.sort(nanos, 0, RUNS);
        nanos[RUNS] = found;
        return nanos;
    }

    private static void report(long target, long[] written, double generationSeconds, long bytes, Map<String, long[]> results) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "### %,d events (%,d journeys; %.0f s to write, %,.0f events/s; file %,d MB)%n%n",
            written[0], written[1], generationSeconds, written[0] / generationSeconds, bytes / 1_000_000));
        text.append("| query | p50 (ms) | p95 (ms) | max (ms) | journeys per page (mean) |\n|---|---|---|---|---|\n");
        results.forEach((name, nanos) -> text.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", name,
            nanos[RUNS / 2] / 1e6, nanos[(int) Math.ceil(RUNS * 0.95) - 1] / 1e6, nanos[RUNS - 1] / 1e6,
            nanos[RUNS] / (double) (RUNS + WARM_UP))));
        text.append('\n');
        String out = System.getProperty("bench.journeys.out");
        if (out != null) {
            Path path = Path.of(out);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, text, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        System.out.println(text);
    }
}
