package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.AttemptThrottle;
import io.smtpy.access.service.Authenticator;
import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.access.service.PasswordHashing;
import io.smtpy.access.service.Principal;
import io.smtpy.core.dkim.PrivateKeyCipher;

class MailedAccessMessagesTest {
    private static final Pattern PANEL_LINK = Pattern.compile("https://mx\\.example\\.com:8000/smtpy/panel/#/invitation\\?token=(\\S+)");

    private final QuarantineDigestScheduleTest.RecordingNotices notices = new QuarantineDigestScheduleTest.RecordingNotices();
    private final MemoryAccessStores stores = new MemoryAccessStores();

    private AccessService service(Optional<String> publicUrl) {
        Clock clock = Clock.systemUTC();
        return new AccessService(stores, new PasswordHashing(1024, 1, 1),
            new Authenticator(stores, Optional.empty(), new AttemptThrottle(clock, 1000, 1000, Duration.ofMinutes(5)), clock),
            new MailedAccessMessages(notices, publicUrl), new CipherSecretSeal(new PrivateKeyCipher(new byte[32])), clock);
    }

    @Test
    void anInvitationShouldLinkToThePanelWhoseTokenAcceptsIt() {
        AccessService access = service(Optional.of("https://mx.example.com:8000"));
        AccessId account = access.createAccount("Acme").id();

        access.invite(account, "new@team.example", Role.READ_ONLY, Principal.operator());

        assertThat(notices.sent).hasSize(1);
        String text = notices.sent.get(0).text();
        Matcher link = PANEL_LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();
        String token = URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
        assertThat(text).contains("./smtpy invitations accept " + token);
        Membership joined = access.acceptInvitation(token, Optional.of("a long enough password"), "New");
        assertThat(joined.account()).isEqualTo(account);
        assertThat(joined.role()).isEqualTo(Role.READ_ONLY);
    }

    @Test
    void withoutAPublicUrlTheMailShouldCarryNoPanelLink() {
        AccessService access = service(Optional.empty());
        AccessId account = access.createAccount("Acme").id();

        access.invite(account, "new@team.example", Role.MEMBER, Principal.operator());

        assertThat(notices.sent.get(0).text()).doesNotContain("/smtpy/panel/").contains("/smtpy/invitations/accept");
    }
}
