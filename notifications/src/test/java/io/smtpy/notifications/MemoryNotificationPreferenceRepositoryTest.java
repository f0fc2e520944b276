package io.smtpy.notifications;

class MemoryNotificationPreferenceRepositoryTest implements NotificationPreferenceRepositoryContract {
    private final MemoryNotificationPreferenceRepository repository = new MemoryNotificationPreferenceRepository();

    @Override
    public NotificationPreferenceRepository testee() {
        return repository;
    }
}
