package io.smtpy.sending.tracking;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import io.smtpy.core.cluster.SharedCache;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.links.OneClickLink;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Open and click tracking of the mail owners submit: each domain's {@link TrackingSettings} (kept in memory, so the
 * mail path reads no database per mail, and following the other nodes of a cluster: {@link #sharedIndex()}, topic
 * {@code tracking}), the tracking links of a copy ({@link #tracker}) and their verification.
 *
 * <p>Links are {@code <baseUrl>/smtpy/t/o/<token>} (the pixel) and {@code <baseUrl>/smtpy/t/c/<token>} (a click),
 * {@code baseUrl} being where the operator exposes WebAdmin's {@code /smtpy/t/} routes to the Internet
 * ({@code tracking.baseUrl}). Without one, nothing is tracked, whatever the domains ask ({@link #available()}).
 */
public final class Tracking {
    public static final String OPEN_PATH = "/smtpy/t/o/";
    public static final String CLICK_PATH = "/smtpy/t/c/";
    /** A domain's tracking settings changed, or went with the domain; the key is the domain. */
    public static final Topic<DomainName> TOPIC = Topic.ofDomains("tracking");

    private final TrackingSettingsRepository repository;
    private final TrackingTokens tokens;
    private final Optional<String> baseUrl;
    private final SharedCache<DomainName, TrackingSettings> settings;

    /**
     * @throws IllegalArgumentException when the base URL is not {@code http(s)://host[:port][/path]}
     */
    public Tracking(TrackingSettingsRepository repository, TrackingTokens tokens, Optional<String> baseUrl) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl.ifPresent(base -> OneClickLink.url(base, OPEN_PATH, "check"));
        this.settings = new SharedCache<>(TOPIC, name -> repository.find(name).orElse(TrackingSettings.OFF));
    }

    /** Whether the installation has a public base URL for tracking links; without one nothing is tracked. */
    public boolean available() {
        return baseUrl.isPresent();
    }

    /** The domain's settings as its owner set them (off when never set). */
    public TrackingSettings settings(DomainName domain) {
        return settings.get(domain);
    }

    public void change(DomainName domain, TrackingSettings changed) {
        repository.put(domain, changed);
        settings.changed(domain);
    }

    /** The domain was deleted: its settings go with it. */
    public void forget(DomainName domain) {
        repository.remove(domain);
        settings.changed(domain);
    }

    /** The domains' settings held in memory: what follows the changes made through the other nodes. */
    public SharedIndex<DomainName> sharedIndex() {
        return settings;
    }

    /**
     * The tracking links of one copy of a mail the domain's owner submitted, sent as {@code alias} (empty: as an
     * address that is no alias) to the recipient at {@code recipientIndex} of the submission; empty when the domain
     * tracks nothing or the installation has no base URL.
     */
    public Optional<LinkTracker> tracker(DomainName domain, Optional<LocalPart> alias, String journeyId, OptionalInt recipientIndex) {
        TrackingSettings wanted = settings(domain);
        if (baseUrl.isEmpty() || !wanted.any()) {
            return Optional.empty();
        }
        TrackingClaim open = TrackingClaim.open(domain, alias, journeyId, recipientIndex);
        String base = baseUrl.get();
        return Optional.of(new LinkTracker() {
            @Override
            public Optional<String> pixelUrl() {
                return wanted.opens() ? Optional.of(OneClickLink.url(base, OPEN_PATH, tokens.token(open))) : Optional.empty();
            }

            @Override
            public Optional<String> clickUrl(String url) {
                // A link already through smtpy (a reply quoting a tracked mail) is not wrapped twice.
                if (!wanted.clicks() || url.startsWith(OneClickLink.url(base, CLICK_PATH, "x").replaceFirst("x$", ""))) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(OneClickLink.url(base, CLICK_PATH, tokens.token(open.click(url))));
                } catch (IllegalArgumentException tooLong) {
                    return Optional.empty();
                }
            }
        });
    }

    /**
     * The claim of an authentic token of {@code kind}.
     *
     * @throws InvalidTrackingTokenException for anything else
     */
    public TrackingClaim verify(TrackingKind kind, String token) throws InvalidTrackingTokenException {
        return tokens.verify(kind, token);
    }
}
