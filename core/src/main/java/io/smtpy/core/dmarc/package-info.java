/**
 * DMARC aggregate reports (RFC 7489 §7.2 and appendix C; the DMARCbis format in namespace
 * {@code urn:ietf:params:xml:ns:dmarc-2.0}): reading them safely, the model, the per-domain store and the summary.
 *
 * <p><b>Formats.</b> {@link io.smtpy.core.dmarc.ReportAttachment} tells the format from the first bytes, never from
 * the content type or file name (both lie in practice: Google sends zip, Yahoo/AOL and Microsoft {@code .xml.gz},
 * some senders a gzip named {@code .xml.zip}): {@code PK 03 04} zip, {@code 1f 8b} gzip, {@code <} (after an
 * optional UTF-8 BOM and white space) XML. A zip must hold exactly one XML entry (told by its bytes); other entries
 * are skipped, an archive inside refuses the attachment, a second XML entry too. UTF-16 XML is not accepted.
 *
 * <p><b>Limits</b> ({@link io.smtpy.core.dmarc.ReportLimits#DEFAULT}, each a constructor parameter): 10 MiB received,
 * 50 MiB once inflated (counted while inflating, all zip entries together; declared sizes are ignored), 100,000
 * records, depth 16, 16 attributes per element, 16 KiB of text per element, 1,000 elements per section. The parser
 * streams ({@code InputStream} in, StAX), keeping one section at a time besides the records already read.
 *
 * <p><b>XML safety.</b> The JDK's StAX reader with DTD support, external entities and entity replacement off and no
 * external access; a DOCTYPE or an entity reference refuses the document ({@code doctype}), so an XXE attempt is
 * reported as one, never resolved nor silently dropped.
 *
 * <p><b>Refusals</b> are {@link io.smtpy.core.dmarc.ReportParseException}s with a
 * {@link io.smtpy.core.dmarc.ReportParseException.Reason} ({@code doctype}, {@code too-large}, {@code zip-bomb},
 * {@code truncated}, {@code corrupt-archive}, {@code nested-archive}, {@code several-reports},
 * {@code unknown-format}, {@code malformed-xml}, {@code not-a-report}, {@code too-many-records}, {@code too-complex})
 * and a message of at most 300 characters.
 *
 * <p><b>Counting.</b> Messages are counted with {@code row/count}, not records; a message passes DMARC when DKIM or
 * SPF passed aligned in {@code policy_evaluated} ({@link io.smtpy.core.dmarc.DmarcSummary}).
 */
package io.smtpy.core.dmarc;
