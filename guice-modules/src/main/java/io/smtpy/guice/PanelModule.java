package io.smtpy.guice;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import io.smtpy.webadmin.routes.PanelFiles;
import io.smtpy.webadmin.routes.PanelRoutes;
import io.smtpy.webadmin.routes.PanelSettings;

/**
 * The web panel {@link PanelRoutes} serves at {@code /smtpy/panel/}: its files, read once from the {@code smtpy-panel}
 * jar, and the operator's settings in {@code smtpy.properties}:
 * <pre>
 * panel.enabled=true    # false: no panel (every /smtpy/panel path is a 404); the API is unchanged
 * panel.atRoot=false    # true: GET / on WebAdmin's port redirects to /smtpy/panel/
 * </pre>
 */
public class PanelModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(PanelModule.class);

    @Provides
    @Singleton
    PanelSettings panelSettings(PropertiesProvider properties) throws ConfigurationException {
        Configuration configuration = SmtpyConfiguration.rawProperties(properties);
        PanelSettings settings = new PanelSettings(SmtpyConfiguration.flag(configuration, "panel.enabled", true),
            SmtpyConfiguration.flag(configuration, "panel.atRoot", false));
        if (!settings.enabled()) {
            LOGGER.info("The web panel is off (panel.enabled=false)");
        }
        return settings;
    }

    @Provides
    @Singleton
    PanelFiles panelFiles(PanelSettings settings) {
        PanelFiles files = PanelFiles.shipped();
        if (settings.enabled() && files.file(PanelRoutes.INDEX).isEmpty()) {
            LOGGER.warn("The web panel has no {} on the class path (is the smtpy-panel jar missing?): /smtpy/panel/ answers 404",
                PanelRoutes.INDEX);
        }
        return files;
    }
}
