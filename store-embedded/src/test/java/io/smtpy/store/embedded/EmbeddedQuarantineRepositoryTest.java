package io.smtpy.store.embedded;

import static io.smtpy.rules.quarantine.QuarantineRepositoryContract.EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.rules.quarantine.QuarantineRepository;
import io.smtpy.rules.quarantine.QuarantineRepositoryContract;
import io.smtpy.rules.quarantine.QuarantinedMail;

class EmbeddedQuarantineRepositoryTest implements QuarantineRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public QuarantineRepository testee() {
        return embedded.store().quarantine();
    }

    @Test
    void mailsShouldBeFoundAfterReopening() throws Exception {
        QuarantinedMail rich = QuarantineRepositoryContract.richMail();
        testee().put(rich, MESSAGE);

        embedded.reopen();

        assertThat(testee().find(EXAMPLE, rich.id())).contains(rich);
        assertThat(testee().message(EXAMPLE, rich.id())).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(MESSAGE));
    }

    @Test
    void aMessageOf25MiBShouldBeKept() {
        QuarantinedMail mail = QuarantineRepositoryContract.mail(EXAMPLE, T0, "a@b.example", "large");
        byte[] large = new byte[25 * 1024 * 1024];
        large[large.length - 1] = 42;

        testee().put(mail, large);

        assertThat(testee().message(EXAMPLE, mail.id())).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(large));
    }

    @Test
    void metadataAndBytesShouldBeDeletedTogether() throws Exception {
        QuarantinedMail mail = QuarantineRepositoryContract.mail(EXAMPLE, T0, "a@b.example", "s");
        testee().put(mail, MESSAGE);

        testee().delete(EXAMPLE, mail.id());

        assertThat(RawDatabase.number(embedded.file(), "SELECT count(*) FROM quarantine_messages")).isZero();
        assertThat(RawDatabase.number(embedded.file(), "SELECT count(*) FROM quarantine")).isZero();
    }
}
