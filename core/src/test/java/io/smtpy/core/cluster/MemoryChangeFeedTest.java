package io.smtpy.core.cluster;

class MemoryChangeFeedTest implements ChangeFeedContract {
    private final MemoryChangeFeed feed = new MemoryChangeFeed();

    @Override
    public ChangeFeed node() {
        return feed.join();
    }
}
