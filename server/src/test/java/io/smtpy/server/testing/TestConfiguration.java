package io.smtpy.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A copy of the shipped configuration with test-only changes, so the shipped files are never weakened for a test.
 * Each change says what it gives up and why the test needs it.
 */
public final class TestConfiguration {
    private final Path directory;

    /** Copies the shipped {@code conf/} into {@code directory}. */
    public static TestConfiguration copyOfShipped(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (Stream<Path> files = Files.list(ForkedSmtpyServer.shippedConfiguration())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, directory.resolve(file.getFileName()));
                }
            }
        }
        return new TestConfiguration(directory);
    }

    private TestConfiguration(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /**
     * SMTP AUTH over plain text on loopback, on the MX: James's {@code requireSSL} off and smtpy's {@code AuthRequiresTls}
     * taken out of its chain. Tests that need a James user as an authenticated (relay-allowed) sender over a plain
     * connection use this; the shipped configuration refuses AUTH before TLS on every port.
     */
    public TestConfiguration authenticationWithoutTls() throws Exception {
        remove("smtpserver.xml", "/smtpservers/smtpserver[1]/handlerchain/handler[@class='io.smtpy.smtp.AuthRequiresTls']");
        return setText("smtpserver.xml", "/smtpservers/smtpserver[1]/auth/requireSSL", "false");
    }

    /** RemoteDelivery retries every {@code delay} (a James duration, "1 second"), so retry tests take seconds. */
    public TestConfiguration remoteDeliveryRetryEvery(String delay, int retries) throws Exception {
        String remoteDelivery = "/mailetcontainer/processors/processor/mailet[@class='RemoteDelivery']";
        setText("mailetcontainer.xml", remoteDelivery + "/delayTime", retries + " * " + delay);
        return setText("mailetcontainer.xml", remoteDelivery + "/maxRetries", String.valueOf(retries));
    }

    /** The domains' relays' delivery (SmarthostDelivery) retries every {@code delay}, so a fixed password delivers in seconds. */
    public TestConfiguration smarthostRetryEvery(String delay, int retries) throws Exception {
        String smarthost = "/mailetcontainer/processors/processor/mailet[@class='io.smtpy.mailets.SmarthostDelivery']";
        setText("mailetcontainer.xml", smarthost + "/delayTime", retries + " * " + delay);
        return setText("mailetcontainer.xml", smarthost + "/maxRetries", String.valueOf(retries));
    }

    private TestConfiguration remove(String fileName, String xpath) throws Exception {
        return edit(fileName, xpath, node -> node.getParentNode().removeChild(node));
    }

    private TestConfiguration setText(String fileName, String xpath, String value) throws Exception {
        return edit(fileName, xpath, node -> node.setTextContent(value));
    }

    private TestConfiguration edit(String fileName, String xpath, java.util.function.Consumer<org.w3c.dom.Node> change) throws Exception {
        Path file = directory.resolve(fileName);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
        if (nodes.getLength() == 0) {
            throw new IllegalStateException(fileName + " has no " + xpath + ": the shipped configuration changed");
        }
        for (int index = nodes.getLength() - 1; index >= 0; index--) {
            change.accept(nodes.item(index));
        }
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(file.toFile()));
        return this;
    }
}
