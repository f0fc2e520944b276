package io.smtpy.sending.tracking;

class MemoryTrackingSettingsRepositoryTest implements TrackingSettingsRepositoryContract {
    private final MemoryTrackingSettingsRepository repository = new MemoryTrackingSettingsRepository();

    @Override
    public TrackingSettingsRepository testee() {
        return repository;
    }
}
