package io.smtpy.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

/**
 * What a durable backend adds to the port contracts: closing and opening it again on the same storage keeps
 * every write.
 */
public interface DurableStoreContract {
    DomainName EXAMPLE = DomainName.of("example.com");

    DomainRepository domains();

    AliasRepository aliases();

    /** Closes the backend and opens it again on the same storage; {@link #domains()} and {@link #aliases()} then answer from the new one. */
    void reopen() throws Exception;

    @Test
    default void writesShouldSurviveReopening() throws Exception {
        domains().create(DomainRepositoryContract.richDomain(EXAMPLE));
        aliases().create(AliasRepositoryContract.richAlias(EXAMPLE, "sales"));
        aliases().create(AliasRepositoryContract.alias(EXAMPLE, "info", "a@dest.example"));
        aliases().delete(AliasRepositoryContract.address(EXAMPLE, "info"));

        reopen();

        assertThat(domains().find(EXAMPLE)).contains(DomainRepositoryContract.richDomain(EXAMPLE));
        assertThat(aliases().all(EXAMPLE)).containsExactly(AliasRepositoryContract.richAlias(EXAMPLE, "sales"));
    }
}
