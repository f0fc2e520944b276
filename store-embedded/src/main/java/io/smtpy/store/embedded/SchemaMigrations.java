package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.google.common.collect.ImmutableList;

/**
 * The schema of the embedded database as an ordered list of migrations, applied at open.
 *
 * <p>The version of a file is SQLite's {@code PRAGMA user_version} (0 for a new file). Opening applies every
 * migration above it in one transaction, then sets it to the last one: a migration that fails leaves the file
 * as it was. A file whose version is above the last known migration was written by a newer smtpy and is
 * refused, because this build cannot know what the newer schema means.
 *
 * <p>Never edit a migration once released: add the next one.
 */
final class SchemaMigrations {

    /** One step of the schema; {@code version} is the file's version once it has run. */
    static final class Migration {
        private final int version;
        private final String description;
        private final List<String> statements;

        Migration(int version, String description, List<String> statements) {
            this.version = version;
            this.description = Objects.requireNonNull(description);
            this.statements = ImmutableList.copyOf(statements);
        }

        int version() {
            return version;
        }

        String description() {
            return description;
        }
    }

    static final SchemaMigrations SMTPY = new SchemaMigrations(List.of(
        new Migration(1, "domains and aliases", List.of(
            // Settings that are only ever read and written with their domain (catch-all, regex aliases) are
            // JSON documents in the domain row: one row per domain, no joins on the way in or out.
            "CREATE TABLE domains ("
                + " name TEXT NOT NULL PRIMARY KEY,"
                + " enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
                + " keep_subaddress_tag INTEGER NOT NULL CHECK (keep_subaddress_tag IN (0, 1)),"
                + " catch_all TEXT,"
                + " regex_aliases TEXT NOT NULL,"
                + " created_at TEXT NOT NULL,"
                + " updated_at TEXT NOT NULL"
                + ") WITHOUT ROWID",
            // WITHOUT ROWID: rows are stored in primary-key order, so a domain's aliases sorted by local part are
            // one range scan, and an import writes one b-tree instead of a table plus an index.
            // *_folded columns hold Java-lower-cased copies for the text filter (SQLite's lower() folds only ASCII),
            // or NULL when the original is lower-case already;
            // tags are ',a,b,' so that a tag filter searches ',a,' and never matches part of a label.
            "CREATE TABLE aliases ("
                + " domain TEXT NOT NULL,"
                + " local_part TEXT NOT NULL,"
                + " destinations TEXT NOT NULL,"
                + " destinations_folded TEXT,"
                + " enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
                + " description TEXT NOT NULL,"
                + " description_folded TEXT,"
                + " tags TEXT NOT NULL,"
                + " expires_at TEXT,"
                + " created_at TEXT NOT NULL,"
                + " updated_at TEXT NOT NULL,"
                + " PRIMARY KEY (domain, local_part)"
                + ") WITHOUT ROWID")),
        new Migration(2, "mail events", List.of(
            // An append-only log, so a rowid table: seq (the rowid) is the order of appending, which breaks ties
            // between events of one instant, and inserting at the end of the b-tree is the cheapest write there is.
            // recipients is a JSON array; type is the lower-case MailEventType name; alias is NULL when the event
            // concerns none. No unique index on id: ids are random UUIDs, and each index is paid on every append.
            "CREATE TABLE events ("
                + " seq INTEGER PRIMARY KEY,"
                + " id TEXT NOT NULL,"
                + " at TEXT NOT NULL,"
                + " domain TEXT NOT NULL,"
                + " alias TEXT,"
                + " type TEXT NOT NULL,"
                + " message_id TEXT,"
                + " mail_id TEXT,"
                + " sender TEXT NOT NULL,"
                + " recipients TEXT NOT NULL,"
                + " smtp_code INTEGER,"
                + " enhanced_status TEXT,"
                + " detail TEXT NOT NULL"
                + ")",
            // Both indexes end, implicitly, with the rowid: "newest first" (at DESC, seq DESC) is one backward
            // range scan of either index, stopped at the limit.
            "CREATE INDEX events_by_domain ON events (domain, at)",
            "CREATE INDEX events_by_alias ON events (domain, alias, at)")),
        new Migration(3, "dmarc aggregate reports", List.of(
            // A rowid table: seq breaks ties between reports received at one instant (the later stored lists first).
            // The unique key is what keeps a resent report from being counted twice. The report is a JSON document;
            // the columns beside it are what listing and the summary's period selection read.
            "CREATE TABLE dmarc_reports ("
                + " seq INTEGER PRIMARY KEY,"
                + " domain TEXT NOT NULL,"
                + " report_id TEXT NOT NULL,"
                + " received_at TEXT NOT NULL,"
                + " period_begin TEXT NOT NULL,"
                + " period_end TEXT NOT NULL,"
                + " org_name TEXT NOT NULL,"
                + " report TEXT NOT NULL,"
                + " UNIQUE (domain, report_id)"
                + ")",
            "CREATE INDEX dmarc_reports_by_received ON dmarc_reports (domain, received_at)",
            "CREATE INDEX dmarc_reports_by_period ON dmarc_reports (domain, period_begin)")),
        new Migration(4, "deliverability: DKIM keys, DMARC enforcement and DNS verification on domains", List.of(
            "ALTER TABLE domains ADD COLUMN enforce_dmarc_reject INTEGER NOT NULL DEFAULT 0"
                + " CHECK (enforce_dmarc_reject IN (0, 1))",
            // The last DNS verification: all three NULL until the owner asks for one.
            "ALTER TABLE domains ADD COLUMN dns_checked_at TEXT",
            "ALTER TABLE domains ADD COLUMN dns_ownership_verified INTEGER",
            "ALTER TABLE domains ADD COLUMN dns_failing_records TEXT",
            // The private key column holds the sealed form only (AES-GCM under the master key); keys are never
            // deleted, so the table is also the record of which key signed when.
            "CREATE TABLE dkim_keys ("
                + " domain TEXT NOT NULL,"
                + " selector TEXT NOT NULL,"
                + " algorithm TEXT NOT NULL,"
                + " state TEXT NOT NULL,"
                + " public_key BLOB NOT NULL,"
                + " sealed_private_key BLOB NOT NULL,"
                + " created_at TEXT NOT NULL,"
                + " activated_at TEXT,"
                + " retiring_at TEXT,"
                + " retired_at TEXT,"
                + " PRIMARY KEY (domain, selector)"
                + ") WITHOUT ROWID")),
        new Migration(5, "access: accounts, members, API keys, sessions, invitations, domain owners, audit log", List.of(
            // No foreign keys between the access tables, nor to domains: the ports store each record on its own
            // (as the in-memory ones do), and removing an account's members or keys is the services' decision.
            // Ids are AccessId text; enums are their API values ("read-only", "aliases:write", "pending"), which
            // never change. audit_retention is an ISO-8601 duration ("PT8760H"), exact whatever its unit.
            "CREATE TABLE accounts ("
                + " id TEXT NOT NULL PRIMARY KEY,"
                + " name TEXT NOT NULL,"
                + " created_at TEXT NOT NULL,"
                + " audit_retention TEXT NOT NULL"
                + ") WITHOUT ROWID",
            // email is lower-cased by Java (Member.normaliseEmail); the unique index makes it the login key.
            "CREATE TABLE members ("
                + " id TEXT NOT NULL PRIMARY KEY,"
                + " email TEXT NOT NULL UNIQUE,"
                + " display_name TEXT NOT NULL,"
                + " password_hash TEXT,"
                + " email_verified INTEGER NOT NULL CHECK (email_verified IN (0, 1)),"
                + " totp_secret TEXT,"
                + " created_at TEXT NOT NULL"
                + ") WITHOUT ROWID",
            // domain_roles: {"a.example":"admin"}, {} when none.
            "CREATE TABLE memberships ("
                + " account TEXT NOT NULL,"
                + " member TEXT NOT NULL,"
                + " role TEXT NOT NULL,"
                + " domain_roles TEXT NOT NULL,"
                + " PRIMARY KEY (account, member)"
                + ") WITHOUT ROWID",
            "CREATE INDEX memberships_by_member ON memberships (member, account)",
            // permissions, domains and allowed_ips are JSON arrays of their text forms (allowed_ips in the key's order).
            "CREATE TABLE api_keys ("
                + " id TEXT NOT NULL PRIMARY KEY,"
                + " account TEXT NOT NULL,"
                + " name TEXT NOT NULL,"
                + " secret_hash TEXT NOT NULL,"
                + " permissions TEXT NOT NULL,"
                + " domains TEXT NOT NULL,"
                + " expires_at TEXT,"
                + " allowed_ips TEXT NOT NULL,"
                + " created_by TEXT NOT NULL,"
                + " created_at TEXT NOT NULL,"
                + " last_used_at TEXT,"
                + " last_used_from TEXT,"
                + " revoked_at TEXT"
                + ") WITHOUT ROWID",
            "CREATE INDEX api_keys_by_account ON api_keys (account, created_at)",
            "CREATE TABLE sessions ("
                + " id TEXT NOT NULL PRIMARY KEY,"
                + " member TEXT NOT NULL,"
                + " token_hash TEXT NOT NULL,"
                + " created_at TEXT NOT NULL,"
                + " expires_at TEXT NOT NULL,"
                + " source TEXT NOT NULL,"
                + " user_agent TEXT NOT NULL"
                + ") WITHOUT ROWID",
            "CREATE INDEX sessions_by_member ON sessions (member, created_at)",
            "CREATE INDEX sessions_by_expiry ON sessions (expires_at)",
            "CREATE TABLE invitations ("
                + " id TEXT NOT NULL PRIMARY KEY,"
                + " account TEXT NOT NULL,"
                + " email TEXT NOT NULL,"
                + " role TEXT NOT NULL,"
                + " token_hash TEXT NOT NULL,"
                + " invited_by TEXT NOT NULL,"
                + " created_at TEXT NOT NULL,"
                + " expires_at TEXT NOT NULL,"
                + " state TEXT NOT NULL"
                + ") WITHOUT ROWID",
            "CREATE INDEX invitations_by_account ON invitations (account, created_at)",
            // A domain without a row belongs to the default account (it predates accounts).
            "CREATE TABLE domain_owners ("
                + " domain TEXT NOT NULL PRIMARY KEY,"
                + " account TEXT NOT NULL"
                + ") WITHOUT ROWID",
            "CREATE INDEX domain_owners_by_account ON domain_owners (account, domain)",
            // A rowid table, not WITHOUT ROWID: before/after are JSON documents of any size, and large rows belong
            // in a rowid table. The unique key is the chain's numbering: no two entries of an account share one,
            // and "newest first" is a backward scan of its index. Optional texts are NULL when absent ('' is a value).
            "CREATE TABLE audit_log ("
                + " account TEXT NOT NULL,"
                + " sequence INTEGER NOT NULL,"
                + " at TEXT NOT NULL,"
                + " actor TEXT NOT NULL,"
                + " on_behalf_of TEXT,"
                + " action TEXT NOT NULL,"
                + " target TEXT NOT NULL,"
                + " before TEXT,"
                + " after TEXT,"
                + " request_id TEXT NOT NULL,"
                + " source TEXT NOT NULL,"
                + " user_agent TEXT NOT NULL,"
                + " outcome TEXT NOT NULL,"
                + " previous_hash TEXT NOT NULL,"
                + " hash TEXT NOT NULL,"
                + " UNIQUE (account, sequence)"
                + ")",
            // The retention purge deletes by time.
            "CREATE INDEX audit_log_by_at ON audit_log (account, at)",
            // Each account's last sequence and hash, kept apart from the entries so that numbering and chaining go
            // on after a purge that removed every entry.
            "CREATE TABLE audit_chain_heads ("
                + " account TEXT NOT NULL PRIMARY KEY,"
                + " sequence INTEGER NOT NULL,"
                + " hash TEXT NOT NULL"
                + ") WITHOUT ROWID",
            // seq (the rowid) breaks ties between attempts of one instant; account is NULL when the credential
            // belonged to none (the operator key, an unknown key id).
            "CREATE TABLE failed_attempts ("
                + " seq INTEGER PRIMARY KEY,"
                + " at TEXT NOT NULL,"
                + " source TEXT NOT NULL,"
                + " credential TEXT NOT NULL,"
                + " reason TEXT NOT NULL,"
                + " account TEXT"
                + ")",
            "CREATE INDEX failed_attempts_by_account ON failed_attempts (account, at)",
            "CREATE INDEX failed_attempts_by_at ON failed_attempts (at)")),
        new Migration(6, "access: members' single-use tokens (e-mail verification, password reset, recovery codes)", List.of(
            // kind is the MemberToken.Kind name; only the secret's SHA-256 is kept; used_at NULL until used.
            "CREATE TABLE member_tokens ("
                + "id TEXT PRIMARY KEY, "
                + "member TEXT NOT NULL, "
                + "kind TEXT NOT NULL, "
                + "secret_hash TEXT NOT NULL, "
                + "created_at TEXT NOT NULL, "
                + "expires_at TEXT NOT NULL, "
                + "used_at TEXT)",
            "CREATE INDEX member_tokens_by_member ON member_tokens (member, kind, created_at)")),
        new Migration(7, "domains: what forwarded copies carry (ARC and DKIM, ARC only, neither)", List.of(
            // Existing domains keep what smtpy always did: both.
            "ALTER TABLE domains ADD COLUMN forwarded_signatures TEXT NOT NULL DEFAULT 'arc+dkim'"
                + " CHECK (forwarded_signatures IN ('arc+dkim', 'arc', 'none'))")),
        new Migration(8, "domains: archive address, one-click block links and the quarantine digest; aliases: fallback destinations", List.of(
            "ALTER TABLE domains ADD COLUMN archive_address TEXT",
            "ALTER TABLE domains ADD COLUMN block_links INTEGER NOT NULL DEFAULT 1 CHECK (block_links IN (0, 1))",
            "ALTER TABLE domains ADD COLUMN quarantine_digest INTEGER NOT NULL DEFAULT 1 CHECK (quarantine_digest IN (0, 1))",
            // A JSON list like destinations; NULL for the many aliases without one.
            "ALTER TABLE aliases ADD COLUMN fallbacks TEXT")),
        new Migration(9, "rules: per-domain and per-alias rule lists and their hit counters", List.of(
            // One row per list, the list as its JSON document (RuleJson): it is only ever read and written whole.
            // alias is '' for the domain's own list (no alias has an empty local part).
            "CREATE TABLE rule_sets ("
                + " domain TEXT NOT NULL,"
                + " alias TEXT NOT NULL,"
                + " rules TEXT NOT NULL,"
                + " PRIMARY KEY (domain, alias)"
                + ") WITHOUT ROWID",
            // Counters apart from the lists: flushed every 30 s without rewriting the lists.
            "CREATE TABLE rule_hits ("
                + " domain TEXT NOT NULL,"
                + " alias TEXT NOT NULL,"
                + " rule TEXT NOT NULL,"
                + " count INTEGER NOT NULL CHECK (count >= 0),"
                + " last_hit TEXT,"
                + " PRIMARY KEY (domain, alias, rule)"
                + ") WITHOUT ROWID")),
        new Migration(10, "lists and quarantine", List.of(
            // A rowid table: seq is the order entries were added, which lists keep. scope is ListScope.key()
            // ('operator', 'account:<id>', 'domain:<d>', 'alias:<lp>@<d>'); domain repeats the domain of a domain or
            // alias scope (NULL otherwise) so that deleting a domain deletes its aliases' lists too. value is the
            // normalised form, so the unique key refuses '@b.example' beside 'b.example'. action is NULL for allow.
            "CREATE TABLE list_entries ("
                + " seq INTEGER PRIMARY KEY,"
                + " id TEXT NOT NULL UNIQUE,"
                + " scope TEXT NOT NULL,"
                + " domain TEXT,"
                + " type TEXT NOT NULL CHECK (type IN ('block', 'allow')),"
                + " value TEXT NOT NULL,"
                + " action TEXT CHECK (action IN ('reject', 'drop', 'quarantine')),"
                + " note TEXT NOT NULL,"
                + " expires_at TEXT,"
                + " created_at TEXT NOT NULL,"
                + " hits INTEGER NOT NULL,"
                + " last_hit_at TEXT,"
                + " UNIQUE (scope, type, value)"
                + ")",
            "CREATE INDEX list_entries_by_domain ON list_entries (domain)",
            // The metadata of quarantined mail; the bytes are in quarantine_messages, so that listing never reads
            // them. seq breaks ties between mails received at one instant. sender is MaybeSender.asString() ('' for
            // the null sender); *_folded are Java-lower-cased copies for the text filters (SQLite's lower() folds
            // only ASCII). recipients is a JSON array, verdicts a JSON object.
            "CREATE TABLE quarantine ("
                + " seq INTEGER PRIMARY KEY,"
                + " domain TEXT NOT NULL,"
                + " id TEXT NOT NULL,"
                + " alias TEXT,"
                + " sender TEXT NOT NULL,"
                + " sender_folded TEXT NOT NULL,"
                + " recipients TEXT NOT NULL,"
                + " kind TEXT NOT NULL CHECK (kind IN ('quarantined', 'dropped')),"
                + " reason TEXT NOT NULL,"
                + " decided_by TEXT NOT NULL,"
                + " verdicts TEXT NOT NULL,"
                + " subject TEXT,"
                + " subject_folded TEXT,"
                + " header_from TEXT,"
                + " message_id TEXT,"
                + " size INTEGER NOT NULL,"
                + " received_at TEXT NOT NULL,"
                + " expires_at TEXT NOT NULL,"
                + " state TEXT NOT NULL CHECK (state IN ('held', 'released', 'deleted')),"
                + " released_at TEXT,"
                + " UNIQUE (domain, id)"
                + ")",
            // Listing is by domain and state (held unless asked otherwise), newest first: a backward range scan.
            "CREATE INDEX quarantine_by_received ON quarantine (domain, state, received_at)",
            "CREATE INDEX quarantine_by_expiry ON quarantine (expires_at)",
            // A rowid table, not WITHOUT ROWID: messages of up to 25 MiB belong in overflow pages of a rowid table.
            "CREATE TABLE quarantine_messages ("
                + " domain TEXT NOT NULL,"
                + " id TEXT NOT NULL,"
                + " message BLOB NOT NULL,"
                + " PRIMARY KEY (domain, id)"
                + ")")),
        new Migration(11, "domains: spam and virus policies", List.of(
            // Existing domains get the defaults of a new one (SpamSettings.DEFAULT, VirusSettings.DEFAULT).
            "ALTER TABLE domains ADD COLUMN spam_enabled INTEGER NOT NULL DEFAULT 1 CHECK (spam_enabled IN (0, 1))",
            "ALTER TABLE domains ADD COLUMN spam_tag_threshold REAL NOT NULL DEFAULT 5.0",
            "ALTER TABLE domains ADD COLUMN spam_threshold REAL NOT NULL DEFAULT 10.0",
            "ALTER TABLE domains ADD COLUMN spam_action TEXT NOT NULL DEFAULT 'quarantine'"
                + " CHECK (spam_action IN ('tag', 'quarantine', 'reject', 'drop'))",
            "ALTER TABLE domains ADD COLUMN virus_enabled INTEGER NOT NULL DEFAULT 1 CHECK (virus_enabled IN (0, 1))",
            "ALTER TABLE domains ADD COLUMN virus_action TEXT NOT NULL DEFAULT 'reject'"
                + " CHECK (virus_action IN ('quarantine', 'reject', 'drop'))")),
        new Migration(12, "webhooks: endpoints and the outbox of deliveries", List.of(
            // Secrets are stored sealed (AES-GCM under the master key), never in clear.
            "CREATE TABLE webhooks ("
                + " domain TEXT NOT NULL,"
                + " id TEXT NOT NULL PRIMARY KEY,"
                + " url TEXT NOT NULL,"
                + " events TEXT NOT NULL,"
                + " enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
                + " disabled_reason TEXT,"
                + " sealed_secret TEXT NOT NULL,"
                + " sealed_previous_secret TEXT,"
                + " previous_until TEXT,"
                + " created_at TEXT NOT NULL,"
                + " consecutive_failures INTEGER NOT NULL"
                + ")",
            "CREATE INDEX webhooks_by_domain ON webhooks (domain, created_at)",
            "CREATE TABLE webhook_deliveries ("
                + " seq INTEGER PRIMARY KEY,"
                + " id TEXT NOT NULL UNIQUE,"
                + " domain TEXT NOT NULL,"
                + " endpoint TEXT NOT NULL,"
                + " message_id TEXT NOT NULL,"
                + " event_type TEXT NOT NULL,"
                + " event_at TEXT NOT NULL,"
                + " payload TEXT NOT NULL,"
                + " created_at TEXT NOT NULL,"
                + " state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),"
                + " next_attempt_at TEXT NOT NULL,"
                + " attempts TEXT NOT NULL"
                + ")",
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)",
            "CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (domain, endpoint, created_at)",
            "CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (domain, endpoint, event_at)")),
        new Migration(13, "mail events: journeys (one mail and its copies), indexes for search; domains: event retention, legal hold and privacy", List.of(
            // Events recorded before journeys existed are each their mail's own journey.
            "ALTER TABLE events ADD COLUMN journey_id TEXT",
            "UPDATE events SET journey_id = mail_id",
            // One journey's events in order; journeys of a domain by start; one Message-ID; one outcome type.
            "CREATE INDEX events_by_journey ON events (domain, journey_id, at)",
            "CREATE INDEX events_by_message_id ON events (domain, message_id)",
            "CREATE INDEX events_by_type ON events (domain, type, at)",
            // Existing domains get the defaults of a new one (EventRetention.DEFAULT).
            "ALTER TABLE domains ADD COLUMN event_retention_days INTEGER NOT NULL DEFAULT 30"
                + " CHECK (event_retention_days BETWEEN 1 AND 3650)",
            "ALTER TABLE domains ADD COLUMN event_legal_hold INTEGER NOT NULL DEFAULT 0 CHECK (event_legal_hold IN (0, 1))",
            "ALTER TABLE domains ADD COLUMN event_privacy TEXT NOT NULL DEFAULT 'full' CHECK (event_privacy IN ('full', 'hashed', 'none'))")),
        new Migration(14, "analytics: hourly roll-ups of mail events per domain and alias", List.of(
            // One row per (domain, alias or '*', interval, bucket): counters, top values and latency bins as one JSON
            // document ({"counts", "top", "latency"}), read and written whole, so a new counter needs no migration.
            // Only hour rows are written; days are summed from them when asked, and the interval column lets day rows
            // be kept later without a migration. bucket_start is StoredInstant text, whose order is time order.
            "CREATE TABLE analytics_rollups ("
                + " domain TEXT NOT NULL,"
                + " alias TEXT NOT NULL,"
                + " interval TEXT NOT NULL CHECK (interval IN ('hour', 'day')),"
                + " bucket_start TEXT NOT NULL,"
                + " data TEXT NOT NULL,"
                + " PRIMARY KEY (domain, alias, interval, bucket_start)"
                + ") WITHOUT ROWID")),
        new Migration(15, "mail events: subjects; journey summaries and the values they are searched by", List.of(
            "ALTER TABLE events ADD COLUMN subject TEXT",
            // One row per journey, updated in the events writer's transaction (EmbeddedJourneySummaries): a page of
            // messages reads one row per journey instead of grouping its events. A rowid table: reasons make rows
            // too long for WITHOUT ROWID. subject_folded and reasons are lower case, for instr() searches.
            "CREATE TABLE journeys ("
                + " domain TEXT NOT NULL,"
                + " journey_id TEXT NOT NULL,"
                + " first_at TEXT NOT NULL,"
                + " last_at TEXT NOT NULL,"
                + " status TEXT NOT NULL,"
                + " message_id TEXT,"
                + " subject TEXT,"
                + " subject_folded TEXT,"
                + " sender TEXT NOT NULL,"
                + " recipients TEXT NOT NULL,"
                + " arrival_mail_id TEXT,"
                + " arrived INTEGER NOT NULL CHECK (arrived IN (0, 1)),"
                + " reasons TEXT NOT NULL,"
                + " UNIQUE (domain, journey_id)"
                + ")",
            // Newest start first is a backward scan of either index, stopped at the page's end; the status has its own
            // so that a page of bounced mail does not read the delivered.
            "CREATE INDEX journeys_by_start ON journeys (domain, first_at, journey_id)",
            "CREATE INDEX journeys_by_status ON journeys (domain, status, first_at, journey_id)",
            // The values a journey is found by (JourneyTerm), each with the journey's start: a search by one value is a
            // backward range scan of the key, in page order, however many journeys the domain has.
            "CREATE TABLE journey_terms ("
                + " domain TEXT NOT NULL,"
                + " kind TEXT NOT NULL,"
                + " value TEXT NOT NULL,"
                + " first_at TEXT NOT NULL,"
                + " journey_id TEXT NOT NULL,"
                + " PRIMARY KEY (domain, kind, value, first_at, journey_id)"
                + ") WITHOUT ROWID",
            "CREATE INDEX journey_terms_by_journey ON journey_terms (domain, journey_id)",
            // The searchable text of each journey (its subject as kept and its reasons, lower case), rowid = the journey's
            // rowid, split in trigrams: a search for rare text reads the few journeys that hold all its trigrams instead
            // of every row. detail=none keeps only which rows hold a trigram (the exact match is checked on the row).
            "CREATE VIRTUAL TABLE journey_text USING fts5(text, tokenize = 'trigram', detail = 'none')",
            // Journeys recorded before summaries existed are summed up when the store opens (a fold SQL cannot do).
            "CREATE TABLE journeys_rebuild (pending INTEGER NOT NULL)",
            "INSERT INTO journeys_rebuild SELECT 1 WHERE EXISTS (SELECT 1 FROM events WHERE journey_id IS NOT NULL)")),
        new Migration(16, "suppressions of aliases' destinations", List.of(
            // destination_key is the destination in lower case, as Destination compares them; the mail path asks for
            // (domain, alias, destination_key) once per destination of every copy, hence the index. until is
            // StoredInstant text, whose order is time order: the sweep that ends suppressions reads it in order.
            "CREATE TABLE suppressions ("
                + " id TEXT NOT NULL PRIMARY KEY,"
                + " domain TEXT NOT NULL,"
                + " alias TEXT NOT NULL,"
                + " destination TEXT NOT NULL,"
                + " destination_key TEXT NOT NULL,"
                + " reason TEXT NOT NULL,"
                + " cause TEXT NOT NULL,"
                + " since TEXT NOT NULL,"
                + " until TEXT NOT NULL,"
                + " journey_id TEXT"
                + ")",
            "CREATE INDEX suppressions_by_destination ON suppressions (domain, alias, destination_key, until)",
            "CREATE INDEX suppressions_by_domain ON suppressions (domain, since DESC, id)",
            "CREATE INDEX suppressions_by_until ON suppressions (until)")),
        new Migration(17, "notifications: members' preferences", List.of(
            // Members' own choices of notifications: a row per chosen type; a type without a row follows its default.
            "CREATE TABLE notification_preferences ("
                + " member TEXT NOT NULL,"
                + " type TEXT NOT NULL,"
                + " enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
                + " PRIMARY KEY (member, type)"
                + ") WITHOUT ROWID")),
        new Migration(18, "webhooks: account endpoints and batching", List.of(
            // An account's endpoints are stored beside the domains': their 'domain' column holds 'account:<id>' (a
            // domain name never has a colon), and so does webhook_deliveries.domain for their deliveries.
            // Batching: both NULL for an endpoint that sends each event alone.
            "ALTER TABLE webhooks ADD COLUMN batch_max_events INTEGER CHECK (batch_max_events BETWEEN 1 AND 1000)",
            "ALTER TABLE webhooks ADD COLUMN batch_max_delay_seconds INTEGER CHECK (batch_max_delay_seconds BETWEEN 1 AND 3600)",
            // What a batch carries: an endpoint's pending deliveries by next attempt.
            "CREATE INDEX webhook_deliveries_pending_by_endpoint ON webhook_deliveries (domain, endpoint, state, next_attempt_at)")),
        new Migration(19, "failed copies kept for resending", List.of(
            // One row per journey (the last copy of it that failed for good); the bytes as sent, signed already.
            // StoredInstant text orders as time, so the purge deletes by an index range.
            "CREATE TABLE failed_copies ("
                + " domain TEXT NOT NULL,"
                + " journey_id TEXT NOT NULL,"
                + " alias TEXT,"
                + " message_id TEXT,"
                + " sender TEXT NOT NULL,"
                + " failed_recipients TEXT NOT NULL,"
                + " message BLOB NOT NULL,"
                + " kept_at TEXT NOT NULL,"
                + " kept_until TEXT NOT NULL,"
                + " PRIMARY KEY (domain, journey_id)"
                + ")",
            "CREATE INDEX failed_copies_by_end ON failed_copies (kept_until)")),
        new Migration(20, "journey summaries: each row holds its terms; no second index of the terms", List.of(
            // {"kind": [values]}: the writer and a page read a journey whole from its row, and a journey's terms are
            // deleted by their keys, so journey_terms_by_journey (a second b-tree insert for every term on the mail's
            // way) goes.
            "ALTER TABLE journeys ADD COLUMN terms TEXT NOT NULL DEFAULT '{}'",
            "UPDATE journeys SET terms = g.terms FROM (SELECT domain, journey_id, json_group_object(kind, json(vals)) AS terms"
                + " FROM (SELECT domain, journey_id, kind, json_group_array(value) AS vals FROM journey_terms"
                + " GROUP BY domain, journey_id, kind) GROUP BY domain, journey_id) g"
                + " WHERE journeys.domain = g.domain AND journeys.journey_id = g.journey_id",
            "DROP INDEX journey_terms_by_journey")),
        new Migration(21, "SMTP credentials of the submission server", List.of(
            // username is stored lowered (SmtpCredential.normalizeUsername); AUTH names no domain, so it is unique
            // across all domains and every AUTH looks it up by this index. send_as is a JSON array of addresses
            // (*@domain for any); secret_hash the SHA-256 of the generated secret, never the secret.
            "CREATE TABLE smtp_credentials ("
                + " id TEXT NOT NULL PRIMARY KEY,"
                + " domain TEXT NOT NULL,"
                + " alias TEXT,"
                + " username TEXT NOT NULL,"
                + " secret_hash TEXT NOT NULL,"
                + " send_as TEXT NOT NULL,"
                + " hold INTEGER NOT NULL CHECK (hold IN (0, 1)),"
                + " description TEXT NOT NULL,"
                + " created_at TEXT NOT NULL"
                + ")",
            "CREATE UNIQUE INDEX smtp_credentials_by_username ON smtp_credentials (lower(username))",
            "CREATE INDEX smtp_credentials_by_domain ON smtp_credentials (domain, created_at, id)")),
        new Migration(22, "limits per domain, alias and credential", List.of(
            // One row per subject and direction. key is '' for the domain itself, the local part of an alias, the
            // opaque id of a credential; limits is a JSON object {"messagesPerHour": 100, ...} of the metrics set. The
            // mail path never reads this table per message: LimitSettings keeps each domain's rows in memory.
            "CREATE TABLE limit_settings ("
                + " domain TEXT NOT NULL,"
                + " scope TEXT NOT NULL CHECK (scope IN ('domain', 'alias', 'credential')),"
                + " key TEXT NOT NULL,"
                + " direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),"
                + " limits TEXT NOT NULL,"
                + " action TEXT NOT NULL CHECK (action IN ('defer', 'reject')),"
                + " notify INTEGER NOT NULL CHECK (notify IN (0, 1)),"
                + " PRIMARY KEY (domain, scope, key, direction)"
                + ") WITHOUT ROWID")),
        new Migration(23, "reverse aliases: replies through an alias", List.of(
            // One row per (domain, alias, original sender), original_key being the address lowered: the forwarding
            // path finds the existing one by it. token is the secret of ra+<token>@<domain>; every RCPT of that form
            // is one read of its unique index.
            "CREATE TABLE reverse_aliases ("
                + " id TEXT NOT NULL PRIMARY KEY,"
                + " domain TEXT NOT NULL,"
                + " alias TEXT NOT NULL,"
                + " original TEXT NOT NULL,"
                + " original_key TEXT NOT NULL,"
                + " original_name TEXT NOT NULL,"
                + " token TEXT NOT NULL,"
                + " enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
                + " created_at TEXT NOT NULL,"
                + " last_used_at TEXT"
                + ")",
            "CREATE UNIQUE INDEX reverse_aliases_by_token ON reverse_aliases (token)",
            "CREATE UNIQUE INDEX reverse_aliases_by_original ON reverse_aliases (domain, alias, original_key)",
            "CREATE INDEX reverse_aliases_by_domain ON reverse_aliases (domain, created_at, id)",
            // replyThroughAlias: alias '' is the domain's own setting, a local part an alias's override.
            "CREATE TABLE reply_settings ("
                + " domain TEXT NOT NULL,"
                + " alias TEXT NOT NULL,"
                + " reply_through_alias INTEGER NOT NULL CHECK (reply_through_alias IN (0, 1)),"
                + " PRIMARY KEY (domain, alias)"
                + ") WITHOUT ROWID")),
        new Migration(24, "domains' outbound relays", List.of(
            // One row per domain. password is sealed under the master key (AES-256-GCM, bound to the domain), never in
            // clear; username and password are both NULL for a relay without AUTH. The mail path reads a domain's row
            // by its primary key, once until the relay changes (DomainRelays keeps it in memory).
            "CREATE TABLE domain_relays ("
                + " domain TEXT NOT NULL PRIMARY KEY,"
                + " host TEXT NOT NULL,"
                + " port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),"
                + " tls TEXT NOT NULL CHECK (tls IN ('none', 'starttls', 'implicit')),"
                + " username TEXT,"
                + " password TEXT,"
                + " scope TEXT NOT NULL CHECK (scope IN ('outbound', 'all')),"
                + " enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
                + " updated_at TEXT NOT NULL"
                + ") WITHOUT ROWID")),
        new Migration(25, "open and click tracking per domain", List.of(
            // One row per domain whose owner set tracking; no row is tracking off. Read once per domain by Tracking,
            // which keeps the settings in memory for the mail path.
            "CREATE TABLE tracking_settings ("
                + " domain TEXT NOT NULL PRIMARY KEY,"
                + " opens INTEGER NOT NULL CHECK (opens IN (0, 1)),"
                + " clicks INTEGER NOT NULL CHECK (clicks IN (0, 1))"
                + ") WITHOUT ROWID"))));

    private final List<Migration> migrations;

    SchemaMigrations(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1, 2, 3... in order; found "
                    + migrations.get(i).version() + " at position " + (i + 1));
            }
        }
        this.migrations = ImmutableList.copyOf(migrations);
    }

    /** The first {@code version} migrations: a file as an older smtpy left it, for tests of a migration. */
    SchemaMigrations upTo(int version) {
        return new SchemaMigrations(migrations.subList(0, version));
    }

    int latestVersion() {
        return migrations.size();
    }

    /**
     * Brings the database up to {@link #latestVersion()}.
     *
     * @param connection an auto-commit connection that may write
     * @param file named in error messages
     * @return the versions applied, in order (empty when the file was up to date)
     * @throws EmbeddedStoreException when the file is newer than this build, or a migration fails
     */
    List<Integer> migrate(Connection connection, String file) {
        List<Integer> applied = new ArrayList<>();
        Migration attempting = null;
        try (Statement statement = connection.createStatement()) {
            // IMMEDIATE: two processes opening one file at once must not both read version 0 and both migrate.
            statement.execute("BEGIN IMMEDIATE");
            try {
                int current = userVersion(statement);
                if (current > latestVersion()) {
                    throw new EmbeddedStoreException("the smtpy database " + file + " has schema version " + current
                        + ", written by a newer smtpy; this one knows versions up to " + latestVersion()
                        + ". Run the newer smtpy, or restore a backup taken before the upgrade.");
                }
                for (Migration migration : migrations.subList(current, migrations.size())) {
                    attempting = migration;
                    for (String sql : migration.statements) {
                        statement.execute(sql);
                    }
                    applied.add(migration.version());
                }
                // user_version lives in the file header, which is written in the same transaction.
                statement.execute("PRAGMA user_version = " + latestVersion());
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            String step = attempting == null ? "" : " (migration " + attempting.version() + ", "
                + attempting.description() + ", failed)";
            throw new EmbeddedStoreException("cannot bring the smtpy database " + file + " to schema version "
                + latestVersion() + step + ": " + e.getMessage(), e);
        }
        return applied;
    }

    static int userVersion(Statement statement) throws SQLException {
        try (ResultSet version = statement.executeQuery("PRAGMA user_version")) {
            return version.getInt(1);
        }
    }
}
