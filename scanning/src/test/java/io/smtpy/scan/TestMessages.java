package io.smtpy.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Messages that real scanners recognise: GTUBE for SpamAssassin, EICAR for ClamAV, and ordinary mail. */
public final class TestMessages {
    /** SpamAssassin's Generic Test for Unsolicited Bulk Email: a body with it scores 1000. */
    public static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    /** The EICAR anti-virus test file (68 bytes); the tests' clamd knows it as {@value #EICAR_SIGNATURE}. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    public static final String EICAR_SIGNATURE = "Smtpy-Test-Eicar.UNOFFICIAL";

    private TestMessages() {
    }

    public static byte[] clean() {
        return plain("Lunch on Thursday", "Hello Bob,\r\n\r\nShall we meet for lunch on Thursday at noon, as usual?\r\n"
            + "I will book the table by the window.\r\n\r\nAlice\r\n");
    }

    public static byte[] gtube() {
        return plain("Test spam", "This is the GTUBE, the\r\n\r\n" + GTUBE + "\r\n\r\n");
    }

    public static byte[] eicarInBody() {
        return plain("Test virus", EICAR + "\r\n");
    }

    public static byte[] eicarAttached() {
        return withAttachment("eicar.com", "application/octet-stream", EICAR.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] eicarZipped() {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("eicar.com"));
            out.write(EICAR.getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return withAttachment("eicar.zip", "application/zip", zip.toByteArray());
    }

    /** A clean message whose body makes it at least {@code size} bytes long. */
    public static byte[] cleanOfSize(int size) {
        StringBuilder body = new StringBuilder(size + 100);
        while (body.length() < size) {
            body.append("The quick brown fox jumps over the lazy dog, again and again and again.\r\n");
        }
        return plain("A long letter", body.toString());
    }

    private static byte[] plain(String subject, String body) {
        return (header(subject) + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] withAttachment(String fileName, String type, byte[] content) {
        String boundary = "=-smtpy-boundary-42";
        String base64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content);
        return (header("The file you asked for") + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
            + "--" + boundary + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nHere it is.\r\n"
            + "--" + boundary + "\r\nContent-Type: " + type + "; name=\"" + fileName + "\"\r\n"
            + "Content-Disposition: attachment; filename=\"" + fileName + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64 + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String header(String subject) {
        return "Return-Path: <alice@example.org>\r\n"
            + "Received: from mail.example.org (mail.example.org [192.0.2.10]) by mx.example.net with ESMTP id 4F2A;"
            + " Thu, 3 Dec 2026 10:15:02 +0000\r\n"
            + "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: " + subject + "\r\n"
            + "Date: Thu, 3 Dec 2026 10:15:00 +0000\r\nMessage-ID: <20261203101500.4F2A@mail.example.org>\r\n";
    }
}
