package io.smtpy.store.embedded;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.AliasRepositoryContract;

class EmbeddedAliasRepositoryTest implements AliasRepositoryContract {
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
    public AliasRepository testee() {
        return store.aliases();
    }
}
