package dev.entangle.hub.entangle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The bindings of one room, by selector and client. Guarded by the room's lock. */
public final class EntanglementRegistry {
    private final Map<String, Map<String, Binding>> bySelector = new HashMap<>();

    public void bind(Binding binding) {
        bySelector.computeIfAbsent(binding.selector(), s -> new HashMap<>()).put(binding.clientId(), binding);
    }

    public boolean unbind(String clientId, String selector) {
        Map<String, Binding> clients = bySelector.get(selector);
        if (clients == null || clients.remove(clientId) == null) {
            return false;
        }
        if (clients.isEmpty()) {
            bySelector.remove(selector);
        }
        return true;
    }

    /** Removes every binding of a client that left; returns how many there were. */
    public int unbindAll(String clientId) {
        return unbindWhere(clientId, binding -> true);
    }

    /** Removes the bindings of {@code clientId} that {@code which} picks; returns how many there were. */
    public int unbindWhere(String clientId, Predicate<Binding> which) {
        int removed = 0;
        for (String selector : List.copyOf(bySelector.keySet())) {
            Binding binding = binding(clientId, selector);
            if (binding != null && which.test(binding) && unbind(clientId, selector)) {
                removed++;
            }
        }
        return removed;
    }

    public Binding binding(String clientId, String selector) {
        Map<String, Binding> clients = bySelector.get(selector);
        return clients == null ? null : clients.get(clientId);
    }

    public Collection<Binding> bindingsOf(String selector) {
        Map<String, Binding> clients = bySelector.get(selector);
        return clients == null ? List.of() : clients.values();
    }

    /** How many bindings {@code clientId} holds. */
    public int countOf(String clientId) {
        int count = 0;
        for (Map<String, Binding> clients : bySelector.values()) {
            if (clients.containsKey(clientId)) {
                count++;
            }
        }
        return count;
    }

    public int size() {
        int count = 0;
        for (Map<String, Binding> clients : bySelector.values()) {
            count += clients.size();
        }
        return count;
    }
}
