package io.smtpy.guice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.smtpy.access.store.AccessStores;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.model.DomainName;
import io.smtpy.mailets.SpoolReinjection;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleLimits;
import io.smtpy.rules.RuleRepository;
import io.smtpy.rules.links.BlockLinks;
import io.smtpy.rules.lists.ListLimits;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.rules.mailpath.BlockLinkIssuer;
import io.smtpy.rules.mailpath.DomainAccounts;
import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.rules.post.EndpointGuard;
import io.smtpy.rules.post.PostSigningKeys;
import io.smtpy.rules.post.RulePoster;
import io.smtpy.rules.quarantine.MailReinjection;
import io.smtpy.rules.quarantine.Quarantine;
import io.smtpy.rules.quarantine.QuarantineRepository;
import io.smtpy.rules.quarantine.QuarantineSettings;

/**
 * Owners' rules, block and allow lists and the quarantine: their storage (from the chosen flavour), the services, the
 * decisions on the mail path, the housekeeping ({@link RulesHousekeepingSchedule}) and the owners' daily digest of
 * newly quarantined mail ({@link QuarantineDigestSchedule}). Settings in
 * {@code smtpy.properties}:
 * <pre>
 * rules.publicUrl=https://mx.example.com:8000   # where one-click links point (WebAdmin as the Internet sees it):
 *                                               # block links on forwarded mail, unsubscribe links on notifications;
 *                                               # unset: no links
 * rules.postAllowedNetworks=127.0.0.0/8         # networks rule posts may reach in spite of the SSRF guard (default none)
 * quarantine.retentionDays=30                   # how long quarantined mail is kept
 * quarantine.restoreWindowDays=7                # how long mail dropped by a rule or list can be restored
 * </pre>
 * The HMAC keys of block links and rule posts derive from one secret generated on first start in
 * {@value #SECRET_FILE} of the data directory (readable by the server's user only).
 */
public class RulesModule extends AbstractModule {
    static final String SECRET_FILE = "smtpy/rules-secret";
    private static final Logger LOGGER = LoggerFactory.getLogger(RulesModule.class);

    @Override
    protected void configure() {
        bind(RuleBook.class).in(Scopes.SINGLETON);
        bind(SenderLists.class).in(Scopes.SINGLETON);
        bind(Quarantine.class).in(Scopes.SINGLETON);
        bind(OwnerDecisions.class).in(Scopes.SINGLETON);
        bind(RulePoster.class).in(Scopes.SINGLETON);
        bind(MailReinjection.class).to(SpoolReinjection.class);
        bind(RuleLimits.class).toInstance(RuleLimits.DEFAULT);
        bind(ListLimits.class).toInstance(ListLimits.defaults());
        bind(RulesHousekeepingSchedule.class).asEagerSingleton();
        bind(QuarantineDigestSchedule.class).asEagerSingleton();
    }

    /** The rules each node keeps compiled in memory follow the other nodes' changes ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> ruleIndex(RuleBook rules) {
        return rules;
    }

    /** The list entries each node keeps in memory follow the other nodes' changes ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> listIndex(SenderLists lists) {
        return lists;
    }

    @Provides
    RuleRepository rules(StorageFlavour storage) {
        return storage.rules();
    }

    @Provides
    ListRepository lists(StorageFlavour storage) {
        return storage.lists();
    }

    @Provides
    QuarantineRepository quarantine(StorageFlavour storage) {
        return storage.quarantine();
    }

    @Provides
    @Singleton
    QuarantineSettings quarantineSettings(PropertiesProvider properties) throws ConfigurationException {
        Configuration configuration = SmtpyConfiguration.rawProperties(properties);
        return new QuarantineSettings(days(configuration, "quarantine.retentionDays", QuarantineSettings.DEFAULT_QUARANTINED_RETENTION),
            days(configuration, "quarantine.restoreWindowDays", QuarantineSettings.DEFAULT_DROPPED_RETENTION),
            QuarantineSettings.DEFAULT_MAX_MESSAGE_BYTES);
    }

    private static Duration days(Configuration configuration, String name, Duration fallback) {
        int days = configuration.getInt(name, (int) fallback.toDays());
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("smtpy.properties: " + name + " must be between 1 and 3650 days, got " + days);
        }
        return Duration.ofDays(days);
    }

    /** The secret the links' and posts' keys derive from, generated once in the data directory. */
    @Provides
    @Singleton
    @RulesSecret
    byte[] rulesSecret(JamesDirectoriesProvider directories) {
        String secret = GeneratedSecretFile.readOrCreate(Paths.get(directories.getVarDirectory()).resolve(SECRET_FILE)).get(0);
        return secret.getBytes(StandardCharsets.US_ASCII);
    }

    @Provides
    @Singleton
    PostSigningKeys postSigningKeys(@RulesSecret byte[] secret) {
        return new PostSigningKeys(secret);
    }

    @Provides
    @Singleton
    BlockLinks blockLinks(@RulesSecret byte[] secret, Clock clock) {
        return new BlockLinks(secret, clock);
    }

    @Provides
    @Singleton
    EndpointGuard endpointGuard(PropertiesProvider properties) throws ConfigurationException {
        List<String> allowed = Arrays.stream(SmtpyConfiguration.rawProperties(properties).getStringArray("rules.postAllowedNetworks"))
            .map(String::trim)
            .filter(network -> !network.isEmpty())
            .collect(Collectors.toList());
        if (!allowed.isEmpty()) {
            LOGGER.warn("Rule posts may reach {} in spite of the SSRF guard (rules.postAllowedNetworks)", allowed);
        }
        try {
            return EndpointGuard.allowing(allowed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: rules.postAllowedNetworks: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    BlockLinkIssuer blockLinkIssuer(BlockLinks links, PropertiesProvider properties) throws ConfigurationException {
        Optional<String> publicUrl = publicUrl(properties);
        if (publicUrl.isEmpty()) {
            LOGGER.info("No rules.publicUrl: forwarded mail carries no one-click block links");
        }
        return new BlockLinkIssuer(links, publicUrl);
    }

    /**
     * {@code rules.publicUrl}, without a trailing slash: where WebAdmin is seen from the Internet, which every one-click
     * link points to (block links on forwarded mail, unsubscribe links on notifications); empty when unset.
     */
    static Optional<String> publicUrl(PropertiesProvider properties) throws ConfigurationException {
        return url(properties, "rules.publicUrl");
    }

    /** A URL property of {@code smtpy.properties}, trimmed, without a trailing slash; empty when unset or blank. */
    static Optional<String> url(PropertiesProvider properties, String name) throws ConfigurationException {
        return Optional.ofNullable(SmtpyConfiguration.rawProperties(properties).getString(name, null))
            .map(String::trim)
            .filter(url -> !url.isEmpty())
            .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    @Provides
    @Singleton
    DomainAccounts domainAccounts(AccessStores access) {
        return (DomainName domain) -> access.ownership().owner(domain).map(account -> account.asString());
    }
}
