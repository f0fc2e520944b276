package io.smtpy.store.embedded;

import static io.smtpy.core.dkim.DkimKeyRepositoryContract.CIPHER;
import static io.smtpy.core.dkim.DkimKeyRepositoryContract.EXAMPLE;
import static io.smtpy.core.dkim.DkimKeyRepositoryContract.T0;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.common.io.BaseEncoding;

import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dkim.DkimKeyRepositoryContract;

class EmbeddedDkimKeyRepositoryTest implements DkimKeyRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public DkimKeyRepository testee() {
        return embedded.store().dkimKeys();
    }

    @Test
    void keysShouldBeFoundAndStillOpenAfterReopening() throws Exception {
        DkimKey key = DkimKeyRepositoryContract.key(EXAMPLE, "s1", DkimAlgorithm.RSA_SHA256, T0).activate(T0.plusSeconds(60));
        testee().create(key);

        embedded.reopen();

        DkimKey found = testee().find(EXAMPLE, key.selector()).orElseThrow();
        assertThat(found).isEqualTo(key);
        assertThat(CIPHER.open(found.privateKey(), key.recordName())).isNotEmpty();
    }

    @Test
    void theDatabaseShouldHoldNoPlainPrivateKey() throws Exception {
        DkimKey key = DkimKeyRepositoryContract.key(EXAMPLE, "s1", DkimAlgorithm.ED25519_SHA256, T0);
        testee().create(key);
        String plainHex = BaseEncoding.base16().encode(CIPHER.open(key.privateKey(), key.recordName()));

        String storedHex = RawDatabase.strings(embedded.file(), "SELECT hex(sealed_private_key) FROM dkim_keys").get(0);

        assertThat(storedHex).isNotEmpty().doesNotContain(plainHex);
    }
}
