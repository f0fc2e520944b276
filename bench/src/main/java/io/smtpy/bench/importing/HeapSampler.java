package io.smtpy.bench.importing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The used Java heap of another JVM, sampled every 100 ms with the JDK's {@code jstat -gc} (survivors, eden and old
 * generation in use), keeping the highest value since the last {@link #resetPeak()}.
 */
final class HeapSampler implements AutoCloseable {
    private static final List<String> USED_COLUMNS = List.of("S0U", "S1U", "EU", "OU");
    private static final String INTERVAL_MILLIS = "100";

    private final Process jstat;
    private final Thread reader;
    private volatile double latestKb;
    private volatile double peakKb;

    private HeapSampler(long pid) throws IOException {
        jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), INTERVAL_MILLIS).redirectErrorStream(true).start();
        reader = new Thread(this::readSamples, "jstat-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static HeapSampler start(long pid) throws IOException {
        return new HeapSampler(pid);
    }

    void resetPeak() {
        peakKb = latestKb;
    }

    double peakMb() {
        return peakKb / 1024;
    }

    double latestMb() {
        return latestKb / 1024;
    }

    private void readSamples() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
            int[] columns = null;
            String line;
            while ((line = lines.readLine()) != null) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 0 && fields[0].equals("S0C")) {
                    List<String> header = Arrays.asList(fields);
                    columns = USED_COLUMNS.stream().mapToInt(header::indexOf).toArray();
                    continue;
                }
                if (columns == null) {
                    continue;
                }
                double used = 0;
                for (int column : columns) {
                    used += Double.parseDouble(fields[column]);
                }
                latestKb = used;
                peakKb = Math.max(peakKb, used);
            }
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // jstat ends with its target JVM; a malformed line ends the sampling.
        }
    }

    @Override
    public void close() {
        jstat.destroy();
    }
}
