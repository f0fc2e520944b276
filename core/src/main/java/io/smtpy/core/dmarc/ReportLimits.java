package io.smtpy.core.dmarc;

/**
 * The bounds within which an attachment is read. Every one is checked while reading, on bytes and elements actually
 * seen, never on sizes an archive declares. {@link #DEFAULT}: {@value #DEFAULT_MAX_COMPRESSED_BYTES} bytes
 * received (10 MiB), {@value #DEFAULT_MAX_DECOMPRESSED_BYTES} bytes of XML (50 MiB),
 * {@value #DEFAULT_MAX_RECORDS} records, depth {@value #DEFAULT_MAX_DEPTH}, {@value #DEFAULT_MAX_ATTRIBUTES}
 * attributes per element, {@value #DEFAULT_MAX_TEXT_LENGTH} characters of text per element and
 * {@value #DEFAULT_MAX_ELEMENTS_PER_SECTION} elements per section ({@code report_metadata},
 * {@code policy_published}, one {@code record}).
 *
 * <p>The largest real reports (big receivers, busy domains) hold a few thousand records and a few MiB of XML, so
 * the defaults leave room by an order of magnitude while keeping one parse below a few hundred MiB of heap.
 */
public final class ReportLimits {
    public static final long DEFAULT_MAX_COMPRESSED_BYTES = 10L * 1024 * 1024;
    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 50L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECORDS = 100_000;
    public static final int DEFAULT_MAX_DEPTH = 16;
    public static final int DEFAULT_MAX_ATTRIBUTES = 16;
    public static final int DEFAULT_MAX_TEXT_LENGTH = 16 * 1024;
    public static final int DEFAULT_MAX_ELEMENTS_PER_SECTION = 1000;

    public static final ReportLimits DEFAULT = new ReportLimits(DEFAULT_MAX_COMPRESSED_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES,
        DEFAULT_MAX_RECORDS, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_TEXT_LENGTH, DEFAULT_MAX_ELEMENTS_PER_SECTION);

    private final long maxCompressedBytes;
    private final long maxDecompressedBytes;
    private final int maxRecords;
    private final int maxDepth;
    private final int maxAttributes;
    private final int maxTextLength;
    private final int maxElementsPerSection;

    /**
     * @throws IllegalArgumentException when a bound is not positive, or the depth is below the 4 levels a report needs
     */
    public ReportLimits(long maxCompressedBytes, long maxDecompressedBytes, int maxRecords, int maxDepth, int maxAttributes,
                        int maxTextLength, int maxElementsPerSection) {
        positive("maxCompressedBytes", maxCompressedBytes);
        positive("maxDecompressedBytes", maxDecompressedBytes);
        positive("maxRecords", maxRecords);
        positive("maxAttributes", maxAttributes);
        positive("maxTextLength", maxTextLength);
        positive("maxElementsPerSection", maxElementsPerSection);
        if (maxDepth < 4) {
            throw new IllegalArgumentException("maxDepth must be at least 4, got " + maxDepth);
        }
        this.maxCompressedBytes = maxCompressedBytes;
        this.maxDecompressedBytes = maxDecompressedBytes;
        this.maxRecords = maxRecords;
        this.maxDepth = maxDepth;
        this.maxAttributes = maxAttributes;
        this.maxTextLength = maxTextLength;
        this.maxElementsPerSection = maxElementsPerSection;
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public ReportLimits withMaxCompressedBytes(long value) {
        return new ReportLimits(value, maxDecompressedBytes, maxRecords, maxDepth, maxAttributes, maxTextLength, maxElementsPerSection);
    }

    public ReportLimits withMaxDecompressedBytes(long value) {
        return new ReportLimits(maxCompressedBytes, value, maxRecords, maxDepth, maxAttributes, maxTextLength, maxElementsPerSection);
    }

    public ReportLimits withMaxRecords(int value) {
        return new ReportLimits(maxCompressedBytes, maxDecompressedBytes, value, maxDepth, maxAttributes, maxTextLength, maxElementsPerSection);
    }

    public ReportLimits withMaxDepth(int value) {
        return new ReportLimits(maxCompressedBytes, maxDecompressedBytes, maxRecords, value, maxAttributes, maxTextLength, maxElementsPerSection);
    }

    /** Bytes of the attachment as received (zip, gzip or XML). */
    public long maxCompressedBytes() {
        return maxCompressedBytes;
    }

    /** Bytes coming out of decompression, all zip entries together. */
    public long maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    public int maxRecords() {
        return maxRecords;
    }

    /** Element nesting, the root element being at depth 1. */
    public int maxDepth() {
        return maxDepth;
    }

    public int maxAttributes() {
        return maxAttributes;
    }

    public int maxTextLength() {
        return maxTextLength;
    }

    public int maxElementsPerSection() {
        return maxElementsPerSection;
    }
}
