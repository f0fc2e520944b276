package io.smtpy.rules;

import java.util.Map;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Where rule lists and their hit counters are kept. Only {@link RuleBook} uses it: evaluation reads the book's
 * compiled index, never this.
 */
public interface RuleRepository {
    Optional<RuleSet> find(RuleScope scope);

    /**
     * Stores (or replaces) the scope's list. Hit counters of rules whose name is no longer in the list are dropped;
     * the others are kept.
     */
    void put(RuleScope scope, RuleSet rules);

    /** Removes the scope's list and its hit counters; false when there was none. */
    boolean delete(RuleScope scope);

    /** Removes the domain's list and every one of its aliases' lists, with their counters. */
    void deleteDomain(DomainName domain);

    /** Every stored list: read once at start to build the index. */
    Map<RuleScope, RuleSet> all();

    /** Hit counters by rule name; rules never hit are absent. */
    Map<String, RuleHits> hits(RuleScope scope);

    /**
     * Adds {@code increments} to the counters of the scope's rules: counts are added, the last hit is the later one.
     * Increments for a scope or a rule that is no longer stored are ignored.
     */
    void addHits(RuleScope scope, Map<String, RuleHits> increments);
}
