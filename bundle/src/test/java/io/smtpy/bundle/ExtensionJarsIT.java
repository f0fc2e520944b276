package io.smtpy.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Array;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code extensions-jars/} adds to a stock James 3.8.1 memory server for {@code storage=cassandra} and
 * {@code storage.events=opensearch}, checked on the class path the drop-in test starts James with: no jar the server
 * already has comes a second time, the DataStax driver is James's own, OpenSearch's REST client and its asynchronous
 * HTTP jars are the bundle's, and smtpy's Cassandra and OpenSearch storage classes link against them.
 */
class ExtensionJarsIT {
    /** A jar file name: its artifact id, then "-" and a version starting with a digit. */
    private static final Pattern JAR_NAME = Pattern.compile("(.+?)-\\d.*\\.jar");

    private static Path extensions;
    private static List<Path> stockClasspath;
    private static URLClassLoader james;

    @BeforeAll
    static void stockJamesWithTheBundle() throws IOException {
        extensions = Paths.get(System.getProperty("smtpy.extensions.dir"));
        stockClasspath = Stream.of(Files.readString(Paths.get(System.getProperty("smtpy.stock.classpath"))).trim().split(":"))
            .map(Paths::get)
            .collect(Collectors.toList());
        List<URL> urls = new ArrayList<>();
        for (Path jar : stockClasspath) {
            urls.add(jar.toUri().toURL());
        }
        for (Path jar : extensionJars()) {
            urls.add(jar.toUri().toURL());
        }
        // The platform loader as parent: nothing of this test's own class path (which has every smtpy module) leaks in.
        james = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void close() throws IOException {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void bundleShouldShipNoSecondCopyOfAJarJamesHas() throws IOException {
        Set<String> stock = stockClasspath.stream().map(ExtensionJarsIT::artifactId).collect(Collectors.toCollection(TreeSet::new));

        assertThat(extensionJars()).extracting(ExtensionJarsIT::artifactId).doesNotContainAnyElementsOf(stock);
    }

    @Test
    void bundleShouldShipOpenSearchsRestClientAndItsAsynchronousHttpJars() throws IOException {
        assertThat(extensionJars()).extracting(ExtensionJarsIT::artifactId)
            .contains("smtpy", "opensearch-rest-client", "httpasyncclient", "httpcore-nio");
    }

    @Test
    void cassandraDriverShouldComeFromJamesItself() throws Exception {
        assertThat(origin("com.datastax.oss.driver.api.core.CqlSession")).isIn(stockClasspath)
            .matches(jar -> jar.getFileName().toString().equals("java-driver-core-4.15.0.jar"), "java-driver-core 4.15.0");
        Class<?> session = james.loadClass("com.datastax.oss.driver.api.core.CqlSession");
        Object builder = session.getMethod("builder").invoke(null);
        builder.getClass().getMethod("addContactPoint", InetSocketAddress.class)
            .invoke(builder, InetSocketAddress.createUnresolved("cassandra.invalid", 9042));
    }

    @Test
    void openSearchClientShouldComeFromTheBundleAndStart() throws Exception {
        assertThat(origin("org.opensearch.client.RestClient").getParent()).isEqualTo(extensions);
        assertThat(origin("org.apache.http.impl.nio.client.HttpAsyncClientBuilder").getParent()).isEqualTo(extensions);
        assertThat(origin("org.apache.http.nio.reactor.IOReactor").getParent()).isEqualTo(extensions);

        // A client built and closed: its I/O reactor starts on httpcore-nio, over James's httpcore and httpclient.
        Class<?> httpHost = james.loadClass("org.apache.http.HttpHost");
        Object hosts = Array.newInstance(httpHost, 1);
        Array.set(hosts, 0, httpHost.getConstructor(String.class, int.class, String.class).newInstance("127.0.0.1", 9, "http"));
        Class<?> restClient = james.loadClass("org.opensearch.client.RestClient");
        Object builder = restClient.getMethod("builder", hosts.getClass()).invoke(null, hosts);
        try (Closeable client = (Closeable) builder.getClass().getMethod("build").invoke(builder)) {
            assertThat(client.getClass().getName()).isEqualTo("org.opensearch.client.RestClient");
        }
    }

    @Test
    void smtpysCassandraStorageShouldLinkFromTheBundle() throws Exception {
        for (String name : List.of("io.smtpy.guice.CassandraStorageModule$CassandraStorage", "io.smtpy.store.cassandra.CassandraStore",
            "io.smtpy.store.cassandra.CassandraChangeFeed")) {
            assertThat(origin(name).getParent()).isEqualTo(extensions);
            resolveSignatures(james.loadClass(name));
        }
    }

    @Test
    void smtpysOpenSearchStorageShouldLinkFromTheBundle() throws Exception {
        for (String name : List.of("io.smtpy.guice.OpenSearchStorageModule$OpenSearchStorage",
            "io.smtpy.search.opensearch.OpenSearchMailEventRepository")) {
            assertThat(origin(name).getParent()).isEqualTo(extensions);
            resolveSignatures(james.loadClass(name));
        }
    }

    /** Loads every type its fields, constructors and methods name, as Guice does when it injects it. */
    private static void resolveSignatures(Class<?> type) {
        assertThat(type.getDeclaredFields()).isNotNull();
        assertThat(type.getDeclaredConstructors()).isNotEmpty();
        assertThat(type.getDeclaredMethods()).isNotNull();
    }

    /** The jar {@code name} is loaded from in the stock James plus the bundle. */
    private static Path origin(String name) throws ClassNotFoundException, URISyntaxException {
        return Paths.get(Class.forName(name, false, james).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<Path> extensionJars() throws IOException {
        try (Stream<Path> files = Files.list(extensions)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    private static String artifactId(Path jar) {
        Matcher name = JAR_NAME.matcher(jar.getFileName().toString());
        assertThat(name.matches()).as("a jar named <artifact>-<version>.jar: %s", jar).isTrue();
        return name.group(1);
    }
}
