package io.smtpy.access.store.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.store.AccountRepository;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

public final class MemoryAccountRepository implements AccountRepository {
    private final Map<AccessId, Account> accounts = new TreeMap<>();

    @Override
    public synchronized void create(Account account) {
        if (accounts.putIfAbsent(account.id(), account) != null) {
            throw new AlreadyExistsException("account " + account.id() + " already exists");
        }
    }

    @Override
    public synchronized Optional<Account> get(AccessId id) {
        return Optional.ofNullable(accounts.get(id));
    }

    @Override
    public synchronized List<Account> list() {
        return new ArrayList<>(accounts.values());
    }

    @Override
    public synchronized void update(Account account) {
        if (accounts.replace(account.id(), account) == null) {
            throw new NotFoundException("account " + account.id() + " does not exist");
        }
    }

    @Override
    public synchronized boolean delete(AccessId id) {
        return accounts.remove(id) != null;
    }
}
