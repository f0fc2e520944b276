package io.smtpy.store.embedded;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.DomainRepositoryContract;

class EmbeddedDomainRepositoryTest implements DomainRepositoryContract {
    @TempDir
    Path directory;
    private EmbeddedStore store;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(directory.resolve("smtpy.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public DomainRepository testee() {
        return store.domains();
    }
}
