package io.smtpy.auth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrganizationalDomainTest {

    @Test
    void shouldBeThePublicSuffixPlusOneLabel() {
        assertThat(OrganizationalDomain.of("mail.example.com")).isEqualTo("example.com");
        assertThat(OrganizationalDomain.of("a.b.example.co.uk")).isEqualTo("example.co.uk");
        assertThat(OrganizationalDomain.of("Example.COM.")).isEqualTo("example.com");
    }

    @Test
    void privateSectionSuffixesShouldCount() {
        assertThat(OrganizationalDomain.of("alice.github.io")).isEqualTo("alice.github.io");
        assertThat(OrganizationalDomain.of("www.alice.github.io")).isEqualTo("alice.github.io");
    }

    @Test
    void publicSuffixShouldBeItsOwnOrganizationalDomain() {
        assertThat(OrganizationalDomain.of("co.uk")).isEqualTo("co.uk");
    }

    @Test
    void nameUnderNoKnownSuffixShouldKeepItsLastTwoLabels() {
        assertThat(OrganizationalDomain.of("mail.news.example.test")).isEqualTo("example.test");
        assertThat(OrganizationalDomain.of("example.test")).isEqualTo("example.test");
        assertThat(OrganizationalDomain.of("localhost")).isEqualTo("localhost");
    }

    @Test
    void alignmentShouldFollowTheOrganizationalDomain() {
        assertThat(AlignmentMode.RELAXED.aligns("bounce.mail.example.com", "example.com")).isTrue();
        assertThat(AlignmentMode.RELAXED.aligns("example.net", "example.com")).isFalse();
        assertThat(AlignmentMode.RELAXED.aligns("alice.github.io", "bob.github.io")).isFalse();
        assertThat(AlignmentMode.STRICT.aligns("bounce.example.com", "example.com")).isFalse();
        assertThat(AlignmentMode.STRICT.aligns("EXAMPLE.com.", "example.com")).isTrue();
        assertThat(AlignmentMode.RELAXED.aligns("", "example.com")).isFalse();
    }
}
