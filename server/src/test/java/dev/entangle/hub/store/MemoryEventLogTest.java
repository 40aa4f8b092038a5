package dev.entangle.hub.store;

class MemoryEventLogTest extends EventLogContract {
    @Override
    protected EventLog open() {
        return new MemoryEventLog();
    }

    @Override
    protected EventLog openOther() {
        return new MemoryEventLog();
    }
}
