package io.smtpy.guice;

import javax.mail.internet.AddressException;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.mailpath.ComplaintsAddress;
import io.smtpy.suppression.Complaints;
import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.suppression.SuppressionScreen;
import io.smtpy.suppression.SuppressionSettings;
import io.smtpy.suppression.Suppressions;

/**
 * Suppression of aliases' destinations: {@link Suppressions} (the policy; the mailets report failures, complaints
 * and deliveries to it), {@link SuppressionScreen} (the mail path's decision, used by {@code SmtpyForward}), {@link Complaints} (ARF reports
 * coming back to SRS addresses or to the operator's {@code complaints.address}, {@link ComplaintsAddress}), the chosen
 * storage flavour's {@link SuppressionRepository}, {@code suppression.days} from smtpy.properties, and
 * {@link SuppressionSchedule}, which ends suppressions whose time is up. {@code SuppressionRoutes} serves
 * {@code /smtpy/domains/{domain}/suppressions}. Each domain's suppressions in force are held in memory for the mail path
 * and follow the other nodes' changes ({@link ClusterModule}, topic {@code suppressions}).
 */
public class SuppressionModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Suppressions.class).in(Scopes.SINGLETON);
        bind(SuppressionScreen.class).in(Scopes.SINGLETON);
        bind(Complaints.class).in(Scopes.SINGLETON);
        bind(SuppressionSchedule.class).asEagerSingleton();
    }

    /** The suppressions each node holds in memory follow the other nodes' changes ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> suppressionIndex(Suppressions suppressions) {
        return suppressions.sharedIndex();
    }

    @Provides
    SuppressionRepository suppressions(StorageFlavour storage) {
        return storage.suppressions();
    }

    /** {@code complaints.address}: the operator's feedback-loop address, if any. */
    @Provides
    @Singleton
    ComplaintsAddress complaintsAddress(PropertiesProvider properties) throws ConfigurationException {
        String value = SmtpyConfiguration.rawProperties(properties).getString("complaints.address", "").trim();
        if (value.isEmpty()) {
            return ComplaintsAddress.NONE;
        }
        try {
            return ComplaintsAddress.of(new MailAddress(value));
        } catch (AddressException e) {
            throw new IllegalArgumentException("smtpy.properties: complaints.address must be a mail address, got '" + value + "'", e);
        }
    }

    /** {@code suppression.days} (default 30, 1 to 3650). */
    @Provides
    @Singleton
    SuppressionSettings settings(PropertiesProvider properties) throws ConfigurationException {
        int days = SmtpyConfiguration.rawProperties(properties).getInt("suppression.days", SuppressionSettings.DEFAULT_DAYS);
        try {
            return SuppressionSettings.ofDays(days);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: " + e.getMessage(), e);
        }
    }
}
