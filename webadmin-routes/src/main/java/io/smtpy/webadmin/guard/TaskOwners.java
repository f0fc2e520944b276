package io.smtpy.webadmin.guard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Singleton;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;

/**
 * Which account (and domain) each task started by an smtpy route belongs to, so that {@code /smtpy/tasks/{id}}
 * shows a task only to those who reach its domain. In memory, like James's memory task manager's tasks.
 */
@Singleton
public final class TaskOwners {
    private static final int MAX_TASKS = 10_000;

    /** An owner of a task. */
    public static final class Owner {
        private final AccessId account;
        private final Optional<DomainName> domain;

        Owner(AccessId account, Optional<DomainName> domain) {
            this.account = account;
            this.domain = domain;
        }

        public AccessId account() {
            return account;
        }

        public Optional<DomainName> domain() {
            return domain;
        }
    }

    private final Map<String, Owner> owners = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Owner> eldest) {
            return size() > MAX_TASKS;
        }
    });

    public void started(String taskId, AccessId account, Optional<DomainName> domain) {
        owners.put(taskId, new Owner(account, domain));
    }

    public Optional<Owner> owner(String taskId) {
        return Optional.ofNullable(owners.get(taskId));
    }
}
