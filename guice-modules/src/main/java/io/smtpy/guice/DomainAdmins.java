package io.smtpy.guice;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.access.Account;
import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Role;
import io.smtpy.access.store.AccessStores;
import io.smtpy.core.model.DomainName;

/** Who owners' notices about a domain go to: the members whose role on it is owner or admin in the account that owns it. */
final class DomainAdmins {
    private static final Logger LOGGER = LoggerFactory.getLogger(DomainAdmins.class);
    private static final Set<Role> RECIPIENT_ROLES = Set.of(Role.OWNER, Role.ADMIN);

    private DomainAdmins() {
    }

    static List<MailAddress> of(AccessStores access, DomainName domain) {
        AccessId account = access.ownership().owner(domain).orElse(Account.DEFAULT_ID);
        return access.members().membershipsOfAccount(account).stream()
            .filter(membership -> RECIPIENT_ROLES.contains(membership.roleOn(domain)))
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
