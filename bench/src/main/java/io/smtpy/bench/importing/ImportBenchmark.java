package io.smtpy.bench.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.bench.forwarders.ProcessStats;
import io.smtpy.bench.forwarders.SmtpyForwarder;
import io.smtpy.bench.forwarders.WebAdmin;
import io.smtpy.bench.report.Report;

/**
 * Time and heap of a bulk import: a CSV of N aliases POSTed to {@code /smtpy/domains/{d}/aliases/import} on
 * smtpy's embedded server (default SQLite storage), followed to the end of its James task with
 * {@code /tasks/{id}/await}. Each count goes into a new domain of the same server.
 */
public final class ImportBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(10);
    /** James's task dates: {@code 2026-03-01T12:00:00.010+0000}. */
    private static final DateTimeFormatter TASK_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final SmtpyForwarder server;
    private final Consumer<String> log;

    /** @param server started, without aliases */
    public ImportBenchmark(SmtpyForwarder server, Consumer<String> log) {
        this.server = server;
        this.log = log;
    }

    public void run(List<Integer> counts, Report report) throws IOException, InterruptedException {
        WebAdmin webAdmin = server.webAdmin();
        try (HeapSampler heap = HeapSampler.start(server.pid())) {
            for (int count : counts) {
                String domain = "import-" + count + ".example";
                webAdmin.put("/smtpy/domains/" + domain, null);
                byte[] csv = csv(count);
                // Let jstat report the idle heap before the peak is reset.
                Thread.sleep(300);
                heap.resetPeak();
                long start = System.nanoTime();
                String taskId = JSON.readTree(webAdmin.post("/smtpy/domains/" + domain + "/aliases/import", "text/csv", csv))
                    .path("taskId").asText();
                JsonNode task = JSON.readTree(webAdmin.get("/tasks/" + taskId + "/await?timeout=" + TASK_TIMEOUT.toMinutes() + "minutes"));
                double seconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(300);
                double peakHeapMb = heap.peakMb();
                String status = task.path("status").asText() + ", created " + task.path("additionalInformation").path("created").asInt();
                String resolved = JSON.readTree(webAdmin.get("/smtpy/domains/" + domain + "/resolve/user" + (count - 1))).toString();
                if (!resolved.contains("exact")) {
                    status += ", last alias not resolved: " + resolved;
                }
                double heapAfterMb = heapAfterFullGc(heap);
                double taskSeconds = taskSeconds(task);
                log.accept(String.format(Locale.ROOT, "  import of %,d aliases: %.1f s (task %.1f s), peak heap %.0f MB, heap after GC %.0f MB, %s",
                    count, seconds, taskSeconds, peakHeapMb, heapAfterMb, status));
                report.add(new Report.Import(count, seconds, taskSeconds, peakHeapMb, heapAfterMb,
                    ProcessStats.peakResidentKb(server.pid()) / 1024.0, status));
            }
        }
    }

    /** The heap still in use once garbage is collected: mostly the resolution index of every imported alias. */
    private double heapAfterFullGc(HeapSampler heap) throws IOException, InterruptedException {
        Process gc = new ProcessBuilder("jcmd", Long.toString(server.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        Thread.sleep(300);
        return heap.latestMb();
    }

    private static double taskSeconds(JsonNode task) {
        try {
            OffsetDateTime started = OffsetDateTime.parse(task.path("startedDate").asText(), TASK_DATE);
            OffsetDateTime completed = OffsetDateTime.parse(task.path("completedDate").asText(), TASK_DATE);
            return Duration.between(started, completed).toMillis() / 1000.0;
        } catch (RuntimeException notFinished) {
            return Double.NaN;
        }
    }

    /** localPart,destinations with one destination each: the shape of a typical export. */
    static byte[] csv(int count) {
        ByteArrayOutputStream csv = new ByteArrayOutputStream(count * 40);
        csv.writeBytes("localPart,destinations\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < count; i++) {
            csv.writeBytes(("user" + i + ",user" + i + "@dest.example\n").getBytes(StandardCharsets.US_ASCII));
        }
        return csv.toByteArray();
    }
}
