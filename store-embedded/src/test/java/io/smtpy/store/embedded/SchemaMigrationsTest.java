package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smtpy.core.events.JourneyQuery;
import io.smtpy.core.events.JourneySummary;
import io.smtpy.core.events.JourneyTerm;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.store.embedded.SchemaMigrations.Migration;

class SchemaMigrationsTest {
    private static final Migration CREATE_MARKER = new Migration(1, "marker table", List.of("CREATE TABLE marker (version INTEGER)"));
    private static final Migration INSERT_MARKER = new Migration(2, "marker row", List.of("INSERT INTO marker VALUES (2)"));

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("smtpy.db");
    }

    private void openAndClose(SchemaMigrations migrations) {
        EmbeddedStore.open(file(), migrations).close();
    }

    @Test
    void freshFileShouldGetTheLatestSchema() throws Exception {
        openAndClose(SchemaMigrations.SMTPY);

        assertThat(RawDatabase.number(file(), "PRAGMA user_version")).isEqualTo(SchemaMigrations.SMTPY.latestVersion());
        assertThat(RawDatabase.strings(file(), "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
            .containsExactly("accounts", "aliases", "analytics_rollups", "api_keys", "audit_chain_heads", "audit_log", "dkim_keys", "dmarc_reports",
                "domain_owners", "domain_relays", "domains", "events", "failed_attempts", "failed_copies", "invitations", "journey_terms", "journey_text",
                "journey_text_config", "journey_text_content", "journey_text_data", "journey_text_docsize", "journey_text_idx", "journeys", "journeys_rebuild", "limit_settings", "list_entries",
                "member_tokens", "members", "memberships", "notification_preferences", "quarantine", "quarantine_messages",
                "reply_settings", "reverse_aliases",
                "rule_hits", "rule_sets",
                "sessions",
                "smtp_credentials",
                "suppressions",
                "tracking_settings",
                "webhook_deliveries", "webhooks");
    }

    @Test
    void journeysRecordedBeforeSummariesShouldBeSummedUpWhenTheFileIsMigrated() throws Exception {
        openAndClose(SchemaMigrations.SMTPY.upTo(14));
        RawDatabase.execute(file(), "INSERT INTO events (id, at, domain, alias, type, message_id, mail_id, sender, recipients, detail,"
            + " journey_id) VALUES ('e1', '2026-01-01T00:00:00.000000000Z', 'example.com', 'team', 'received', '<m1@x>', 'm1',"
            + " 'ann@sender.example', '[\"team@example.com\"]', '', 'm1'), ('e2', '2026-01-01T00:00:05.000000000Z', 'example.com',"
            + " 'team', 'bounced', '<m1@x>', 'm1-copy', 'srs@example.com', '[\"bob@dest.example\"]', '550 no such user', 'm1')");

        try (EmbeddedStore store = EmbeddedStore.open(file(), SchemaMigrations.SMTPY)) {
            List<JourneySummary> journeys = store.events().journeys(JourneyQuery.of(DomainName.of("example.com"))
                .withReason(Optional.of("no such user")));

            assertThat(journeys).extracting(JourneySummary::id, JourneySummary::status, JourneySummary::sender)
                .containsExactly(tuple("m1", MailEventType.BOUNCED, "ann@sender.example"));
        }
        assertThat(RawDatabase.number(file(), "SELECT count(*) FROM journeys_rebuild")).isZero();
    }

    @Test
    void termsKeptBesideTheirJourneyShouldMoveIntoItsRowWhenTheFileIsMigrated() throws Exception {
        openAndClose(SchemaMigrations.SMTPY.upTo(19));
        RawDatabase.execute(file(), "INSERT INTO journeys (domain, journey_id, first_at, last_at, status, message_id, sender, recipients,"
            + " arrived, reasons) VALUES ('example.com', 'm1', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:05.000000000Z',"
            + " 'delivered', '<m1@x>', 'ann@sender.example', '[\"team@example.com\"]', 1, '')");
        RawDatabase.execute(file(), "INSERT INTO journey_terms (domain, kind, value, first_at, journey_id) VALUES"
            + " ('example.com', 'sender', 'ann@sender.example', '2026-01-01T00:00:00.000000000Z', 'm1'),"
            + " ('example.com', 'recipient', 'team@example.com', '2026-01-01T00:00:00.000000000Z', 'm1'),"
            + " ('example.com', 'recipient', 'bob@dest.example', '2026-01-01T00:00:00.000000000Z', 'm1')");

        try (EmbeddedStore store = EmbeddedStore.open(file(), SchemaMigrations.SMTPY)) {
            List<JourneySummary> found = store.events().journeys(JourneyQuery.of(DomainName.of("example.com"))
                .withSender(Optional.of("ann@sender.example")));

            assertThat(found).extracting(JourneySummary::id).containsExactly("m1");
            assertThat(found.get(0).terms(JourneyTerm.RECIPIENT)).containsExactlyInAnyOrder("team@example.com", "bob@dest.example");
            assertThat(found.get(0).terms(JourneyTerm.SENDER)).containsExactly("ann@sender.example");

            store.events().purge(DomainName.of("example.com"), Instant.parse("2026-02-01T00:00:00Z"));
        }
        assertThat(RawDatabase.number(file(), "SELECT count(*) FROM journey_terms")).isZero();
        assertThat(RawDatabase.number(file(), "SELECT count(*) FROM journeys")).isZero();
        assertThat(RawDatabase.number(file(), "SELECT count(*) FROM sqlite_master WHERE name = 'journey_terms_by_journey'")).isZero();
    }

    @Test
    void reopeningShouldNotApplyMigrationsAgain() throws Exception {
        SchemaMigrations migrations = new SchemaMigrations(List.of(CREATE_MARKER, INSERT_MARKER));

        openAndClose(migrations);
        openAndClose(migrations);

        assertThat(RawDatabase.number(file(), "SELECT count(*) FROM marker")).isEqualTo(1);
        assertThat(RawDatabase.number(file(), "PRAGMA user_version")).isEqualTo(2);
    }

    @Test
    void olderFileShouldGetOnlyTheMigrationsItLacks() throws Exception {
        openAndClose(new SchemaMigrations(List.of(CREATE_MARKER)));
        RawDatabase.execute(file(), "INSERT INTO marker VALUES (1)");

        openAndClose(new SchemaMigrations(List.of(CREATE_MARKER, INSERT_MARKER)));

        assertThat(RawDatabase.strings(file(), "SELECT version FROM marker ORDER BY version")).containsExactly("1", "2");
    }

    @Test
    void fileFromANewerSmtpyShouldBeRefused() throws Exception {
        openAndClose(new SchemaMigrations(List.of(CREATE_MARKER, INSERT_MARKER)));

        assertThatThrownBy(() -> openAndClose(new SchemaMigrations(List.of(CREATE_MARKER))))
            .isInstanceOf(EmbeddedStoreException.class)
            .hasMessageContaining("schema version 2")
            .hasMessageContaining("newer smtpy")
            .hasMessageContaining(file().toString());
        assertThat(RawDatabase.number(file(), "PRAGMA user_version")).isEqualTo(2);
    }

    @Test
    void failedMigrationShouldLeaveTheFileAsItWas() throws Exception {
        openAndClose(new SchemaMigrations(List.of(CREATE_MARKER)));
        Migration broken = new Migration(2, "broken", List.of("CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL"));

        assertThatThrownBy(() -> openAndClose(new SchemaMigrations(List.of(CREATE_MARKER, broken))))
            .isInstanceOf(EmbeddedStoreException.class)
            .hasMessageContaining("migration 2, broken");

        assertThat(RawDatabase.number(file(), "PRAGMA user_version")).isEqualTo(1);
        assertThat(RawDatabase.strings(file(), "SELECT name FROM sqlite_master WHERE type = 'table'")).containsExactly("marker");
    }

    @Test
    void migrationsShouldBeNumberedInOrder() {
        assertThatThrownBy(() -> new SchemaMigrations(List.of(INSERT_MARKER, CREATE_MARKER)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
