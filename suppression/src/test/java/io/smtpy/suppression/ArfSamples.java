package io.smtpy.suppression;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The ARF report of {@code rfc5965-forwarded.eml.template} (RFC 5965 Appendix B, see the README beside it) about a copy
 * smtpy forwarded; published in the test-jar for the end-to-end tests.
 */
public final class ArfSamples {
    private ArfSamples() {
    }

    /**
     * @param messageId the forwarded message's Message-ID, without angle brackets
     * @param alias the alias address the copy was forwarded for
     */
    public static String abuseReport(String messageId, String domain, String alias, String destination, String returnAddress) {
        try (InputStream in = ArfSamples.class.getResourceAsStream("rfc5965-forwarded.eml.template")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                .replace("${MESSAGE_ID}", messageId)
                .replace("${DOMAIN}", domain)
                .replace("${ALIAS}", alias)
                .replace("${DESTINATION}", destination)
                .replace("${RETURN_ADDRESS}", returnAddress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
