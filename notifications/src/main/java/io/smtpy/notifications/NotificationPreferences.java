package io.smtpy.notifications;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.Membership;
import io.smtpy.access.Permission;
import io.smtpy.access.Role;
import io.smtpy.access.store.AccessStores;
import io.smtpy.core.model.DomainName;

/**
 * Who gets what. A notification about a domain goes to the members of the account owning it who may read its events
 * ({@code events:read} on the domain: nobody learns of mail they could not look up) and want that type:
 * <ul>
 *   <li>by default, the alerts to the members whose role on the domain is owner or admin, and nothing to the others;
 *   the {@link NotificationType#DIGEST digest} to nobody (each member opts in);</li>
 *   <li>a member's own choice for a type (on or off) overrides the default, for every domain they are in.</li>
 * </ul>
 */
public class NotificationPreferences {
    private static final Set<Role> ALERTED_BY_DEFAULT = Set.of(Role.OWNER, Role.ADMIN);

    private final NotificationPreferenceRepository repository;
    private final AccessStores access;

    public NotificationPreferences(NotificationPreferenceRepository repository, AccessStores access) {
        this.repository = repository;
        this.access = access;
    }

    /** One member to notify. */
    public static final class Recipient {
        private final AccessId member;
        private final String email;

        public Recipient(AccessId member, String email) {
            this.member = member;
            this.email = email;
        }

        public AccessId member() {
            return member;
        }

        public String email() {
            return email;
        }

        @Override
        public String toString() {
            return member.asString();
        }
    }

    /** Whether a member with this role on a domain gets this type without having chosen. */
    public static boolean byDefault(NotificationType type, Role roleOnDomain) {
        return type.alert() && ALERTED_BY_DEFAULT.contains(roleOnDomain);
    }

    /** The members who get {@code type} about {@code domain}, each once. */
    public List<Recipient> recipients(DomainName domain, NotificationType type) {
        // A domain no account claims (made by the operator) is the default account's, as everywhere in access.
        AccessId account = access.ownership().owner(domain).orElse(Account.DEFAULT_ID);
        List<Recipient> recipients = new ArrayList<>();
        for (Membership membership : access.members().membershipsOfAccount(account)) {
            Role role = membership.roleOn(domain);
            if (!membership.permissions(Optional.of(domain)).contains(Permission.EVENTS_READ)) {
                continue;
            }
            boolean wanted = repository.choices(membership.member()).getOrDefault(type, byDefault(type, role));
            if (wanted) {
                access.members().get(membership.member())
                    .ifPresent(member -> recipients.add(new Recipient(member.id(), member.email())));
            }
        }
        return recipients;
    }

    /** The member's explicit choices. */
    public Map<NotificationType, Boolean> choices(AccessId member) {
        return repository.choices(member);
    }

    /**
     * Changes some of the member's choices at once: a type mapped to a value is set, a type mapped to empty goes
     * back to its default, the others stay.
     *
     * @return the choices after the change
     */
    public Map<NotificationType, Boolean> choose(AccessId member, Map<NotificationType, Optional<Boolean>> changes) {
        Map<NotificationType, Boolean> choices = new EnumMap<>(NotificationType.class);
        choices.putAll(repository.choices(member));
        changes.forEach((type, choice) -> {
            if (choice.isPresent()) {
                choices.put(type, choice.get());
            } else {
                choices.remove(type);
            }
        });
        repository.replace(member, choices);
        return Map.copyOf(choices);
    }

    /** The one-click opt-out: {@code type} off for the member. */
    public void optOut(AccessId member, NotificationType type) {
        choose(member, Map.of(type, Optional.of(false)));
    }
}
