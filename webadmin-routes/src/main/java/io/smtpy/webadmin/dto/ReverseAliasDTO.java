package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.reverse.ReplySettings;
import io.smtpy.sending.reverse.ReverseAlias;

/**
 * A reverse alias as the API shows it: its reply address (the owner's own data: it is in every copy its alias gets
 * from that sender), the alias, the original sender replies go to, whether it is enabled, when it was made and last used.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public class ReverseAliasDTO {
    public final String id;
    public final String address;
    public final String alias;
    public final String original;
    public final String originalName;
    public final boolean enabled;
    public final Instant createdAt;
    public final Optional<Instant> lastUsedAt;

    public ReverseAliasDTO(ReverseAlias reverse) {
        this.id = reverse.id().asString();
        this.address = reverse.address().asString();
        this.alias = reverse.alias().asString();
        this.original = reverse.original().asString();
        this.originalName = reverse.originalName();
        this.enabled = reverse.enabled();
        this.createdAt = reverse.createdAt();
        this.lastUsedAt = reverse.lastUsedAt();
    }

    /** {@code {"domain", "replyThroughAlias", "aliases": [{"alias", "replyThroughAlias"}]}}. */
    public static class SettingsDTO {
        public final String domain;
        public final boolean replyThroughAlias;
        public final List<AliasSettingDTO> aliases;

        public SettingsDTO(DomainName domain, ReplySettings settings) {
            this.domain = domain.asString();
            this.replyThroughAlias = settings.domain();
            this.aliases = settings.aliases().entrySet().stream()
                .map(entry -> new AliasSettingDTO(entry.getKey().asString(), entry.getValue()))
                .collect(Collectors.toList());
        }
    }

    public static class AliasSettingDTO {
        public final String alias;
        /** The alias's own setting; absent when it follows the domain's. */
        public final Optional<Boolean> replyThroughAlias;

        public AliasSettingDTO(String alias, Boolean replyThroughAlias) {
            this.alias = alias;
            this.replyThroughAlias = Optional.ofNullable(replyThroughAlias);
        }

        public static AliasSettingDTO of(String alias, ReplySettings settings, io.smtpy.core.model.LocalPart localPart) {
            Map<io.smtpy.core.model.LocalPart, Boolean> aliases = settings.aliases();
            return new AliasSettingDTO(alias, aliases.get(localPart));
        }
    }
}
