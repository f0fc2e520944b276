package io.smtpy.store.embedded;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.DurableStoreContract;

class EmbeddedDurableStoreTest implements DurableStoreContract {
    @TempDir
    Path directory;
    private EmbeddedStore store;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(file());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Path file() {
        return directory.resolve("smtpy.db");
    }

    @Override
    public DomainRepository domains() {
        return store.domains();
    }

    @Override
    public AliasRepository aliases() {
        return store.aliases();
    }

    @Override
    public void reopen() {
        store.close();
        store = EmbeddedStore.open(file());
    }
}
