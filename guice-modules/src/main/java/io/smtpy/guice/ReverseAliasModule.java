package io.smtpy.guice;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.notifications.NotificationType;
import io.smtpy.notifications.OwnerAlerts;
import io.smtpy.sending.reverse.ReplyAlerts;
import io.smtpy.sending.reverse.ReplyPolicy;
import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAliases;

/**
 * Replies through an alias: the chosen storage flavour's {@link ReverseAliasRepository}, one {@link ReverseAliases}
 * (it keeps the domains' {@code replyThroughAlias} settings in memory for the forwarding path), the {@link ReplyPolicy}
 * the MX asks at the end of DATA, and its refusals told to the owners as {@link NotificationType#REPLY_REFUSED}
 * ({@link OwnerAlerts}). {@code ReverseAliasRoutes} serves {@code /smtpy/domains/{domain}/reverse-aliases} and
 * {@code /smtpy/domains/{domain}/reply-through-alias}. A domain's reverse aliases and settings go with the domain.
 */
public class ReverseAliasModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ReverseAliases.class).in(Scopes.SINGLETON);
        bind(ReplyPolicy.class).in(Scopes.SINGLETON);
        bind(ReverseAliasesOfDeletedDomains.class).asEagerSingleton();
    }

    /** The reply settings each node keeps in memory follow the other nodes' changes ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> replySettingsIndex(ReverseAliases reverseAliases) {
        return reverseAliases.sharedIndex();
    }

    /** So do the reverse aliases the forwarding path keeps in memory. */
    @ProvidesIntoSet
    SharedIndex<?> reverseAliasIndex(ReverseAliases reverseAliases) {
        return reverseAliases.issuedIndex();
    }

    @Provides
    ReverseAliasRepository reverseAliasRepository(StorageFlavour storage) {
        return storage.reverseAliases();
    }

    @Provides
    @Singleton
    ReplyAlerts replyAlerts(OwnerAlerts alerts) {
        return (domain, about, subject, text) -> alerts.raise(NotificationType.REPLY_REFUSED, domain, about, subject, text);
    }

    /** Deletes a domain's reverse aliases and settings with the domain. */
    static final class ReverseAliasesOfDeletedDomains {
        private static final Logger LOGGER = LoggerFactory.getLogger(ReverseAliasesOfDeletedDomains.class);

        @Inject
        ReverseAliasesOfDeletedDomains(AliasDirectory directory, ReverseAliases reverseAliases) {
            directory.onDomainDeleted(domain -> {
                int removed = reverseAliases.removeAll(domain);
                if (removed > 0) {
                    LOGGER.info("{} reverse alias(es) of the deleted domain {} removed", removed, domain.asString());
                }
            });
        }
    }
}
