package io.smtpy.server.testing;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

import com.google.inject.Injector;

/** The running server's injector, for tests that look inside it ({@link ServerWithSink#instance}). */
public final class InjectorProbe implements GuiceProbe {
    private final Injector injector;

    @Inject
    InjectorProbe(Injector injector) {
        this.injector = injector;
    }

    Injector injector() {
        return injector;
    }
}
