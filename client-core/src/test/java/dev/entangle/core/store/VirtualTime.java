package dev.entangle.core.store;

import dev.entangle.core.time.Clock;
import dev.entangle.core.time.Scheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock and scheduler that move only when told: tasks due run in time order. */
public final class VirtualTime implements Scheduler, Clock {
    private record Task(long due, long order, Runnable run) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long order;

    @Override
    public Runnable schedule(long delayMs, Runnable run) {
        Task task = new Task(now + Math.max(0, delayMs), order++, run);
        tasks.add(task);
        return () -> tasks.remove(task);
    }

    @Override
    public long now() {
        return now;
    }

    /** Moves time on by {@code ms}, running every task that falls due on the way. */
    public void advance(long ms) {
        long until = now + ms;
        while (true) {
            Task next = tasks.stream().filter(t -> t.due() <= until)
                    .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::order)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due());
            next.run().run();
        }
        now = until;
    }

    public boolean idle() {
        return tasks.isEmpty();
    }
}
