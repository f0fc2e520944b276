package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.limits.LimitDirection;
import io.smtpy.limits.LimitScope;
import io.smtpy.limits.LimitSet;
import io.smtpy.limits.LimitSubject;
import io.smtpy.limits.LimitUsage;

/** Limit sets and their counters as the API shows them. */
public final class LimitViews {
    private LimitViews() {
    }

    /** One direction's set: the metrics set, {@code action}, {@code notify}; JSON {@code null} when there is none. */
    public static Map<String, Object> set(LimitSet set) {
        Map<String, Object> view = new LinkedHashMap<>();
        set.limits().forEach((metric, value) -> view.put(metric.field(), value));
        view.put("action", set.action().asString());
        view.put("notify", set.notifyOwners());
        return view;
    }

    /** {@code {"inbound": set|null, "outbound": set|null}} of one subject, with its alias or credential named first. */
    public static Map<String, Object> subject(LimitSubject subject, List<LimitSet> sets) {
        Map<String, Object> view = new LinkedHashMap<>();
        subject.alias().ifPresent(alias -> view.put("alias", alias.asString()));
        subject.credentialId().ifPresent(id -> view.put("credential", id));
        for (LimitDirection direction : LimitDirection.values()) {
            view.put(direction.asString(), sets.stream().filter(set -> set.subject().equals(subject) && set.direction() == direction)
                .findFirst().map(LimitViews::set).orElse(null));
        }
        return view;
    }

    /** The domain's document: its own sets, then one entry per alias and per credential with a set. */
    public static Map<String, Object> domain(DomainName domain, List<LimitSet> sets) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("domain", domain.asString());
        view.putAll(subject(LimitSubject.domain(domain), sets));
        view.put("aliases", subjects(sets, LimitScope.ALIAS));
        view.put("credentials", subjects(sets, LimitScope.CREDENTIAL));
        return view;
    }

    private static List<Map<String, Object>> subjects(List<LimitSet> sets, LimitScope scope) {
        List<Map<String, Object>> views = new ArrayList<>();
        sets.stream().map(LimitSet::subject).filter(subject -> subject.scope() == scope).distinct()
            .forEach(subject -> views.add(subject(subject, sets)));
        return views;
    }

    /** One counter of the usage report. */
    public static class UsageDTO {
        public final String scope;
        public final Optional<String> alias;
        public final Optional<String> credential;
        public final String direction;
        public final String metric;
        /** For {@code perRecipientDomainPerHour}: the recipient domain counted. */
        public final Optional<String> recipientDomain;
        public final long limit;
        public final long used;
        public final long remaining;
        public final Instant windowStart;
        public final Instant windowEnd;
        public final String action;

        public UsageDTO(LimitUsage usage) {
            LimitSubject subject = usage.key().subject();
            this.scope = subject.scope().asString();
            this.alias = subject.alias().map(part -> part.asString());
            this.credential = subject.credentialId();
            this.direction = usage.key().direction().asString();
            this.metric = usage.key().metric().field();
            this.recipientDomain = usage.key().recipientDomain();
            this.limit = usage.limit();
            this.used = usage.used();
            this.remaining = Math.max(0, usage.limit() - usage.used());
            this.windowStart = usage.windowStart();
            this.windowEnd = usage.windowEnd();
            this.action = usage.set().action().asString();
        }
    }
}
