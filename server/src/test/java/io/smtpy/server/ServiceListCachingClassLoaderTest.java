package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Provider;

import org.junit.jupiter.api.Test;

class ServiceListCachingClassLoaderTest {
    private static final String JAVAMAIL_PROVIDERS = "META-INF/services/javax.mail.Provider";

    /** Counts the lookups that reach it. */
    private static final class CountingLoader extends ClassLoader {
        private final AtomicInteger serviceLookups = new AtomicInteger();

        CountingLoader() {
            super(ServiceListCachingClassLoaderTest.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.startsWith("META-INF/services/")) {
                serviceLookups.incrementAndGet();
            }
            return super.getResources(name);
        }
    }

    @Test
    void serviceFilesShouldBeSearchedOnceAndFoundAlike() throws Exception {
        CountingLoader parent = new CountingLoader();
        ServiceListCachingClassLoader loader = new ServiceListCachingClassLoader(parent);

        List<URL> first = Collections.list(loader.getResources(JAVAMAIL_PROVIDERS));
        List<URL> second = Collections.list(loader.getResources(JAVAMAIL_PROVIDERS));

        assertThat(first).isNotEmpty().isEqualTo(Collections.list(parent.getResources(JAVAMAIL_PROVIDERS)));
        assertThat(second).isEqualTo(first);
        assertThat(parent.serviceLookups).hasValue(2);
    }

    @Test
    void serviceLoaderShouldStillFindJavaMailsTransports() {
        ServiceListCachingClassLoader loader = new ServiceListCachingClassLoader(getClass().getClassLoader());

        for (int round = 0; round < 2; round++) {
            assertThat(ServiceLoader.load(Provider.class, loader).stream().map(provider -> provider.get().getProtocol()))
                .contains("smtp", "smtps");
        }
    }

    @Test
    void classesAndOtherResourcesShouldComeFromTheParent() throws Exception {
        ServiceListCachingClassLoader loader = new ServiceListCachingClassLoader(getClass().getClassLoader());

        assertThat(loader.loadClass(SmtpyServerMain.class.getName())).isSameAs(SmtpyServerMain.class);
        assertThat(loader.getResource("META-INF/javamail.default.address.map"))
            .isEqualTo(getClass().getClassLoader().getResource("META-INF/javamail.default.address.map"));
    }
}
