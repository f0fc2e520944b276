package io.smtpy.webadmin.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The web panel's static files, read once from a class-path folder ({@value #FOLDER} in the {@code smtpy-panel} jar)
 * and kept in memory with their content type and a strong ETag (a hash of the content). Names are relative to the
 * folder, with {@code /} between subfolders ({@code screens/aliases.js}).
 */
public final class PanelFiles {
    public static final String FOLDER = "io/smtpy/panel/";

    /** One file: its bytes, its type, its ETag, and whether it is worth compressing. */
    public static final class File {
        private final String name;
        private final byte[] content;
        private final String contentType;
        private final String etag;

        File(String name, byte[] content) {
            this.name = name;
            this.content = content;
            this.contentType = PanelFiles.contentType(name);
            this.etag = "\"" + hash(content) + "\"";
        }

        public String name() {
            return name;
        }

        public byte[] content() {
            return content.clone();
        }

        byte[] shared() {
            return content;
        }

        public String contentType() {
            return contentType;
        }

        /** The strong ETag of the identity encoding, quoted. */
        public String etag() {
            return etag;
        }

        /** Text (HTML, CSS, scripts, SVG, JSON) shrinks with gzip; images and fonts are compressed already. */
        public boolean compressible() {
            return contentType.startsWith("text/") || contentType.startsWith("application/") || contentType.startsWith("image/svg");
        }
    }

    private static final Map<String, String> TYPES = Map.ofEntries(
        Map.entry("html", "text/html; charset=utf-8"),
        Map.entry("js", "text/javascript; charset=utf-8"),
        Map.entry("mjs", "text/javascript; charset=utf-8"),
        Map.entry("css", "text/css; charset=utf-8"),
        Map.entry("svg", "image/svg+xml"),
        Map.entry("webmanifest", "application/manifest+json"),
        Map.entry("json", "application/json"),
        Map.entry("png", "image/png"),
        Map.entry("ico", "image/x-icon"),
        Map.entry("woff2", "font/woff2"),
        Map.entry("txt", "text/plain; charset=utf-8"));

    private final Map<String, File> files;

    private PanelFiles(Map<String, File> files) {
        this.files = Collections.unmodifiableMap(files);
    }

    /** The panel as shipped: every file under {@value #FOLDER} on this class's class path. */
    public static PanelFiles shipped() {
        return fromClassPath(PanelFiles.class.getClassLoader(), FOLDER);
    }

    /**
     * Every file under {@code folder} in every class-path root (directories and jars) of the loader.
     *
     * @throws UncheckedIOException when a root cannot be read
     */
    public static PanelFiles fromClassPath(ClassLoader loader, String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        Map<String, File> files = new TreeMap<>();
        try {
            // The folder's own entry, and its index.html for a jar written without directory entries.
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String anchor : java.util.List.of(prefix, prefix + "index.html")) {
                for (URL url : Collections.list(loader.getResources(anchor))) {
                    if (url.getProtocol().equals("jar")) {
                        JarURLConnection connection = (JarURLConnection) url.openConnection();
                        if (seen.add(connection.getJarFileURL().toString())) {
                            readJar(connection, prefix, files);
                        }
                    } else if (url.getProtocol().equals("file")) {
                        Path path = Paths.get(url.toURI());
                        Path directory = anchor.equals(prefix) ? path : path.getParent();
                        if (seen.add(directory.toString())) {
                            readDirectory(directory, files);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the panel's files under " + prefix, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read the panel's files under " + prefix, e);
        }
        return new PanelFiles(files);
    }

    private static void readJar(JarURLConnection connection, String prefix, Map<String, File> files) throws IOException {
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.isDirectory() && entry.getName().startsWith(prefix) && entry.getName().length() > prefix.length()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        String name = entry.getName().substring(prefix.length());
                        files.putIfAbsent(name, new File(name, in.readAllBytes()));
                    }
                }
            }
        }
    }

    private static void readDirectory(Path directory, Map<String, File> files) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                String name = directory.relativize(path).toString().replace(java.io.File.separatorChar, '/');
                files.putIfAbsent(name, new File(name, Files.readAllBytes(path)));
            }
        }
    }

    public Optional<File> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    public java.util.Set<String> names() {
        return files.keySet();
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static String hash(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
