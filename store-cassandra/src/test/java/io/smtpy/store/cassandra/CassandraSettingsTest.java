package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.InvalidFieldException;

class CassandraSettingsTest {
    @Test
    void defaultsShouldApplyToWhatIsNotSaid() {
        CassandraSettings settings = CassandraSettings.parse(Map.of("cassandra.contactPoints", "10.0.0.1:9042, 10.0.0.2:9043"));

        assertThat(settings.contactPoints()).containsExactly(InetSocketAddress.createUnresolved("10.0.0.1", 9042),
            InetSocketAddress.createUnresolved("10.0.0.2", 9043));
        assertThat(settings.keyspace()).isEqualTo("smtpy");
        assertThat(settings.localDatacenter()).isEqualTo("datacenter1");
        assertThat(settings.createKeyspace()).isTrue();
        assertThat(settings.replicationFactor()).isEqualTo(1);
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyKeyShouldBeRead() {
        CassandraSettings settings = CassandraSettings.parse(Map.of("cassandra.contactPoints", "db:9042",
            "cassandra.keyspace", "mail_prod", "cassandra.localDatacenter", "eu-west", "cassandra.createKeyspace", "false",
            "cassandra.replicationFactor", "3", "cassandra.requestTimeout", "PT2.5S"));

        assertThat(settings.keyspace()).isEqualTo("mail_prod");
        assertThat(settings.localDatacenter()).isEqualTo("eu-west");
        assertThat(settings.createKeyspace()).isFalse();
        assertThat(settings.replicationFactor()).isEqualTo(3);
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void badValuesShouldBeRefusedNamingTheirKey() {
        List<Map<String, String>> bad = List.of(
            Map.of(),
            Map.of("cassandra.contactPoints", "db"),
            Map.of("cassandra.contactPoints", "db:99999"),
            Map.of("cassandra.contactPoints", "db:9042", "cassandra.keyspace", "Mail-Prod"),
            Map.of("cassandra.contactPoints", "db:9042", "cassandra.createKeyspace", "yes"),
            Map.of("cassandra.contactPoints", "db:9042", "cassandra.replicationFactor", "0"),
            Map.of("cassandra.contactPoints", "db:9042", "cassandra.requestTimeout", "soon"));
        List<String> keys = List.of("cassandra.contactPoints", "cassandra.contactPoints", "cassandra.contactPoints",
            "cassandra.keyspace", "cassandra.createKeyspace", "cassandra.replicationFactor", "cassandra.requestTimeout");
        for (int i = 0; i < bad.size(); i++) {
            Map<String, String> properties = bad.get(i);
            String key = keys.get(i);
            assertThatThrownBy(() -> CassandraSettings.parse(properties))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(key));
        }
    }
}
