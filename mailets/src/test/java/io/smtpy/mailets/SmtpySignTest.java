package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthServId;
import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.arc.ArcChainResult;
import io.smtpy.auth.arc.ArcValidator;
import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.DkimVerifier;
import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.auth.signing.DomainSigningKeys;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyRotation;
import io.smtpy.core.dkim.MemoryDkimKeyRepository;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.dkim.RotationPolicy;
import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.dns.DnsLookupException;
import io.smtpy.core.dns.MxRecord;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ForwardedSignatures;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.core.model.Limits;

/**
 * The signing mailet over James's fakes, its signatures checked by smtpy's verifier and ARC validator against the
 * keys' own TXT records: one pass makes DKIM and ARC sharing one body hash, as the domain's setting asks.
 */
class SmtpySignTest {
    private static final DomainName DOMAIN = DomainName.of("alias.example");
    private static final String ORIGINAL = "From: Ann <ann@sender.example>\r\nTo: sales@alias.example\r\n"
        + "Subject: hello\r\nMessage-ID: <1@sender.example>\r\n\r\nbody line\r\n";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
    private final DkimKeyRotation rotation = new DkimKeyRotation(new MemoryDkimKeyRepository(), new DkimKeyGenerator(),
        new PrivateKeyCipher(new byte[32]), key -> true, RotationPolicy.DEFAULT, clock);
    private final Map<String, String> txt = new HashMap<>();
    private final DnsLookup dns = new DnsLookup() {
        @Override
        public List<String> txt(String name) throws DnsLookupException {
            return Optional.ofNullable(txt.get(name)).map(List::of).orElse(List.of());
        }

        @Override
        public List<MxRecord> mx(String name) {
            return List.of();
        }

        @Override
        public List<java.net.Inet4Address> a(String name) {
            return List.of();
        }

        @Override
        public List<java.net.Inet6Address> aaaa(String name) {
            return List.of();
        }
    };
    private final SmtpySign mailet = new SmtpySign(new DomainSigningKeys(rotation), new DkimSigner(clock),
        new ArcValidator(dns, clock), new AuthServId("mx.smtpy.test"), clock, directory);

    @BeforeEach
    void setUp() throws Exception {
        directory.createDomain(DOMAIN, builder -> builder);
        rotation.ensureKeys(DOMAIN);
        rotation.tick(DOMAIN);
        for (DkimKey key : rotation.signingKeys(DOMAIN)) {
            txt.put(key.recordName(), key.txtRecord());
        }
        mailet.init(FakeMailetConfig.builder().mailetName("SmtpySign").mailetContext(FakeMailContext.defaultContext()).build());
    }

    @Test
    void aCheckedForwardedCopyShouldGetDkimThenAnArcSetSharingOneBodyHash() throws Exception {
        FakeMail copy = forwardedCopy(true);

        mailet.service(copy);

        String sent = bytes(copy);
        assertThat(fieldNames(sent)).startsWith("DKIM-Signature", "ARC-Seal", "ARC-Message-Signature",
            "ARC-Authentication-Results", "From");
        assertThat(sent).endsWith(ORIGINAL);
        assertThat(tag(sent, "DKIM-Signature", "bh")).isEqualTo(tag(sent, "ARC-Message-Signature", "bh"));
        List<DkimVerdict> verdicts = new DkimVerifier(dns, clock).verify(sent.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(verdicts).extracting(DkimVerdict::status, DkimVerdict::domain).containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuthStatus.PASS, DOMAIN.asString()));
        ArcChainResult chain = new ArcValidator(dns, clock).validate(sent.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(chain.status()).isEqualTo(AuthStatus.PASS);
        assertThat(chain.highestInstance()).isEqualTo(1);
    }

    @Test
    void anUncheckedCopyShouldGetDkimOnly() throws Exception {
        FakeMail copy = forwardedCopy(false);

        mailet.service(copy);

        assertThat(fieldNames(bytes(copy))).startsWith("DKIM-Signature", "From");
    }

    @Test
    void theDomainsSettingShouldDecideWhatACopyCarries() throws Exception {
        directory.updateDomain(DOMAIN, builder -> builder.forwardedSignatures(ForwardedSignatures.ARC));
        FakeMail arcOnly = forwardedCopy(true);
        mailet.service(arcOnly);
        assertThat(fieldNames(bytes(arcOnly))).startsWith("ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results", "From");

        directory.updateDomain(DOMAIN, builder -> builder.forwardedSignatures(ForwardedSignatures.NONE));
        FakeMail none = forwardedCopy(true);
        mailet.service(none);
        assertThat(bytes(none)).isEqualTo(ORIGINAL);
    }

    @Test
    void theCopysPlanShouldWinOverTheIndex() throws Exception {
        FakeMail copy = forwardedCopy(true);
        copy.setAttribute(new Attribute(ForwardingAttributes.ARC_SEAL, AttributeValue.of(false)));
        copy.setAttribute(new Attribute(ForwardingAttributes.DKIM_SIGN, AttributeValue.of(true)));

        mailet.service(copy);

        assertThat(fieldNames(bytes(copy))).startsWith("DKIM-Signature", "From");
    }

    @Test
    void aCopyOfADomainWithoutAPublishedKeyShouldLeaveAsItIs() throws Exception {
        DomainName pending = DomainName.of("pending.example");
        directory.createDomain(pending, builder -> builder);
        FakeMail copy = FakeMail.builder().name("copy").sender("ann@sender.example").recipient("jane@dest.example")
            .mimeMessage(message(ORIGINAL))
            .attributes(ForwardingAttributes.of(pending, List.of(new MailAddress("sales@pending.example")), Optional.empty()))
            .build();

        mailet.service(copy);

        assertThat(bytes(copy)).isEqualTo(ORIGINAL);
    }

    @Test
    void mailFromAnSmtpyDomainShouldBeSignedByItsFromDomain() throws Exception {
        String message = "From: Sales <sales@alias.example>\r\nTo: bob@elsewhere.example\r\nSubject: offer\r\n\r\nhi\r\n";
        FakeMail mail = FakeMail.builder().name("sent").sender("sales@alias.example").recipient("bob@elsewhere.example")
            .mimeMessage(message(message))
            .build();

        mailet.service(mail);

        String sent = bytes(mail);
        assertThat(fieldNames(sent)).startsWith("DKIM-Signature", "From");
        assertThat(new DkimVerifier(dns, clock).verify(sent.getBytes(StandardCharsets.ISO_8859_1)))
            .extracting(DkimVerdict::status).containsExactly(AuthStatus.PASS);
    }

    private FakeMail forwardedCopy(boolean checked) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("copy").sender("srs0=x@alias.example").recipient("jane@dest.example")
            .mimeMessage(message(ORIGINAL))
            .attributes(ForwardingAttributes.of(DOMAIN, List.of(new MailAddress("sales@alias.example")), Optional.empty()));
        if (checked) {
            builder.attribute(new Attribute(AttributeName.of(AuthenticationAttributes.RESULTS),
                AttributeValue.of("spf=pass smtp.mailfrom=sender.example; dkim=none; dmarc=none")));
            builder.attribute(new Attribute(AttributeName.of(AuthenticationAttributes.ARC_CHAIN),
                AttributeValue.of(ArcChainResult.none().summary())));
        }
        return builder.build();
    }

    private static MimeMessage message(String text) throws Exception {
        return new MimeMessage(null, new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String bytes(FakeMail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static List<String> fieldNames(String message) {
        String header = message.substring(0, message.indexOf("\r\n\r\n"));
        return Arrays.stream(header.split("\r\n"))
            .filter(line -> !line.startsWith(" ") && !line.startsWith("\t"))
            .map(line -> line.substring(0, line.indexOf(':')))
            .collect(Collectors.toList());
    }

    private static String tag(String message, String field, String tag) {
        Matcher matcher = Pattern.compile("(?m)^" + field + ":((?:[^\r]*\r\n[ \t])*[^\r]*)").matcher(message);
        assertThat(matcher.find()).as(field).isTrue();
        Matcher value = Pattern.compile("(?:^|;)\\s*" + tag + "=([^;]*)").matcher(matcher.group(1).replaceAll("\r\n[ \t]", " "));
        assertThat(value.find()).as(tag + "= in " + field).isTrue();
        return value.group(1).replaceAll("\\s", "");
    }
}
