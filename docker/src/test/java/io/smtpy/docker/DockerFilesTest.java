package io.smtpy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.smtpy.store.cassandra.CassandraSettings;

/**
 * docker/ cannot be built here (no Docker engine, no image registry), so this checks what a build and a
 * {@code docker compose up} need from the repository: every source of the Dockerfiles' COPY and ADD lines and of
 * compose.yaml's bind mounts exists once the reactor has packaged the server and the bundle; the configuration they
 * ship is the repository's conf/ itself, the directory the server's and the bundle's tests run with, never a copy; the
 * one override of the compose stack (cluster/smtpy.properties) says only what a cluster changes, and names the
 * compose services; and the stack runs the James, Cassandra and OpenSearch versions the build and the tests use.
 */
class DockerFilesTest {
    /** Where James reads its configuration in the official images (jib's appRoot /root, working directory /root/). */
    private static final String JAMES_CONF = "/root/conf";
    private static final Path CLUSTER_OVERRIDE = Paths.get("cluster", "smtpy.properties");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    private static Path root;
    private static Path docker;
    private static Path conf;
    private static Map<String, Object> compose;

    @BeforeAll
    static void repository() throws IOException {
        root = Paths.get(System.getProperty("smtpy.root")).toRealPath();
        docker = root.resolve("docker");
        conf = root.resolve("conf");
        try (Reader reader = Files.newBufferedReader(docker.resolve("compose.yaml"), StandardCharsets.UTF_8)) {
            compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
    }

    @Test
    void everyFileTheDockerfilesCopyShouldExistAfterTheBuild() throws IOException {
        List<Copy> copies = copies();
        assertThat(copies).extracting(copy -> copy.dockerfile).contains("Dockerfile.distributed", "Dockerfile.embedded");

        for (Copy copy : copies) {
            for (String source : copy.sources) {
                assertThat(source).as("%s: %s (no wildcards: each source is checked as written)", copy.dockerfile, copy.line)
                    .doesNotContain("*", "?", "[");
                Path path = root.resolve(source).normalize();
                assertThat(path).as("%s copies %s: build first (mvn -B -DskipTests package)", copy.dockerfile, source).exists();
                if (Files.isDirectory(path)) {
                    try (Stream<Path> files = Files.list(path)) {
                        assertThat(files.count()).as("%s copies an empty %s", copy.dockerfile, source).isPositive();
                    }
                }
            }
        }
    }

    @Test
    void composeShouldBuildTheDistributedImageFromTheRepositoryRoot() throws IOException {
        Map<String, Map<String, Object>> builds = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            if (service.get("build") != null) {
                builds.put(name, map(service.get("build")));
            }
        });

        assertThat(builds).containsKeys("smtpy-1", "smtpy-2");
        for (Map<String, Object> build : builds.values()) {
            assertThat(docker.resolve((String) build.get("context")).toRealPath()).isEqualTo(root);
            assertThat(root.resolve((String) build.get("dockerfile"))).isRegularFile()
                .isEqualTo(docker.resolve("Dockerfile.distributed"));
        }
    }

    @Test
    void everyBindMountOfComposeShouldExist() {
        List<Mount> mounts = bindMounts();
        assertThat(mounts).isNotEmpty();

        for (Mount mount : mounts) {
            assertThat(mount.source).as("compose service %s mounts %s", mount.service, mount.source).exists();
        }
    }

    @Test
    void testsShouldRunWithTheRepositorysConfDirectory() throws IOException {
        // The server's tests (smtpy.test.conf) and the drop-in test of a stock James (smtpy.conf.dir).
        assertThat(systemProperty(root.resolve("server/pom.xml"), "smtpy.test.conf")).isEqualTo(conf);
        assertThat(systemProperty(root.resolve("bundle/pom.xml"), "smtpy.conf.dir")).isEqualTo(conf);
    }

    @Test
    void imagesShouldShipTheRepositorysConfDirectoryWhereTheServerReadsIt() throws IOException {
        Map<String, String> confCopies = new LinkedHashMap<>();
        for (Copy copy : copies()) {
            for (String source : copy.sources) {
                Path path = root.resolve(source).normalize();
                if (path.startsWith(conf)) {
                    assertThat(path).as("%s: the whole conf/ directory", copy.line).isEqualTo(conf);
                    confCopies.put(copy.dockerfile, copy.destination);
                } else {
                    assertThat(copy.destination).as("%s: only conf/ goes into a configuration directory", copy.line)
                        .doesNotContain("/conf");
                }
            }
        }

        assertThat(confCopies).containsEntry("Dockerfile.distributed", JAMES_CONF + "/")
            .containsEntry("Dockerfile.embedded", env(docker.resolve("Dockerfile.embedded")).get("SMTPY_CONF") + "/");
    }

    @Test
    void composeShouldMountNoCopyOfAConfFile() throws IOException {
        Set<String> confNames = confFileNames();
        for (Mount mount : bindMounts()) {
            if (!mount.target.startsWith(JAMES_CONF) || !Files.exists(mount.source)) {
                continue; // a missing source: everyBindMountOfComposeShouldExist says so
            }
            Path relative = Paths.get(JAMES_CONF).relativize(Paths.get(mount.target));
            if (mount.source.startsWith(conf)) {
                assertThat(mount.source).isEqualTo(conf.resolve(relative));
            } else if (mount.source.equals(docker.resolve(CLUSTER_OVERRIDE))) {
                assertThat(relative).isEqualTo(Paths.get("smtpy.properties"));
            } else {
                try (Stream<Path> files = Files.walk(mount.source)) {
                    assertThat(files.map(file -> file.getFileName().toString()))
                        .as("%s mounts files named as conf/'s into %s", mount.service, mount.target)
                        .doesNotContainAnyElementsOf(confNames);
                }
            }
        }
    }

    @Test
    void dockerDirectoryShouldHoldNoConfFileButTheClusterOverride() throws IOException {
        Set<String> confNames = confFileNames();
        try (Stream<Path> files = Files.walk(docker)) {
            List<Path> named = files
                .filter(file -> !file.startsWith(docker.resolve("target")) && !file.startsWith(docker.resolve("src")))
                .filter(Files::isRegularFile)
                .filter(file -> confNames.contains(file.getFileName().toString()))
                .map(docker::relativize)
                .collect(Collectors.toList());

            assertThat(named).containsExactly(CLUSTER_OVERRIDE);
        }
    }

    @Test
    void clusterOverrideShouldSetOnlyWhereAClusterKeepsItsData() throws IOException {
        Properties override = new Properties();
        try (Reader reader = Files.newBufferedReader(docker.resolve(CLUSTER_OVERRIDE), StandardCharsets.UTF_8)) {
            override.load(reader);
        }

        assertThat(override.stringPropertyNames())
            .allMatch(key -> key.equals("storage") || key.startsWith("storage.") || key.startsWith("cassandra.")
                || key.startsWith("opensearch.") || key.equals("directory.maxResidentAliases"),
                "a storage, cassandra.* or opensearch.* key, or the node's alias budget");
        assertThat(override).containsEntry("storage", "cassandra").containsEntry("storage.events", "opensearch");
        assertThat(Long.parseLong(override.getProperty("directory.maxResidentAliases"))).isPositive();
    }

    @Test
    void clusterOverrideShouldNameTheComposeServices() throws IOException {
        Properties override = new Properties();
        try (Reader reader = Files.newBufferedReader(docker.resolve(CLUSTER_OVERRIDE), StandardCharsets.UTF_8)) {
            override.load(reader);
        }
        Map<String, String> cassandraKeys = new LinkedHashMap<>();
        for (String key : override.stringPropertyNames()) {
            if (key.startsWith("cassandra.")) {
                cassandraKeys.put(key, override.getProperty(key));
            }
        }

        assertThatCode(() -> CassandraSettings.parse(cassandraKeys)).doesNotThrowAnyException();
        for (String point : override.getProperty(CassandraSettings.CONTACT_POINTS).split(",")) {
            assertThat(point.trim()).matches("[\\w.-]+:9042");
            assertThat(image(point.trim().split(":")[0])).startsWith("cassandra:");
        }
        for (String host : override.getProperty("opensearch.hosts").split(",")) {
            assertThat(host.trim()).matches("[\\w.-]+:9200");
            assertThat(image(host.trim().split(":")[0])).startsWith("opensearchproject/opensearch:");
        }
    }

    @Test
    void stackShouldRunTheVersionsTheBuildAndTheTestsUse() throws IOException {
        assertThat(image("cassandra")).isEqualTo("cassandra:" + pomValue(root.resolve("services/cassandra/pom.xml"),
            "<artifactId>cassandra-all</artifactId>\\s*<version>([^<]+)</version>"));
        assertThat(image("opensearch")).isEqualTo("opensearchproject/opensearch:"
            + pomValue(root.resolve("services/opensearch/pom.xml"), "<opensearch.version>([^<]+)</opensearch.version>"));
        assertThat(instructions(docker.resolve("Dockerfile.distributed"))).contains("FROM apache/james:distributed-"
            + pomValue(root.resolve("pom.xml"), "<james.version>([^<]+)</james.version>"));
    }

    /** One COPY or ADD line of a Dockerfile: its sources (relative to the build context, the repository root). */
    private static final class Copy {
        final String dockerfile;
        final String line;
        final List<String> sources;
        final String destination;

        Copy(String dockerfile, String line, List<String> sources, String destination) {
            this.dockerfile = dockerfile;
            this.line = line;
            this.sources = sources;
            this.destination = destination;
        }
    }

    /** A bind mount of a compose service: the host path (resolved from docker/) and where it appears. */
    private static final class Mount {
        final String service;
        final Path source;
        final String target;

        Mount(String service, Path source, String target) {
            this.service = service;
            this.source = source;
            this.target = target;
        }
    }

    /** The COPY and ADD lines of every docker/Dockerfile.*, ARG defaults substituted; copies from a stage left out. */
    private static List<Copy> copies() throws IOException {
        List<Copy> copies = new ArrayList<>();
        for (Path dockerfile : dockerfiles()) {
            Map<String, String> arguments = new LinkedHashMap<>();
            for (String instruction : instructions(dockerfile)) {
                String[] words = instruction.split("\\s+", 2);
                String keyword = words[0].toUpperCase(Locale.ROOT);
                if (keyword.equals("ARG") && words[1].contains("=")) {
                    String[] argument = words[1].split("=", 2);
                    arguments.put(argument[0].trim(), argument[1].trim());
                }
                if (!keyword.equals("COPY") && !keyword.equals("ADD")) {
                    continue;
                }
                List<String> operands = new ArrayList<>();
                boolean fromStage = false;
                for (String operand : operands(words[1])) {
                    if (operand.startsWith("--")) {
                        fromStage |= operand.startsWith("--from=");
                    } else {
                        operands.add(substitute(operand, arguments));
                    }
                }
                assertThat(operands).as("%s: %s", dockerfile.getFileName(), instruction).hasSizeGreaterThanOrEqualTo(2);
                if (!fromStage) {
                    copies.add(new Copy(dockerfile.getFileName().toString(), instruction,
                        operands.subList(0, operands.size() - 1), operands.get(operands.size() - 1)));
                }
            }
        }
        return copies;
    }

    private static List<Path> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.list(docker)) {
            return files.filter(file -> file.getFileName().toString().startsWith("Dockerfile")).sorted().collect(Collectors.toList());
        }
    }

    /** A Dockerfile's instructions: continuation lines joined, comments and blank lines left out. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString().trim().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return instructions;
    }

    /** The operands of COPY or ADD: leading flags, then the JSON form ({@code ["a", "b"]}; YAML reads JSON) or words. */
    @SuppressWarnings("unchecked")
    private static List<String> operands(String text) {
        List<String> operands = new ArrayList<>();
        String rest = text.trim();
        while (rest.startsWith("--")) {
            String[] flag = rest.split("\\s+", 2);
            operands.add(flag[0]);
            rest = flag.length > 1 ? flag[1] : "";
        }
        if (rest.startsWith("[")) {
            operands.addAll((List<String>) new Yaml(new SafeConstructor(new LoaderOptions())).load(rest));
        } else {
            operands.addAll(List.of(rest.split("\\s+")));
        }
        return operands;
    }

    private static String substitute(String operand, Map<String, String> arguments) {
        Matcher variable = VARIABLE.matcher(operand);
        StringBuilder substituted = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
            assertThat(arguments).as("ARG %s with a default", name).containsKey(name);
            variable.appendReplacement(substituted, Matcher.quoteReplacement(arguments.get(name)));
        }
        return variable.appendTail(substituted).toString();
    }

    /** The ENV values of a Dockerfile ({@code ENV KEY=VALUE ...}). */
    private static Map<String, String> env(Path dockerfile) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : instructions(dockerfile)) {
            if (instruction.startsWith("ENV ")) {
                for (String pair : instruction.substring(4).trim().split("\\s+")) {
                    String[] keyValue = pair.split("=", 2);
                    env.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
                }
            }
        }
        return env;
    }

    private static Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    private static String image(String service) {
        Map<String, Object> definition = services().get(service);
        assertThat(definition).as("compose service %s", service).isNotNull();
        return (String) definition.get("image");
    }

    /** The bind mounts of every service, in the short ({@code ./a:/b:ro}) or the long syntax ({@code type: bind}). */
    private static List<Mount> bindMounts() {
        List<Mount> mounts = new ArrayList<>();
        services().forEach((name, service) -> {
            Object volumes = service.get("volumes");
            if (volumes == null) {
                return;
            }
            for (Object volume : (List<?>) volumes) {
                if (volume instanceof String) {
                    String[] parts = ((String) volume).split(":");
                    if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                        mounts.add(new Mount(name, docker.resolve(parts[0]).normalize(), parts[1]));
                    }
                } else {
                    Map<String, Object> longSyntax = map(volume);
                    if ("bind".equals(longSyntax.get("type"))) {
                        mounts.add(new Mount(name, docker.resolve((String) longSyntax.get("source")).normalize(),
                            (String) longSyntax.get("target")));
                    }
                }
            }
        });
        return mounts;
    }

    private static Set<String> confFileNames() throws IOException {
        try (Stream<Path> files = Files.walk(conf)) {
            return files.filter(Files::isRegularFile)
                .map(file -> file.getFileName().toString())
                .filter(name -> !name.equals("README.md"))
                .collect(Collectors.toSet());
        }
    }

    /** A system property a module's pom gives its tests, {@code ${project.basedir}} resolved. */
    private static Path systemProperty(Path pom, String name) throws IOException {
        String value = pomValue(pom, "<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">");
        return Paths.get(value.replace("${project.basedir}", pom.getParent().toString())).toRealPath();
    }

    private static String pomValue(Path pom, String pattern) throws IOException {
        Matcher value = Pattern.compile(pattern).matcher(Files.readString(pom));
        assertThat(value.find()).as("%s in %s", pattern, pom).isTrue();
        return value.group(1).trim();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }
}
