package io.smtpy.auth.dkim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3-dkim (dkimpy 1.1.4) run as a separate process through {@code dkim/dkim_tool.py}: the independent
 * DKIM and ARC implementation smtpy's signatures must satisfy and whose signatures smtpy must accept. Fails (does
 * not skip) when python3-dkim or, for ARC, python3-authres is missing.
 */
public final class PythonDkim {
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long TIMEOUT_SECONDS = 30;

    private PythonDkim() {
    }

    /** One line per DKIM-Signature, top to bottom: {@code pass} or {@code fail <why>}. */
    public static List<String> verify(byte[] message, Map<String, String> keyRecords) {
        return lines(run("verify", message, records(keyRecords)));
    }

    /**
     * @param privateKey a PEM RSA private key, or a base64 Ed25519 seed
     * @param headers the fields to sign; none for dkimpy's default choice
     * @return the DKIM-Signature field, ending with CRLF
     */
    public static String sign(byte[] message, String algorithm, String canonicalization, String selector,
                              String domain, String privateKey, String... headers) {
        List<String> arguments = new ArrayList<>(List.of(algorithm, canonicalization, selector, domain, privateKey));
        arguments.addAll(Arrays.asList(headers));
        return run("sign", message, arguments);
    }

    /** dkimpy's {@code arc_verify}: its chain validation status (pass, fail, none) and reason. */
    public static ArcVerdict arcVerify(byte[] message, Map<String, String> keyRecords) {
        List<String> lines = lines(run("arc-verify", message, records(keyRecords)));
        return new ArcVerdict(lines.get(0).substring("cv=".length()), lines.get(1).substring("reason=".length()));
    }

    /** dkimpy's {@code arc_sign} (rsa-sha256 only): the ARC set to put in front of the message. */
    public static String arcSign(byte[] message, String selector, String domain, String privateKeyPem,
                                 String authservId) {
        return run("arc-sign", message, List.of(selector, domain, privateKeyPem, authservId));
    }

    /** What dkimpy's {@code arc_verify} returned. */
    public static final class ArcVerdict {
        private final String chainValidation;
        private final String reason;

        ArcVerdict(String chainValidation, String reason) {
            this.chainValidation = chainValidation;
            this.reason = reason;
        }

        public String chainValidation() {
            return chainValidation;
        }

        public String reason() {
            return reason;
        }

        @Override
        public String toString() {
            return "cv=" + chainValidation + " (" + reason + ")";
        }
    }

    private static List<String> records(Map<String, String> keyRecords) {
        List<String> arguments = new ArrayList<>();
        keyRecords.forEach((name, record) -> arguments.add(name + "=" + record));
        return arguments;
    }

    private static List<String> lines(String output) {
        return List.of(output.split("\r?\n"));
    }

    private static String run(String command, byte[] message, List<String> arguments) {
        List<String> commandLine = new ArrayList<>(List.of(PYTHON.toString(), script().toString(), command));
        commandLine.addAll(arguments);
        try {
            Path errors = Files.createTempFile("dkim-tool-", ".err");
            try {
                Process process = new ProcessBuilder(commandLine).redirectError(errors.toFile()).start();
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(message);
                }
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("dkim_tool.py " + command + " did not finish");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("dkim_tool.py " + command + " failed: "
                        + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return new String(output, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path script() {
        try {
            return Path.of(PythonDkim.class.getResource("/dkim/dkim_tool.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
