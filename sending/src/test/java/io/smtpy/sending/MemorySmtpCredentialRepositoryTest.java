package io.smtpy.sending;

class MemorySmtpCredentialRepositoryTest implements SmtpCredentialRepositoryContract {
    private final MemorySmtpCredentialRepository repository = new MemorySmtpCredentialRepository();

    @Override
    public SmtpCredentialRepository testee() {
        return repository;
    }
}
