package dev.entangle.hub.sync;

import dev.entangle.core.sync.EntityRule;
import dev.entangle.core.sync.Mutators;
import java.util.Map;

/** What the hub runs named operations with: its mutators, its entity rules and the state's bound. */
public record SyncRules(Mutators mutators, Map<String, EntityRule> entityRules, int maxEntities) {
}
