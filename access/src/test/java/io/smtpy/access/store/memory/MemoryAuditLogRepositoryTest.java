package io.smtpy.access.store.memory;

import io.smtpy.access.store.AuditLogRepository;
import io.smtpy.access.store.AuditLogRepositoryContract;

class MemoryAuditLogRepositoryTest implements AuditLogRepositoryContract {
    private final MemoryAuditLogRepository testee = new MemoryAuditLogRepository();

    @Override
    public AuditLogRepository testee() {
        return testee;
    }
}
