package io.smtpy.rules.mailpath;

import java.util.Optional;

import io.smtpy.core.model.DomainName;

/** Which account a domain belongs to, for block and allow lists kept at account scope (the wiring asks access's ownership). */
@FunctionalInterface
public interface DomainAccounts {
    DomainAccounts NONE = domain -> Optional.empty();

    Optional<String> accountOf(DomainName domain);
}
