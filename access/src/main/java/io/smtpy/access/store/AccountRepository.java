package io.smtpy.access.store;

import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;

/** Accounts. */
public interface AccountRepository {
    /** @throws io.smtpy.core.store.AlreadyExistsException when the id is taken */
    void create(Account account);

    Optional<Account> get(AccessId id);

    /** Every account, by id. */
    List<Account> list();

    /** @throws io.smtpy.core.store.NotFoundException when there is no such account */
    void update(Account account);

    /** @return false when there was no such account */
    boolean delete(AccessId id);
}
