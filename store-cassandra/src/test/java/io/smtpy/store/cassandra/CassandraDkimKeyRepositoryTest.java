package io.smtpy.store.cassandra;

import static io.smtpy.core.dkim.DkimKeyRepositoryContract.CIPHER;
import static io.smtpy.core.dkim.DkimKeyRepositoryContract.EXAMPLE;
import static io.smtpy.core.dkim.DkimKeyRepositoryContract.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.google.common.io.BaseEncoding;

import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dkim.DkimKeyRepositoryContract;

class CassandraDkimKeyRepositoryTest implements DkimKeyRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraDkimKeyRepository.TABLES);

    @Override
    public DkimKeyRepository testee() {
        return new CassandraDkimKeyRepository(CASSANDRA.store());
    }

    @Test
    void theTableShouldHoldNoPlainPrivateKey() {
        DkimKey key = DkimKeyRepositoryContract.key(EXAMPLE, "s1", DkimAlgorithm.ED25519_SHA256, T0);
        testee().create(key);
        byte[] plain = CIPHER.open(key.privateKey(), key.recordName());
        String plainHex = BaseEncoding.base16().encode(plain);
        String plainBase64 = BaseEncoding.base64().encode(plain);

        List<String> stored = rawValues();

        assertThat(stored).contains(BaseEncoding.base16().encode(key.privateKey().toBytes()));
        assertThat(stored).allSatisfy(value -> assertThat(value)
            .doesNotContainIgnoringCase(plainHex)
            .doesNotContain(plainBase64));
    }

    /** Every value of every row of dkim_keys as Cassandra holds it: blobs in hex, the rest as text. */
    private static List<String> rawValues() {
        List<String> values = new ArrayList<>();
        for (Row row : CASSANDRA.store().session().execute(SimpleStatement.newInstance("SELECT * FROM dkim_keys"))) {
            for (int column = 0; column < row.getColumnDefinitions().size(); column++) {
                Object value = row.getObject(column);
                if (value instanceof ByteBuffer) {
                    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    values.add(BaseEncoding.base16().encode(bytes));
                } else if (value != null) {
                    values.add(value.toString());
                }
            }
        }
        return values;
    }
}
