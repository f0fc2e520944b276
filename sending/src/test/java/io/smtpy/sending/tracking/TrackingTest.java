package io.smtpy.sending.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.smtpy.core.cluster.TwoNodes;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class TrackingTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private final MemoryTrackingSettingsRepository repository = new MemoryTrackingSettingsRepository();
    private final TrackingTokens tokens = new TrackingTokens(TrackingTokensTest.SECRET);

    private Tracking tracking(Optional<String> baseUrl) {
        return new Tracking(repository, tokens, baseUrl);
    }

    @Test
    void aDomainShouldTrackNothingUntilItsOwnerTurnsItOn() {
        Tracking tracking = tracking(Optional.of("https://t.example/"));

        assertThat(tracking.settings(DOMAIN)).isEqualTo(TrackingSettings.OFF);
        assertThat(tracking.tracker(DOMAIN, Optional.empty(), "j", OptionalInt.of(0))).isEmpty();
    }

    @Test
    void withoutABaseUrlNothingShouldBeTrackedWhateverTheDomainAsks() {
        Tracking tracking = tracking(Optional.empty());
        tracking.change(DOMAIN, TrackingSettings.of(true, true));

        assertThat(tracking.available()).isFalse();
        assertThat(tracking.tracker(DOMAIN, Optional.empty(), "j", OptionalInt.of(0))).isEmpty();
    }

    @Test
    void theLinksShouldBeUnderTheBaseUrlAndVerify() throws Exception {
        Tracking tracking = tracking(Optional.of("https://t.example/"));
        tracking.change(DOMAIN, TrackingSettings.of(true, true));

        LinkTracker tracker = tracking.tracker(DOMAIN, Optional.of(LocalPart.of("sales")), "journey-1", OptionalInt.of(1)).orElseThrow();
        String pixel = tracker.pixelUrl().orElseThrow();
        String click = tracker.clickUrl("https://shop.example/x").orElseThrow();

        assertThat(pixel).startsWith("https://t.example/smtpy/t/o/");
        assertThat(click).startsWith("https://t.example/smtpy/t/c/");
        TrackingClaim claim = tracking.verify(TrackingKind.CLICK, click.substring("https://t.example/smtpy/t/c/".length()));
        assertThat(claim.url()).contains("https://shop.example/x");
        assertThat(claim.journeyId()).isEqualTo("journey-1");
        assertThat(claim.recipientIndex()).hasValue(1);
        assertThat(tracker.clickUrl(click)).as("a link already through smtpy").isEmpty();
    }

    @Test
    void settingsShouldFollowTheOwnersChoiceAndGoWithTheDomain() {
        Tracking tracking = tracking(Optional.of("https://t.example"));
        tracking.change(DOMAIN, TrackingSettings.of(false, true));

        LinkTracker tracker = tracking.tracker(DOMAIN, Optional.empty(), "j", OptionalInt.empty()).orElseThrow();
        assertThat(tracker.pixelUrl()).isEmpty();
        assertThat(tracker.clickUrl("https://shop.example/")).isPresent();

        tracking.forget(DOMAIN);
        assertThat(repository.find(DOMAIN)).isEmpty();
        assertThat(tracking.settings(DOMAIN)).isEqualTo(TrackingSettings.OFF);
    }

    @Test
    void aBaseUrlThatIsNoWebUrlShouldBeRefused() {
        assertThatThrownBy(() -> tracking(Optional.of("ftp://t.example"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsChangedThroughOneNodeShouldApplyOnTheOtherOnceItFollowsTheFeed() {
        Tracking nodeA = tracking(Optional.of("https://t.example/"));
        Tracking nodeB = tracking(Optional.of("https://t.example/"));
        TwoNodes cluster = TwoNodes.of(nodeA.sharedIndex(), nodeB.sharedIndex());
        assertThat(nodeB.settings(DOMAIN)).isEqualTo(TrackingSettings.OFF);

        nodeA.change(DOMAIN, TrackingSettings.of(true, false));
        assertThat(nodeB.settings(DOMAIN)).isEqualTo(TrackingSettings.OFF);
        cluster.follow();
        assertThat(nodeB.settings(DOMAIN)).isEqualTo(TrackingSettings.of(true, false));

        nodeA.forget(DOMAIN);
        cluster.follow();
        assertThat(nodeB.settings(DOMAIN)).isEqualTo(TrackingSettings.OFF);
    }
}
