package io.smtpy.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyState;
import io.smtpy.core.dns.CheckStatus;
import io.smtpy.core.dns.DnsCheckReport;
import io.smtpy.core.dns.RecordCheck;
import io.smtpy.core.dns.RecordKind;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;

/**
 * Follows each domain's periodic DNS check ({@code DomainOnboarding}) from one run to the next:
 * <ul>
 *   <li>a record (MX, SPF, DMARC, each DKIM key's) that was right and is now missing or wrong, or the other way
 *   round, is recorded as one {@link MailEventType#DNS_CHECK} event of the domain naming what went wrong and what was
 *   mended;</li>
 *   <li>going wrong is an alert: {@link NotificationType#DKIM} for a DKIM record, {@link NotificationType#DNS_CHECK}
 *   for the others; mended is not mailed;</li>
 *   <li>a key still {@link DkimKeyState#PENDING} {@link #stuckAfter} after it was made, its record not in DNS, is a
 *   rotation stuck waiting for DNS: one {@link NotificationType#DKIM} alert per key.</li>
 * </ul>
 * A lookup that failed ({@link CheckStatus#ERROR}) says nothing: the record keeps the state it had. The ownership
 * record is not followed (it is needed once, to prove ownership). What was seen is kept in memory: the first run
 * after start only learns the current state, so a restart neither repeats an alert nor invents one.
 */
public class DnsWatch {
    /** The default for how long a new DKIM key may wait for its record before the owners hear of it. */
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofHours(48);

    private final MailEvents events;
    private final OwnerAlerts alerts;
    private final Clock clock;
    private final Duration stuckAfter;
    private final Map<DomainName, Map<String, Boolean>> seen = new ConcurrentHashMap<>();
    private final Set<String> stuckKeysAlerted = ConcurrentHashMap.newKeySet();

    public DnsWatch(MailEvents events, OwnerAlerts alerts, Clock clock, Duration stuckAfter) {
        this.events = events;
        this.alerts = alerts;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
    }

    /**
     * Takes one domain's fresh check.
     *
     * @param keys the domain's DKIM keys, to find a rotation waiting for DNS
     */
    public void checked(DnsCheckReport report, List<DkimKey> keys) {
        DomainName domain = report.domain();
        Map<String, RecordCheck> now = new LinkedHashMap<>();
        for (RecordCheck check : report.checks()) {
            if (check.kind() != RecordKind.OWNERSHIP && check.status() != CheckStatus.ERROR) {
                now.put(check.kind() + " " + check.name(), check);
            }
        }
        Map<String, Boolean> before = seen.get(domain);
        Map<String, Boolean> after = new LinkedHashMap<>(before == null ? Map.of() : before);
        now.forEach((key, check) -> after.put(key, check.ok()));
        seen.put(domain, after);
        if (before != null) {
            compare(domain, before, now);
        }
        stuck(domain, now, keys);
    }

    private void compare(DomainName domain, Map<String, Boolean> before, Map<String, RecordCheck> now) {
        List<RecordCheck> wrong = new ArrayList<>();
        List<RecordCheck> mended = new ArrayList<>();
        now.forEach((key, check) -> {
            Boolean was = before.get(key);
            if (Boolean.TRUE.equals(was) && !check.ok()) {
                wrong.add(check);
            } else if (Boolean.FALSE.equals(was) && check.ok()) {
                mended.add(check);
            }
        });
        if (wrong.isEmpty() && mended.isEmpty()) {
            return;
        }
        List<String> detail = new ArrayList<>();
        if (!wrong.isEmpty()) {
            detail.add("went wrong: " + describe(wrong));
        }
        if (!mended.isEmpty()) {
            detail.add("mended: " + describe(mended));
        }
        events.record(MailEvent.builder(domain, MailEventType.DNS_CHECK, clock.instant()).detail(String.join("; ", detail)).build());
        List<RecordCheck> dkim = wrong.stream().filter(check -> check.kind() == RecordKind.DKIM).collect(Collectors.toList());
        List<RecordCheck> others = wrong.stream().filter(check -> check.kind() != RecordKind.DKIM).collect(Collectors.toList());
        if (!others.isEmpty()) {
            alerts.raise(NotificationType.DNS_CHECK, domain, names(others), "DNS records of " + domain.asString() + " went wrong",
                text(domain, others, "Mail to or from the domain may be refused, lost or marked as spam until they are mended."));
        }
        if (!dkim.isEmpty()) {
            alerts.raise(NotificationType.DKIM, domain, names(dkim), "DKIM records of " + domain.asString() + " went wrong",
                text(domain, dkim, "Forwarded mail signed with these keys fails DKIM at its destinations until they are mended."));
        }
    }

    private void stuck(DomainName domain, Map<String, RecordCheck> now, List<DkimKey> keys) {
        Instant limit = clock.instant().minus(stuckAfter);
        Set<String> pending = new HashSet<>();
        for (DkimKey key : keys) {
            if (key.state() != DkimKeyState.PENDING) {
                continue;
            }
            String id = domain.asString() + " " + key.recordName();
            pending.add(id);
            RecordCheck check = now.get(RecordKind.DKIM + " " + key.recordName());
            boolean published = check != null && check.ok();
            if (!published && key.createdAt().isBefore(limit) && stuckKeysAlerted.add(id)) {
                alerts.raise(NotificationType.DKIM, domain, "pending " + key.recordName(),
                    "DKIM key rotation of " + domain.asString() + " waits for DNS",
                    "The new DKIM key of " + domain.asString() + " was made at " + key.createdAt() + ", and its record is"
                        + " still not in DNS, so smtpy keeps signing with the old key and the rotation cannot go on.\n\nPublish:\n\n  "
                        + key.recordName() + " TXT \"" + key.txtRecord() + "\"\n\nGET /smtpy/domains/" + domain.asString()
                        + "/dns shows every record the domain needs.");
            }
        }
        stuckKeysAlerted.removeIf(id -> id.startsWith(domain.asString() + " ") && !pending.contains(id));
    }

    /** Forgets the domains not in {@code domains} (deleted): one created again starts afresh. */
    public void retainOnly(Set<DomainName> domains) {
        seen.keySet().retainAll(domains);
        stuckKeysAlerted.removeIf(id -> domains.stream().noneMatch(domain -> id.startsWith(domain.asString() + " ")));
    }

    private static String names(List<RecordCheck> checks) {
        return checks.stream().map(check -> check.kind() + " " + check.name()).sorted().collect(Collectors.joining(", "));
    }

    private static String describe(List<RecordCheck> checks) {
        return checks.stream().map(check -> check.kind() + " " + check.name() + " (" + check.status().name().toLowerCase(java.util.Locale.ROOT) + ")")
            .collect(Collectors.joining(", "));
    }

    private static String text(DomainName domain, List<RecordCheck> checks, String consequence) {
        StringBuilder text = new StringBuilder("The periodic DNS check of " + domain.asString()
            + " found records that were right missing or wrong:\n");
        for (RecordCheck check : checks) {
            text.append("\n  ").append(check.kind()).append(' ').append(check.name()).append(": ")
                .append(check.status().name().toLowerCase(java.util.Locale.ROOT)).append(". ").append(check.hint())
                .append("\n    expected: ").append(check.expected())
                .append("\n    found: ").append(check.found().isEmpty() ? "nothing" : String.join(" | ", check.found()));
        }
        return text.append("\n\n").append(consequence).append(" GET /smtpy/domains/").append(domain.asString())
            .append("/dns shows every record the domain needs.\nThe next change of these records is mailed again, not"
                + " every check while they stay wrong.").toString();
    }
}
