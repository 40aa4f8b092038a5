package dev.entangle.hub.store;

/** Group commit keeps the contract in front of the memory engine too (its own test runs it over SQLite). */
class GroupCommitLogOverMemoryTest extends EventLogContract {
    @Override
    protected EventLog open() {
        return new GroupCommitLog(new MemoryEventLog(), (appends, events, nanos) -> {
        });
    }

    @Override
    protected EventLog openOther() {
        return open();
    }
}
