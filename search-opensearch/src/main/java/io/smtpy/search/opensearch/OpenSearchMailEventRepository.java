package io.smtpy.search.opensearch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.opensearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.events.JourneyQuery;
import io.smtpy.core.events.JourneyStart;
import io.smtpy.core.events.JourneySummary;
import io.smtpy.core.events.JourneyTerm;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.model.DomainName;

/**
 * Mail events on OpenSearch, shared by every node of a cluster: the events in one index a month under one alias, and
 * one summary document per journey, updated as its events are written ({@link EventIndices} names them and installs
 * their templates when the repository is made).
 *
 * <p>Why a writer thread: {@code append} runs on the mail path and must not wait for the network. It queues the event
 * (at most {@value #MAX_QUEUED}: beyond, appends are refused at once rather than fill the heap); one thread takes what
 * is queued, lingering {@value #LINGER_MILLIS} ms for the steps of the same mails to join it, and writes it with one
 * {@code _bulk} of events and one of their journeys' summaries. While OpenSearch is down or failing the writer keeps
 * the batch and tries again (see {@link #write}), and appends queue behind it up to the bound: an outage delays events,
 * it does not lose them. Events still queued when the JVM dies, or when the repository is {@link #close() closed}
 * during an outage, are lost: the price of a log that never slows mail.
 *
 * <p>Why summaries: a page of journeys over millions of events cannot group them at each request. A summary is
 * folded by {@link JourneySummary.Builder}, as every backend folds it, read back with a real-time get and written
 * under optimistic concurrency ({@code if_seq_no}), so two nodes writing steps of one journey never lose one's.
 *
 * <p>Reads see their own writes: a read first waits until every event appended before it was written, then refreshes
 * the indices if anything was written since the last refresh. Other nodes' events show within the refresh interval.
 */
public final class OpenSearchMailEventRepository implements MailEventRepository, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(OpenSearchMailEventRepository.class);
    static final int MAX_QUEUED = 100_000;
    /** Events per bulk request at most: up to ~35 kB each at their size bounds. */
    static final int MAX_BATCH = 500;
    static final long LINGER_MILLIS = 200;
    static final long FIRST_RETRY_MILLIS = 250;
    static final long MAX_RETRY_MILLIS = 10_000;
    private static final long WAIT_MILLIS = 30_000;
    /** Hits per page when reading more than a list's limit (an export, a journey, a purge). */
    private static final int PAGE = 500;
    /** Tries at a journey's summary when another node keeps writing it in between. */
    private static final int CONFLICT_TRIES = 10;

    private final OpenSearchHttp http;
    private final EventIndices indices;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queuedOrClosing = lock.newCondition();
    private final Condition settledMore = lock.newCondition();
    /** Held while events and their summaries are written, and by a purge: a purge never races a batch's summaries. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Object refreshing = new Object();
    private final AtomicBoolean unrefreshed = new AtomicBoolean();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong lastSequence = new AtomicLong();
    private final Thread writer;
    // Guarded by lock.
    private List<Queued> queue = new ArrayList<>();
    private long appended;
    private long settled;
    private boolean closing;
    private int waitingReaders;

    /** An event and its place in the order of appending. */
    private static final class Queued {
        private final MailEvent event;
        private final long sequence;

        Queued(MailEvent event, long sequence) {
            this.event = event;
            this.sequence = sequence;
        }
    }

    /** The repository of the production indices ({@code smtpy-events-*}, {@code smtpy-journeys}), one replica each. */
    public OpenSearchMailEventRepository(RestClient client) {
        this(client, "smtpy", 1);
    }

    /**
     * @param client the caller's client, which it closes after {@link #close()}
     * @param indexPrefix the first part of every index, alias and template name
     * @param replicas replicas of each index (0 for a single node)
     * @throws EventSearchException when the templates cannot be installed
     */
    public OpenSearchMailEventRepository(RestClient client, String indexPrefix, int replicas) {
        this.http = new OpenSearchHttp(Objects.requireNonNull(client, "client"));
        this.indices = new EventIndices(indexPrefix, replicas);
        indices.install(http);
        this.writer = new Thread(this::writeUntilClosed, "smtpy-events-writer " + indexPrefix);
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void append(MailEvent event) {
        Objects.requireNonNull(event, "event");
        lock.lock();
        try {
            if (closing) {
                throw new EventSearchException("the OpenSearch event repository is closed: event not recorded");
            }
            if (queue.size() >= MAX_QUEUED) {
                throw new EventSearchException(MAX_QUEUED + " events are waiting to be written to OpenSearch: event not recorded");
            }
            queue.add(new Queued(event, nextSequence()));
            appended++;
            if (queue.size() == 1 || queue.size() == MAX_BATCH) {
                queuedOrClosing.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Microseconds of the wall clock, or one more than the last if the clock has not moved on: increasing within a
     * node, and across nodes close to the order in which they appended.
     */
    private long nextSequence() {
        long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        return lastSequence.updateAndGet(last -> Math.max(last + 1, now));
    }

    @Override
    public List<MailEvent> list(MailEventQuery query) {
        awaitVisible();
        ObjectNode body = OpenSearchHttp.object();
        body.put("size", query.limit());
        body.set("query", filter(eventFilters(query)));
        body.set("sort", sort("desc", "at", "seq", "id"));
        body.put("track_total_hits", false);
        List<MailEvent> events = new ArrayList<>();
        hits(search(indices.events(), query.domain(), body)).forEach(hit -> events.add(EventDocuments.event(hit.path("_source"))));
        return events;
    }

    @Override
    public List<MailEvent> journey(DomainName domain, String journeyId) {
        awaitVisible();
        List<MailEvent> events = new ArrayList<>();
        eachEvent(domain, eventFilters(MailEventQuery.of(domain).withJourneyId(Optional.of(journeyId))),
            sort("asc", "at", "seq", "id"), events::add);
        return events;
    }

    @Override
    public void forEach(MailEventQuery query, Consumer<MailEvent> action) {
        awaitVisible();
        eachEvent(query.domain(), eventFilters(query), sort("asc", "at", "seq", "id"), action);
    }

    @Override
    public List<JourneySummary> journeys(JourneyQuery query) {
        if (query.matchesNothing()) {
            return List.of();
        }
        awaitVisible();
        ObjectNode body = OpenSearchHttp.object();
        body.put("size", query.limit());
        body.set("query", filter(journeyFilters(query)));
        body.set("sort", sort("desc", "first_at", "journey_id"));
        body.put("track_total_hits", false);
        List<JourneySummary> journeys = new ArrayList<>();
        hits(search(indices.journeys(), query.domain(), body))
            .forEach(hit -> journeys.add(EventDocuments.journeyBuilder(hit.path("_source")).build()));
        return journeys;
    }

    @Override
    public long purge(DomainName domain, Instant before) {
        awaitWritten();
        writing.lock();
        try {
            refreshNow();
            // The journeys the purge touches: those that started before the bound. Emptied when they also ended before it.
            List<String> emptied = new ArrayList<>();
            List<String> cut = new ArrayList<>();
            ArrayNode startedBefore = OpenSearchHttp.JSON.createArrayNode();
            startedBefore.add(term("domain", domain.asString()));
            startedBefore.add(range("first_at", "lt", EventDocuments.instant(before)));
            eachHit(indices.journeys(), domain, startedBefore, sort("asc", "journey_id"), hit -> {
                JsonNode source = hit.path("_source");
                boolean endedBefore = Instant.parse(source.path("last_at").asText()).isBefore(before);
                (endedBefore ? emptied : cut).add(source.path("journey_id").asText());
            });

            ObjectNode delete = OpenSearchHttp.object();
            ArrayNode older = OpenSearchHttp.JSON.createArrayNode();
            older.add(term("domain", domain.asString()));
            older.add(range("at", "lt", EventDocuments.instant(before)));
            delete.set("query", filter(older));
            JsonNode deleted = http.call("POST", "/" + indices.events() + "/_delete_by_query",
                Map.of("routing", domain.asString(), "refresh", "true", "conflicts", "proceed",
                    "ignore_unavailable", "true", "allow_no_indices", "true"), delete);
            if (deleted.path("failures").size() > 0) {
                throw new EventSearchException("the purge of " + domain.asString() + " failed in part: " + deleted.path("failures"));
            }

            StringBuilder bulk = new StringBuilder();
            for (String journeyId : emptied) {
                bulk.append(OpenSearchHttp.line(action("delete", indices.journeys(), domain, journeyId)));
            }
            // A journey the purge cut in two is summed up again from the events it kept, in the order of appending.
            for (String journeyId : cut) {
                JourneySummary.Builder summary = JourneySummary.builder(domain, journeyId);
                AtomicBoolean any = new AtomicBoolean();
                eachEvent(domain, eventFilters(MailEventQuery.of(domain).withJourneyId(Optional.of(journeyId))),
                    sort("asc", "seq", "id"), event -> {
                        summary.add(event);
                        any.set(true);
                    });
                if (any.get()) {
                    bulk.append(OpenSearchHttp.line(action("index", indices.journeys(), domain, journeyId)));
                    bulk.append(OpenSearchHttp.line(EventDocuments.journey(summary.build())));
                } else {
                    bulk.append(OpenSearchHttp.line(action("delete", indices.journeys(), domain, journeyId)));
                }
            }
            if (bulk.length() > 0) {
                JsonNode answer = http.bulk(bulk.toString(), Map.of());
                for (JsonNode item : answer.path("items")) {
                    JsonNode result = item.elements().next();
                    if (result.has("error") && result.path("status").asInt() != 404) {
                        throw new EventSearchException("the purge of " + domain.asString() + " could not rewrite a journey: "
                            + result.path("error"));
                    }
                }
                unrefreshed.set(true);
            }
            return deleted.path("deleted").asLong();
        } finally {
            writing.unlock();
        }
    }

    /** Events the writer took but could not write (OpenSearch down, a document refused). */
    long lost() {
        return lost.get();
    }

    /** Batches the writer has written (or tried to). */
    long batches() {
        return batches.get();
    }

    // ---- queries

    private ArrayNode eventFilters(MailEventQuery query) {
        ArrayNode filters = OpenSearchHttp.JSON.createArrayNode();
        filters.add(term("domain", query.domain().asString()));
        query.alias().ifPresent(alias -> filters.add(term("alias", alias.asString())));
        query.type().ifPresent(type -> filters.add(term("type", type.asString())));
        query.journeyId().ifPresent(id -> filters.add(term("journey_id", id)));
        query.messageId().ifPresent(id -> filters.add(term("message_id", id)));
        query.since().ifPresent(since -> filters.add(range("at", "gte", EventDocuments.instant(since))));
        query.until().ifPresent(until -> filters.add(range("at", "lt", EventDocuments.instant(until))));
        return filters;
    }

    /** {@link JourneyQuery#test} as a query: every value already in the case the summaries keep it. */
    private static ArrayNode journeyFilters(JourneyQuery query) {
        ArrayNode filters = OpenSearchHttp.JSON.createArrayNode();
        filters.add(term("domain", query.domain().asString()));
        query.messageId().ifPresent(value -> filters.add(term("terms." + JourneyTerm.MESSAGE_ID.asString(), value)));
        query.alias().ifPresent(value -> filters.add(term("terms." + JourneyTerm.ALIAS.asString(), value.asString())));
        query.status().ifPresent(value -> filters.add(term("status", value.asString())));
        query.sender().ifPresent(value -> filters.add(term("terms." + JourneyTerm.SENDER.asString(), value)));
        query.recipient().ifPresent(value -> filters.add(term("terms." + JourneyTerm.RECIPIENT.asString(), value)));
        query.rule().ifPresent(value -> filters.add(term("terms." + JourneyTerm.RULE.asString(), value)));
        query.remoteMta().ifPresent(value -> filters.add(term("terms." + JourneyTerm.REMOTE_MTA.asString(), value)));
        query.reason().ifPresent(text -> filters.add(containing("reasons", text)));
        query.subjectText().ifPresent(text -> filters.add(containing("subject_lower", text)));
        query.subjectKept().ifPresent(kept -> filters.add(term("subject", kept)));
        query.since().ifPresent(since -> filters.add(range("first_at", "gte", EventDocuments.instant(since))));
        query.until().ifPresent(until -> filters.add(range("first_at", "lt", EventDocuments.instant(until))));
        query.after().ifPresent(after -> filters.add(after(after)));
        return filters;
    }

    /** After the cursor in newest-first order: started earlier, or at the same instant with a smaller id. */
    private static ObjectNode after(JourneyStart cursor) {
        String at = EventDocuments.instant(cursor.firstAt());
        ArrayNode sameInstant = OpenSearchHttp.JSON.createArrayNode();
        sameInstant.add(range("first_at", "gte", at));
        sameInstant.add(range("first_at", "lte", at));
        sameInstant.add(range("journey_id", "lt", cursor.journeyId()));
        ObjectNode bool = OpenSearchHttp.object();
        ArrayNode should = bool.putObject("bool").putArray("should");
        should.add(range("first_at", "lt", at));
        should.add(filter(sameInstant));
        ((ObjectNode) bool.get("bool")).put("minimum_should_match", 1);
        return bool;
    }

    private static ObjectNode term(String field, String value) {
        ObjectNode term = OpenSearchHttp.object();
        term.putObject("term").put(field, value);
        return term;
    }

    private static ObjectNode range(String field, String operator, String value) {
        ObjectNode range = OpenSearchHttp.object();
        range.putObject("range").putObject(field).put(operator, value);
        return range;
    }

    /** Text anywhere in a wildcard field: its trigram index finds the candidates, the pattern checks them. */
    private static ObjectNode containing(String field, String text) {
        StringBuilder pattern = new StringBuilder("*");
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        pattern.append('*');
        ObjectNode wildcard = OpenSearchHttp.object();
        wildcard.putObject("wildcard").putObject(field).put("value", pattern.toString());
        return wildcard;
    }

    private static ObjectNode filter(ArrayNode filters) {
        ObjectNode query = OpenSearchHttp.object();
        query.putObject("bool").set("filter", filters);
        return query;
    }

    private static ArrayNode sort(String order, String... fields) {
        ArrayNode sort = OpenSearchHttp.JSON.createArrayNode();
        for (String field : fields) {
            sort.addObject().put(field, order);
        }
        return sort;
    }

    private JsonNode search(String index, DomainName domain, ObjectNode body) {
        // An index not created yet (no event written under the prefix) is no error: nothing to find.
        return http.call("POST", "/" + index + "/_search",
            Map.of("routing", domain.asString(), "ignore_unavailable", "true", "allow_no_indices", "true"), body);
    }

    private static JsonNode hits(JsonNode answer) {
        return answer.path("hits").path("hits");
    }

    /** Every event passing the filters, in the sort's order, page by page (search_after): never all in memory. */
    private void eachEvent(DomainName domain, ArrayNode filters, ArrayNode sort, Consumer<MailEvent> action) {
        eachHit(indices.events(), domain, filters, sort, hit -> action.accept(EventDocuments.event(hit.path("_source"))));
    }

    private void eachHit(String index, DomainName domain, ArrayNode filters, ArrayNode sort, Consumer<JsonNode> action) {
        JsonNode after = null;
        while (true) {
            ObjectNode body = OpenSearchHttp.object();
            body.put("size", PAGE);
            body.set("query", filter(filters));
            body.set("sort", sort);
            body.put("track_total_hits", false);
            if (after != null) {
                body.set("search_after", after);
            }
            JsonNode hits = hits(search(index, domain, body));
            hits.forEach(action);
            if (hits.size() < PAGE) {
                return;
            }
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    // ---- read-your-writes

    private void awaitVisible() {
        awaitWritten();
        refreshIfWritten();
    }

    private void refreshIfWritten() {
        // One refresh at a time: a reader that finds another refreshing waits for it, as it covers its writes too.
        synchronized (refreshing) {
            if (unrefreshed.getAndSet(false)) {
                refresh();
            }
        }
    }

    private void refreshNow() {
        synchronized (refreshing) {
            unrefreshed.set(false);
            refresh();
        }
    }

    private void refresh() {
        http.call("POST", "/" + indices.events() + "," + indices.journeys() + "/_refresh",
            Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), null);
    }

    private void awaitWritten() {
        lock.lock();
        waitingReaders++;
        try {
            long target = appended;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            if (settled < target) {
                queuedOrClosing.signal();
            }
            while (settled < target) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !writer.isAlive()) {
                    // The writer died (an Error) or is stuck: the events queued will not be written.
                    throw new EventSearchException("events appended were not written to OpenSearch within " + WAIT_MILLIS + " ms");
                }
                settledMore.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventSearchException("interrupted while waiting for events to be written to OpenSearch", e);
        } finally {
            waitingReaders--;
            lock.unlock();
        }
    }

    // ---- the writer

    private void writeUntilClosed() {
        try {
            writeBatchesUntilClosed();
        } finally {
            // Whether closed or dead: readers waiting for it must not wait out their deadline.
            lock.lock();
            try {
                settledMore.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void writeBatchesUntilClosed() {
        while (true) {
            List<Queued> batch;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    queuedOrClosing.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                linger();
                if (queue.size() <= MAX_BATCH) {
                    batch = queue;
                    queue = new ArrayList<>();
                } else {
                    batch = new ArrayList<>(queue.subList(0, MAX_BATCH));
                    queue = new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
                }
            } finally {
                lock.unlock();
            }
            write(batch);
            lock.lock();
            try {
                settled += batch.size();
                settledMore.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void linger() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        long remaining = end - System.nanoTime();
        while (remaining > 0 && !closing && waitingReaders == 0 && queue.size() < MAX_BATCH) {
            try {
                queuedOrClosing.awaitNanos(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            remaining = end - System.nanoTime();
        }
    }

    /**
     * Writes the batch, trying again while OpenSearch cannot be reached or fails (every {@value #FIRST_RETRY_MILLIS} ms at
     * first, doubling up to {@value #MAX_RETRY_MILLIS} ms) until it can or the repository closes: an outage holds events
     * in the queue (at most {@value #MAX_QUEUED}) rather than lose them. Events are written under their ids, so a retry
     * rewrites rather than duplicates; summaries already written are not folded again (the journeys left to write are
     * kept between tries). Only a document OpenSearch refuses, or a close during an outage, loses events (counted, logged).
     */
    private void write(List<Queued> batch) {
        batches.incrementAndGet();
        writing.lock();
        try {
            Optional<List<Queued>> written = retrying(batch.size(), () -> writeEvents(batch));
            if (written.isPresent()) {
                Map<String, Pending> pending = pendingJourneys(written.get());
                retrying(batch.size(), () -> {
                    writeJourneys(pending);
                    return pending;
                });
            }
        } finally {
            unrefreshed.set(true);
            writing.unlock();
        }
    }

    /** The step's result, or empty when the repository closed before OpenSearch took it (the events are then lost). */
    private <T> Optional<T> retrying(int events, java.util.function.Supplier<T> step) {
        long pause = FIRST_RETRY_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = step.get();
                if (attempt > 1) {
                    LOGGER.warn("OpenSearch took the {} mail event(s) held since it failed, after {} tries", events, attempt);
                }
                return Optional.of(result);
            } catch (RuntimeException e) {
                if (closing()) {
                    long total = lost.addAndGet(events);
                    LOGGER.error("Could not write {} mail event(s) to OpenSearch before closing ({} lost so far)", events, total, e);
                    return Optional.empty();
                }
                if (attempt == 1) {
                    LOGGER.error("Could not write {} mail event(s) to OpenSearch: holding them and trying again", events, e);
                }
                pauseBeforeRetry(pause);
                pause = Math.min(MAX_RETRY_MILLIS, pause * 2);
            }
        }
    }

    private boolean closing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code millis}, or less when the repository starts closing. */
    private void pauseBeforeRetry(long millis) {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(millis);
            while (remaining > 0 && !closing) {
                remaining = queuedOrClosing.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The events of the batch that OpenSearch took. */
    private List<Queued> writeEvents(List<Queued> batch) {
        StringBuilder bulk = new StringBuilder();
        for (Queued queued : batch) {
            ObjectNode action = OpenSearchHttp.object();
            action.putObject("index")
                .put("_index", indices.eventsOf(queued.event.at()))
                .put("_id", queued.event.id().asString())
                .put("routing", queued.event.domain().asString());
            bulk.append(OpenSearchHttp.line(action));
            bulk.append(OpenSearchHttp.line(EventDocuments.event(queued.event, queued.sequence)));
        }
        JsonNode answer = http.bulk(bulk.toString(), Map.of());
        if (!answer.path("errors").asBoolean()) {
            return batch;
        }
        List<Queued> written = new ArrayList<>();
        JsonNode items = answer.path("items");
        for (int i = 0; i < batch.size(); i++) {
            JsonNode result = items.path(i).path("index");
            if (result.has("error")) {
                long total = lost.incrementAndGet();
                LOGGER.error("OpenSearch refused mail event {} ({} lost so far): {}", batch.get(i).event.id(), total, result.path("error"));
            } else {
                written.add(batch.get(i));
            }
        }
        return written;
    }

    /** A journey being summed up: the stored summary (if any) and the batch's events of it, in the order of appending. */
    private static final class Pending {
        private final DomainName domain;
        private final String journeyId;
        private final List<MailEvent> events = new ArrayList<>();

        Pending(DomainName domain, String journeyId) {
            this.domain = domain;
            this.journeyId = journeyId;
        }
    }

    /** The journeys of the events written, each with its events in the order of appending. */
    private static Map<String, Pending> pendingJourneys(List<Queued> written) {
        Map<String, Pending> pending = new LinkedHashMap<>();
        for (Queued queued : written) {
            MailEvent event = queued.event;
            event.journeyId().ifPresent(journeyId -> pending.computeIfAbsent(
                EventDocuments.journeyDocumentId(event.domain(), journeyId), id -> new Pending(event.domain(), journeyId))
                .events.add(event));
        }
        return pending;
    }

    /** Folds the events into their journeys' summaries; what is written leaves {@code pending}, what is left is kept. */
    private void writeJourneys(Map<String, Pending> pending) {
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > CONFLICT_TRIES) {
                throw new EventSearchException(pending.size() + " journey summaries kept changing under this writer");
            }
            writeSummaries(pending);
        }
    }

    /** One round: reads the summaries, folds the events in, writes them back; removes from {@code pending} what was written. */
    private void writeSummaries(Map<String, Pending> pending) {
        ObjectNode mget = OpenSearchHttp.object();
        ArrayNode docs = mget.putArray("docs");
        pending.forEach((id, journey) -> docs.addObject().put("_index", indices.journeys()).put("_id", id)
            .put("routing", journey.domain.asString()));
        JsonNode found = http.call("POST", "/_mget", mget).path("docs");

        StringBuilder bulk = new StringBuilder();
        List<String> ids = new ArrayList<>(pending.keySet());
        for (int i = 0; i < ids.size(); i++) {
            Pending journey = pending.get(ids.get(i));
            JsonNode stored = found.path(i);
            ObjectNode action = OpenSearchHttp.object();
            JourneySummary.Builder summary;
            if (stored.path("found").asBoolean()) {
                summary = EventDocuments.journeyBuilder(stored.path("_source"));
                action.putObject("index").put("_index", indices.journeys()).put("_id", ids.get(i))
                    .put("routing", journey.domain.asString())
                    .put("if_seq_no", stored.path("_seq_no").asLong())
                    .put("if_primary_term", stored.path("_primary_term").asLong());
            } else if (!stored.has("error") || "index_not_found_exception".equals(stored.path("error").path("type").asText())) {
                summary = JourneySummary.builder(journey.domain, journey.journeyId);
                action.putObject("create").put("_index", indices.journeys()).put("_id", ids.get(i))
                    .put("routing", journey.domain.asString());
            } else {
                throw new EventSearchException("could not read the summary of a journey: " + stored.path("error"));
            }
            journey.events.forEach(summary::add);
            bulk.append(OpenSearchHttp.line(action));
            bulk.append(OpenSearchHttp.line(EventDocuments.journey(summary.build())));
        }
        JsonNode items = http.bulk(bulk.toString(), Map.of()).path("items");
        for (int i = 0; i < ids.size(); i++) {
            JsonNode result = items.path(i).elements().next();
            if (!result.has("error")) {
                pending.remove(ids.get(i));
            } else if (result.path("status").asInt() != 409) {
                throw new EventSearchException("could not write the summary of a journey: " + result.path("error"));
            }
            // 409: another node wrote the summary since it was read; the next round reads it again.
        }
    }

    private static ObjectNode action(String kind, String index, DomainName domain, String journeyId) {
        ObjectNode action = OpenSearchHttp.object();
        action.putObject(kind).put("_index", index).put("_id", EventDocuments.journeyDocumentId(domain, journeyId))
            .put("routing", domain.asString());
        return action;
    }

    /**
     * Refuses further appends, writes what is queued and stops the writer. The client stays open: it is the caller's.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            queuedOrClosing.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOGGER.error("The mail event writer did not finish within {} ms; events still queued are lost", WAIT_MILLIS);
        }
    }

    /** Drops every index and template of this repository's prefix: for tests, and for an operator starting afresh. */
    void dropIndices() {
        indices.uninstall(http);
    }

    /** Deletes every index of the prefix (the templates stay): a test's fresh start. */
    void clearIndices() {
        awaitWritten();
        http.call("DELETE", "/" + indices.allIndices(), Map.of("ignore_unavailable", "true", "allow_no_indices", "true"), null);
    }
}
