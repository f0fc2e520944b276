package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vanilla Apache James 3.8.1, {@code org.apache.james.MemoryJamesServerMain} on a class path with nothing of smtpy,
 * configured with the memory app's sample configuration of the 3.8.1 tag (the files under
 * {@code src/main/resources/stock-james/}; the changes are listed in the bench README). Aliases are James
 * forwards ({@code RecipientRewriteTable}), relayed by RemoteDelivery to the sink as its gateway.
 */
public final class StockJamesForwarder extends JvmForwarder {
    static final String DOMAIN = "james-bench.example";
    private static final List<String> CONFIGURATION = List.of("mailetcontainer.xml", "smtpserver.xml", "webadmin.properties",
        "jmx.properties", "logback.xml", "domainlist.xml", "recipientrewritetable.xml", "usersrepository.xml",
        "dnsservice.xml", "mailrepositorystore.xml");

    private final Path classPathFile;

    public StockJamesForwarder(Path classPathFile, Path workDirectory, String javaOptions) {
        super(workDirectory, javaOptions);
        this.classPathFile = classPathFile;
    }

    @Override
    public String name() {
        return "james";
    }

    @Override
    public void start(int sinkPort) throws IOException, InterruptedException {
        String classPath = Files.readString(classPathFile).trim();
        if (classPath.contains("smtpy")) {
            throw new IllegalStateException("the stock James class path " + classPathFile + " contains smtpy");
        }
        int smtpPort = Ports.free();
        int webAdminPort = Ports.free();
        Path conf = Files.createDirectories(workDirectory.resolve("conf"));
        Map<String, String> values = Map.of("@SMTP_PORT@", Integer.toString(smtpPort), "@WEBADMIN_PORT@",
            Integer.toString(webAdminPort), "@SINK_PORT@", Integer.toString(sinkPort), "@LOG_DIR@",
            workDirectory.resolve("logs").toString());
        for (String file : CONFIGURATION) {
            Files.writeString(conf.resolve(file), Templates.render("stock-james/" + file, values));
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptionList());
        command.add("-Dworking.directory=" + workDirectory);
        command.add("-Dlogback.configurationFile=" + conf.resolve("logback.xml"));
        command.add("-cp");
        command.add(classPath);
        command.add("org.apache.james.MemoryJamesServerMain");
        launch(command, Map.of(), workDirectory, smtpPort, webAdminPort, "/domains");

        webAdmin().put("/domains/" + DOMAIN, null);
        for (int destinations : new int[] {ONE, THREE}) {
            String user = alias(destinations);
            // James refuses a forward (404) unless the forwarding address is a user.
            webAdmin().put("/users/" + user, "{\"password\":\"bench-secret\"}");
            for (int i = 1; i <= destinations; i++) {
                webAdmin().put("/address/forwards/" + user + "/targets/" + Forwarder.destination(i), null);
            }
        }
    }

    @Override
    public String alias(int destinations) {
        return "bench" + destinations + "@" + DOMAIN;
    }
}
