package io.smtpy.core.dmarc;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * Counts the bytes read through it and fails as soon as they pass a bound. It never closes what it wraps, so a zip
 * entry can be read through it without closing the archive.
 *
 * <p>It also turns the failures of an inflater under it into refusals: the JDK's XML reader takes an
 * {@link EOFException} for the end of the document and would report a truncated gzip as malformed XML.
 */
final class BoundedInputStream extends FilterInputStream {
    /** Carries a refusal through code that only lets {@link IOException} out (inflaters, the XML reader). */
    static final class Refused extends IOException {
        private final transient ReportParseException refusal;

        Refused(ReportParseException refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }

        ReportParseException refusal() {
            return refusal;
        }
    }

    private final long max;
    private final ReportParseException.Reason reason;
    private final String what;
    private long count;

    BoundedInputStream(InputStream in, long max, ReportParseException.Reason reason, String what) {
        super(in);
        this.max = max;
        this.reason = reason;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (EOFException e) {
            throw truncated();
        } catch (ZipException e) {
            throw corrupt(e);
        }
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (EOFException e) {
            throw truncated();
        } catch (ZipException e) {
            throw corrupt(e);
        }
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Through read, so that skipped bytes are counted too.
        byte[] discard = new byte[(int) Math.min(n, 8192)];
        int read = read(discard, 0, discard.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // The owner of the wrapped stream closes it.
    }

    private static Refused truncated() {
        return new Refused(new ReportParseException(ReportParseException.Reason.TRUNCATED,
            "the compressed stream ends early (truncated gzip or zip)"));
    }

    private static Refused corrupt(ZipException e) {
        return new Refused(new ReportParseException(ReportParseException.Reason.CORRUPT_ARCHIVE, String.valueOf(e.getMessage())));
    }

    private void counted(int n) throws Refused {
        count += n;
        if (count > max) {
            throw new Refused(new ReportParseException(reason, "more than " + max + " bytes " + what));
        }
    }
}
