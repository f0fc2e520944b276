package io.smtpy.guice;

import com.google.inject.AbstractModule;

/**
 * The smtpy extension: what James loads through {@code extensions.properties}
 * ({@code guice.extension.module=io.smtpy.guice.SmtpyModule}). It lives in James's extension child injector:
 * it sees James's bindings (Clock, TaskManager, PropertiesProvider...) and adds smtpy's own.
 */
public class SmtpyModule extends AbstractModule {
    @Override
    protected void configure() {
    }
}
