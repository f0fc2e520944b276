package io.smtpy.guice;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.access.Account;
import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.access.store.AccessStores;
import io.smtpy.core.model.DomainName;

/**
 * Who owners' notices about a domain go to: the members whose role on it is owner or admin in the account that owns it;
 * about an account: its members whose role is owner or admin.
 */
final class DomainAdmins {
    private static final Logger LOGGER = LoggerFactory.getLogger(DomainAdmins.class);
    private static final Set<Role> RECIPIENT_ROLES = Set.of(Role.OWNER, Role.ADMIN);

    private DomainAdmins() {
    }

    static List<MailAddress> of(AccessStores access, DomainName domain) {
        AccessId account = access.ownership().owner(domain).orElse(Account.DEFAULT_ID);
        return addresses(access, account, membership -> RECIPIENT_ROLES.contains(membership.roleOn(domain)));
    }

    /** The owners and admins of the account itself (for what concerns all its domains, as its webhooks). */
    static List<MailAddress> ofAccount(AccessStores access, AccessId account) {
        return addresses(access, account, membership -> RECIPIENT_ROLES.contains(membership.role()));
    }

    private static List<MailAddress> addresses(AccessStores access, AccessId account, Predicate<Membership> recipient) {
        return access.members().membershipsOfAccount(account).stream()
            .filter(recipient)
            .map(membership -> access.members().get(membership.member()))
            .flatMap(Optional::stream)
            .map(Member::email)
            .distinct()
            .flatMap(email -> address(email).stream())
            .collect(Collectors.toList());
    }

    private static Optional<MailAddress> address(String email) {
        try {
            return Optional.of(new MailAddress(email));
        } catch (AddressException e) {
            LOGGER.warn("Member address {} is not a mail address; no notice to it", email);
            return Optional.empty();
        }
    }
}
