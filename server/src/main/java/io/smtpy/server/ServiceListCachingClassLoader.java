package io.smtpy.server;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded server's context class loader: its parent's classes and resources, with the lists of service
 * provider files ({@code META-INF/services/*}) looked up once instead of at every {@code ServiceLoader.load}.
 *
 * <p>Why: JavaMail 1.6.2 looks its transport up with {@code ServiceLoader.load(Provider.class)} at every
 * {@code Session.getTransport} and never keeps the answer, so each RemoteDelivery attempt searched all ~320 jars of
 * the class path for {@code META-INF/services/javax.mail.Provider}: measured by {@code bench/}, a fifth of
 * RemoteDelivery's CPU. The jars of a running server do not change, so the list found the first time stays true.
 * Classes, single resources and every other name go to the parent as before.
 */
final class ServiceListCachingClassLoader extends ClassLoader {
    private static final String SERVICES = "META-INF/services/";

    private final ConcurrentHashMap<String, List<URL>> serviceFiles = new ConcurrentHashMap<>();

    ServiceListCachingClassLoader(ClassLoader parent) {
        super("smtpy-service-list-cache", parent);
    }

    /** Installs it as the current thread's context class loader, which the threads James starts inherit. */
    static void install() {
        Thread current = Thread.currentThread();
        if (!(current.getContextClassLoader() instanceof ServiceListCachingClassLoader)) {
            current.setContextClassLoader(new ServiceListCachingClassLoader(current.getContextClassLoader()));
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (!name.startsWith(SERVICES)) {
            return super.getResources(name);
        }
        List<URL> found = serviceFiles.get(name);
        if (found == null) {
            found = List.copyOf(Collections.list(super.getResources(name)));
            serviceFiles.putIfAbsent(name, found);
        }
        return Collections.enumeration(found);
    }
}
