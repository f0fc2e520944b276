package io.smtpy.rules;

import static io.smtpy.rules.Condition.Operator.CONTAINS;
import static io.smtpy.rules.Condition.Operator.EQUALS;
import static io.smtpy.rules.Mails.address;
import static io.smtpy.rules.Mails.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.cluster.TwoNodes;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;

class RuleBookTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final LocalPart SALES = LocalPart.of("sales");
    private static final RuleScope DOMAIN = RuleScope.domain(EXAMPLE);
    private static final RuleScope SALES_SCOPE = RuleScope.alias(EXAMPLE, SALES);
    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");
    private static final Condition.Group ALWAYS = Condition.all(List.of());
    private static final Condition.Group INVOICE = Condition.all(List.of(Condition.of("subject", CONTAINS, "invoice")));

    private MemoryRuleRepository repository;
    private RuleBook book;

    @BeforeEach
    void setUp() {
        repository = new MemoryRuleRepository();
        book = new RuleBook(repository, Clock.fixed(NOW, ZoneOffset.UTC), RuleLimits.DEFAULT);
    }

    private RuleEvaluation evaluate(Mails mail) {
        return book.evaluate(EXAMPLE, Optional.of(SALES), mail.view());
    }

    private static RuleRef ref(RuleScope scope, String name) {
        return new RuleRef(scope, name);
    }

    @Test
    void withoutRulesNothingShouldChange() {
        RuleEvaluation evaluation = evaluate(message());

        assertThat(evaluation.disposition()).isEqualTo(Disposition.DELIVER);
        assertThat(evaluation.changesNothing()).isTrue();
        assertThat(evaluation.trace()).isEmpty();
        assertThat(book.hasRules(EXAMPLE, Optional.of(SALES))).isFalse();
    }

    @Test
    void theStrongestDispositionShouldWinAndNameTheFirstRuleThatSetIt() {
        book.put(SALES_SCOPE, RuleSet.of(
            Rule.of("drop it", ALWAYS, RuleAction.drop()),
            Rule.of("quarantine it", ALWAYS, RuleAction.quarantine()),
            Rule.of("reject it", ALWAYS, RuleAction.reject("no invoices here")),
            Rule.of("reject again", ALWAYS, RuleAction.reject()),
            Rule.of("drop again", ALWAYS, RuleAction.drop())));

        RuleEvaluation evaluation = evaluate(message());

        assertThat(evaluation.disposition()).isEqualTo(Disposition.REJECT);
        assertThat(evaluation.decidedBy()).contains(ref(SALES_SCOPE, "reject it"));
        assertThat(evaluation.decidedBy().get().asString()).isEqualTo("rule 'reject it' of sales@example.com");
        assertThat(evaluation.rejectText()).contains("no invoices here");
    }

    @Test
    void quarantineShouldBeatDrop() {
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("drop", ALWAYS, RuleAction.drop()), Rule.of("hold", ALWAYS, RuleAction.quarantine())));

        RuleEvaluation evaluation = evaluate(message());

        assertThat(evaluation.disposition()).isEqualTo(Disposition.QUARANTINE);
        assertThat(evaluation.decidedBy()).contains(ref(SALES_SCOPE, "hold"));
        assertThat(evaluation.rejectText()).isEmpty();
    }

    @Test
    void rejectWithoutTextShouldUseTheDefaultText() {
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("no", ALWAYS, RuleAction.reject())));

        assertThat(evaluate(message()).rejectText()).contains("rejected by the recipient's rules");
    }

    @Test
    void theLastForwardShouldReplaceDestinationsAndAlsoForwardShouldAccumulateWithoutDuplicates() {
        book.put(SALES_SCOPE, RuleSet.of(
            Rule.of("first", ALWAYS, RuleAction.forward(List.of(address("a@x.org"))),
                RuleAction.alsoForward(List.of(address("c@x.org"), address("d@x.org")))),
            Rule.of("second", ALWAYS, RuleAction.forward(List.of(address("b@x.org"))),
                RuleAction.alsoForward(List.of(address("d@x.org"), address("e@x.org"))))));

        RuleEvaluation evaluation = evaluate(message());

        assertThat(evaluation.replacedDestinations()).contains(List.of(address("b@x.org")));
        assertThat(evaluation.addedDestinations()).containsExactly(address("c@x.org"), address("d@x.org"), address("e@x.org"));
        assertThat(evaluation.disposition()).isEqualTo(Disposition.DELIVER);
        assertThat(evaluation.changesNothing()).isFalse();
    }

    @Test
    void headersShouldAccumulateAndEachPrefixApplyOnce() {
        book.put(DOMAIN, RuleSet.of(Rule.of("tag", ALWAYS, RuleAction.addHeader("X-Rule", "a"), RuleAction.prefixSubject("[ext]"))));
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("tag", ALWAYS, RuleAction.addHeader("X-Rule", "b"), RuleAction.prefixSubject("[sales]"),
            RuleAction.prefixSubject("[ext]"))));

        RuleEvaluation evaluation = evaluate(message());

        assertThat(evaluation.addedHeaders()).containsExactly(new AddedHeader("X-Rule", "a"), new AddedHeader("X-Rule", "b"));
        assertThat(evaluation.subjectPrefixes()).containsExactly("[ext]", "[sales]");
    }

    @Test
    void postsShouldNameTheirRule() {
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("hook", ALWAYS, RuleAction.post("https://hooks.example.net/x", RuleAction.PostFormat.JSON))));

        assertThat(evaluate(message()).posts())
            .containsExactly(new PostRequest("https://hooks.example.net/x", RuleAction.PostFormat.JSON, ref(SALES_SCOPE, "hook")));
    }

    @Test
    void domainRulesShouldRunBeforeAliasRules() {
        book.put(DOMAIN, RuleSet.of(Rule.of("domain", ALWAYS, RuleAction.forward(List.of(address("domain@x.org"))))));
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("alias", ALWAYS, RuleAction.forward(List.of(address("alias@x.org"))))));

        RuleEvaluation evaluation = evaluate(message());

        assertThat(evaluation.replacedDestinations()).contains(List.of(address("alias@x.org")));
        assertThat(evaluation.trace()).extracting(TraceStep::rule).containsExactly(ref(DOMAIN, "domain"), ref(SALES_SCOPE, "alias"));
    }

    @Test
    void stopShouldEndEvaluationOfBothLists() {
        book.put(DOMAIN, RuleSet.of(
            Rule.of("stop here", INVOICE, RuleAction.addHeader("X-A", "1"), RuleAction.stop(), RuleAction.drop()),
            Rule.of("after", ALWAYS, RuleAction.reject())));
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("alias", ALWAYS, RuleAction.quarantine())));

        RuleEvaluation evaluation = evaluate(message().header("Subject", "Invoice"));

        assertThat(evaluation.disposition()).isEqualTo(Disposition.DELIVER);
        assertThat(evaluation.addedHeaders()).containsExactly(new AddedHeader("X-A", "1"));
        assertThat(evaluation.trace()).extracting(TraceStep::outcome).containsExactly(TraceStep.Outcome.MATCHED,
            TraceStep.Outcome.SKIPPED_AFTER_STOP, TraceStep.Outcome.SKIPPED_AFTER_STOP);
        assertThat(evaluation.trace().get(0).actions()).containsExactly("addHeader X-A: \"1\"", "stop");
    }

    @Test
    void disabledRulesShouldBeSkippedAndTracedSo() {
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("off", ALWAYS, RuleAction.reject()).withEnabled(false)));

        RuleEvaluation evaluation = evaluate(message());

        assertThat(evaluation.disposition()).isEqualTo(Disposition.DELIVER);
        assertThat(evaluation.trace()).singleElement().satisfies(step -> {
            assertThat(step.outcome()).isEqualTo(TraceStep.Outcome.DISABLED);
            assertThat(step.why()).isEqualTo("disabled");
        });
        assertThat(book.hasRules(EXAMPLE, Optional.of(SALES))).isFalse();
    }

    @Test
    void theTraceShouldSayWhyEachRuleMatchedOrNot() {
        book.put(SALES_SCOPE, RuleSet.of(
            Rule.of("invoices", Condition.all(List.of(Condition.of("subject", CONTAINS, "invoice"),
                Condition.not(Condition.of("from", Condition.Operator.MATCHES, "@spam\\.org$")))), RuleAction.drop()),
            Rule.of("bob", Condition.any(List.of(Condition.of("from", EQUALS, "bob@other.org", true))), RuleAction.drop())));

        List<TraceStep> trace = evaluate(message().header("Subject", "Invoice").header("From", "alice@sender.org")).trace();

        assertThat(trace.get(0).why()).isEqualTo("subject contains \"invoice\": yes and not (from matches \"@spam\\.org$\": no)");
        assertThat(trace.get(0).matched()).isTrue();
        assertThat(trace.get(0).actions()).containsExactly("drop");
        assertThat(trace.get(1).why()).isEqualTo("from equals \"bob@other.org\" (case-sensitive): no");
        assertThat(trace.get(1).outcome()).isEqualTo(TraceStep.Outcome.NOT_MATCHED);
    }

    @Test
    void aDomainWithoutAliasShouldRunOnlyItsOwnRules() {
        book.put(DOMAIN, RuleSet.of(Rule.of("domain", ALWAYS, RuleAction.drop())));
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("alias", ALWAYS, RuleAction.reject())));

        RuleEvaluation evaluation = book.evaluate(EXAMPLE, Optional.empty(), message().view());

        assertThat(evaluation.disposition()).isEqualTo(Disposition.DROP);
        assertThat(book.hasRules(EXAMPLE, Optional.empty())).isTrue();
        assertThat(book.hasRules(EXAMPLE, Optional.of(LocalPart.of("support")))).isTrue();
        assertThat(book.hasRules(DomainName.of("other.org"), Optional.of(SALES))).isFalse();
    }

    @Test
    void hasRulesShouldFollowPutsAndDeletes() {
        assertThat(book.hasAnyRules(EXAMPLE)).isFalse();
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("a", ALWAYS, RuleAction.drop())));
        assertThat(book.hasAnyRules(EXAMPLE)).isTrue();
        assertThat(book.hasAnyRules(DomainName.of("other.org"))).isFalse();
        assertThat(book.hasRules(EXAMPLE, Optional.of(SALES))).isTrue();
        assertThat(book.hasRules(EXAMPLE, Optional.of(LocalPart.of("support")))).isFalse();
        assertThat(book.hasRules(EXAMPLE, Optional.empty())).isFalse();

        book.delete(SALES_SCOPE);

        assertThat(book.hasRules(EXAMPLE, Optional.of(SALES))).isFalse();
        assertThat(book.get(SALES_SCOPE)).isEqualTo(RuleSet.empty());
        assertThat(repository.find(SALES_SCOPE)).isEmpty();
    }

    @Test
    void putShouldStoreAndGetShouldReturnTheList() {
        RuleSet set = RuleSet.of(Rule.of("a", INVOICE, RuleAction.drop()));

        book.put(SALES_SCOPE, set);

        assertThat(book.get(SALES_SCOPE)).isEqualTo(set);
        assertThat(book.get(DOMAIN)).isEqualTo(RuleSet.empty());
        assertThat(repository.find(SALES_SCOPE)).contains(set);
    }

    @Test
    void anInvalidListShouldBeRefusedWithItsPathAndNeitherStoredNorApplied() {
        RuleSet invalid = RuleSet.of(Rule.of("a", Condition.all(List.of(Condition.of("size", CONTAINS, "10k"))), RuleAction.drop()));

        assertThatThrownBy(() -> book.put(SALES_SCOPE, invalid))
            .isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("rules[0].conditions.all[0].op"));
        assertThat(repository.find(SALES_SCOPE)).isEmpty();
        assertThat(book.hasRules(EXAMPLE, Optional.of(SALES))).isFalse();
    }

    @Test
    void limitsShouldBeTheBooks() {
        RuleBook strict = new RuleBook(repository, Clock.fixed(NOW, ZoneOffset.UTC), new RuleLimits(1, 50, 5, 20, 50, 1000, 1024));

        assertThatThrownBy(() -> strict.put(SALES_SCOPE, RuleSet.of(Rule.of("a", ALWAYS), Rule.of("b", ALWAYS))))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("rules"));
    }

    @Test
    void deleteDomainShouldRemoveTheDomainAndItsAliasesLists() {
        book.put(DOMAIN, RuleSet.of(Rule.of("a", ALWAYS, RuleAction.drop())));
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("b", ALWAYS, RuleAction.drop())));

        book.deleteDomain(EXAMPLE);

        assertThat(book.hasRules(EXAMPLE, Optional.of(SALES))).isFalse();
        assertThat(repository.all()).isEmpty();
        assertThat(evaluate(message()).trace()).isEmpty();
    }

    @Test
    void storedListsShouldBeLoadedAtStart() {
        repository.put(SALES_SCOPE, RuleSet.of(Rule.of("stored", ALWAYS, RuleAction.quarantine())));

        RuleBook restarted = new RuleBook(repository, Clock.systemUTC(), RuleLimits.DEFAULT);

        assertThat(restarted.hasRules(EXAMPLE, Optional.of(SALES))).isTrue();
        assertThat(restarted.evaluate(EXAMPLE, Optional.of(SALES), message().view()).disposition()).isEqualTo(Disposition.QUARANTINE);
    }

    @Test
    void anInvalidStoredListShouldNotStopTheOthersFromLoading() {
        repository.put(SALES_SCOPE, RuleSet.of(Rule.of("bad", Condition.all(List.of(Condition.of("size", CONTAINS, "x"))), RuleAction.drop())));
        repository.put(DOMAIN, RuleSet.of(Rule.of("good", ALWAYS, RuleAction.drop())));

        RuleBook restarted = new RuleBook(repository, Clock.systemUTC(), RuleLimits.DEFAULT);

        assertThat(restarted.get(SALES_SCOPE)).isEqualTo(RuleSet.empty());
        assertThat(restarted.evaluate(EXAMPLE, Optional.of(SALES), message().view()).decidedBy()).contains(ref(DOMAIN, "good"));
    }

    @Test
    void storedListsShouldLoadUnderLimitsTheyWereAcceptedWith() {
        repository.put(SALES_SCOPE, RuleSet.of(Rule.of("a", ALWAYS, RuleAction.drop()), Rule.of("b", ALWAYS, RuleAction.quarantine())));

        RuleBook stricter = new RuleBook(repository, Clock.systemUTC(), new RuleLimits(1, 50, 5, 20, 50, 1000, 1024));

        assertThat(stricter.get(SALES_SCOPE).rules()).hasSize(2);
    }

    @Test
    void evaluationShouldNotReadStorage() {
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("a", ALWAYS, RuleAction.drop())));
        repository.delete(SALES_SCOPE);

        assertThat(evaluate(message()).disposition()).isEqualTo(Disposition.DROP);
    }

    @Test
    void matchedRulesShouldBeCountedInMemoryUntilFlushed() {
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("invoices", INVOICE, RuleAction.addHeader("X-A", "1")), Rule.of("never",
            Condition.all(List.of(Condition.of("subject", EQUALS, "nope"))), RuleAction.drop())));

        evaluate(message().header("Subject", "Invoice"));
        evaluate(message().header("Subject", "invoice 2"));
        evaluate(message().header("Subject", "other"));

        RuleHits two = new RuleHits(2, Optional.of(NOW));
        assertThat(book.hits(SALES_SCOPE)).isEqualTo(Map.of("invoices", two));
        assertThat(repository.hits(SALES_SCOPE)).isEmpty();

        book.flushHits();

        assertThat(repository.hits(SALES_SCOPE)).isEqualTo(Map.of("invoices", two));
        assertThat(book.hits(SALES_SCOPE)).isEqualTo(Map.of("invoices", two));

        evaluate(message().header("Subject", "Invoice"));
        book.flushHits();

        assertThat(repository.hits(SALES_SCOPE)).isEqualTo(Map.of("invoices", new RuleHits(3, Optional.of(NOW))));
    }

    @Test
    void traceShouldCountNothing() {
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("a", ALWAYS, RuleAction.drop())));

        RuleEvaluation evaluation = book.trace(EXAMPLE, Optional.of(SALES), message().view());
        book.flushHits();

        assertThat(evaluation.disposition()).isEqualTo(Disposition.DROP);
        assertThat(book.hits(SALES_SCOPE)).isEmpty();
    }

    @Test
    void aFailedFlushShouldKeepTheCountsForTheNext() {
        AtomicBoolean failing = new AtomicBoolean(true);
        MemoryRuleRepository flaky = new MemoryRuleRepository() {
            @Override
            public synchronized void addHits(RuleScope scope, Map<String, RuleHits> increments) {
                if (failing.get()) {
                    throw new IllegalStateException("disk full");
                }
                super.addHits(scope, increments);
            }
        };
        RuleBook flakyBook = new RuleBook(flaky, Clock.fixed(NOW, ZoneOffset.UTC), RuleLimits.DEFAULT);
        flakyBook.put(SALES_SCOPE, RuleSet.of(Rule.of("a", ALWAYS, RuleAction.drop())));
        flakyBook.evaluate(EXAMPLE, Optional.of(SALES), message().view());

        flakyBook.flushHits();
        failing.set(false);
        flakyBook.flushHits();

        assertThat(flaky.hits(SALES_SCOPE)).isEqualTo(Map.of("a", new RuleHits(1, Optional.of(NOW))));
    }

    @Test
    void deletingAListShouldForgetItsUnflushedHits() {
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("a", ALWAYS, RuleAction.drop())));
        evaluate(message());

        book.delete(SALES_SCOPE);
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("a", ALWAYS, RuleAction.drop())));
        book.flushHits();

        assertThat(book.hits(SALES_SCOPE)).isEmpty();
    }

    @Test
    void concurrentEvaluationsAndFlushesShouldLoseNoHit() throws Exception {
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("a", ALWAYS, RuleAction.addHeader("X-A", "1"))));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        AtomicInteger evaluations = new AtomicInteger();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        evaluate(message());
                        evaluations.incrementAndGet();
                        if (i % 500 == 0) {
                            book.flushHits();
                        }
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        book.flushHits();

        assertThat(repository.hits(SALES_SCOPE).get("a").count()).isEqualTo(evaluations.get()).isEqualTo(8_000);
    }

    @Test
    void everyChangeShouldBeToldWithItsScopes() {
        List<RuleScope> told = new ArrayList<>();
        book.onChange(told::add);
        book.put(SALES_SCOPE, RuleSet.of(Rule.of("reject", ALWAYS, RuleAction.reject())));
        book.put(DOMAIN, RuleSet.of(Rule.of("drop", ALWAYS, RuleAction.drop())));
        book.delete(DOMAIN);

        book.deleteDomain(EXAMPLE);

        assertThat(told).containsExactly(SALES_SCOPE, DOMAIN, DOMAIN, DOMAIN, SALES_SCOPE);
    }

    @Test
    void reloadShouldReadOneScopeAgainFromStorage() {
        RuleBook other = new RuleBook(repository, Clock.fixed(NOW, ZoneOffset.UTC), RuleLimits.DEFAULT);
        other.put(SALES_SCOPE, RuleSet.of(Rule.of("reject", ALWAYS, RuleAction.reject())));
        other.put(DOMAIN, RuleSet.of(Rule.of("drop", ALWAYS, RuleAction.drop())));
        assertThat(book.hasAnyRules(EXAMPLE)).isFalse();

        book.reload(SALES_SCOPE);
        assertThat(evaluate(message()).disposition()).isEqualTo(Disposition.REJECT);
        assertThat(book.get(DOMAIN).isEmpty()).isTrue();

        other.delete(SALES_SCOPE);
        book.reload(SALES_SCOPE);
        assertThat(book.hasAnyRules(EXAMPLE)).isFalse();
    }

    @Test
    void reloadAllShouldReplaceEveryDomainAndDropThoseStorageNoLongerHas() {
        DomainName other = DomainName.of("other.org");
        book.put(RuleScope.domain(other), RuleSet.of(Rule.of("drop", ALWAYS, RuleAction.drop())));
        repository.deleteDomain(other);
        repository.put(SALES_SCOPE, RuleSet.of(Rule.of("reject", ALWAYS, RuleAction.reject())));

        book.reloadAll();

        assertThat(book.hasAnyRules(other)).isFalse();
        assertThat(evaluate(message()).disposition()).isEqualTo(Disposition.REJECT);
    }

    @Test
    void aListStoredThroughOneNodeShouldBeEvaluatedOnTheOtherOnceItFollowsTheFeed() {
        RuleBook nodeB = new RuleBook(repository, Clock.fixed(NOW, ZoneOffset.UTC), RuleLimits.DEFAULT);
        TwoNodes cluster = TwoNodes.of(book, nodeB);

        book.put(SALES_SCOPE, RuleSet.of(Rule.of("reject", ALWAYS, RuleAction.reject())));
        assertThat(nodeB.hasRules(EXAMPLE, Optional.of(SALES))).isFalse();
        cluster.follow();
        assertThat(nodeB.evaluate(EXAMPLE, Optional.of(SALES), message().view()).disposition()).isEqualTo(Disposition.REJECT);

        book.deleteDomain(EXAMPLE);
        cluster.follow();
        assertThat(nodeB.hasAnyRules(EXAMPLE)).isFalse();
    }
}
