package dev.entangle.core.mutation;

import dev.entangle.core.json.Names;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Who a binding is bound to: one client by id, a pattern of ids ({@code user-*}), a team
 * ({@code team:red}), everyone in the room ({@code *}), or a list of these separated by commas
 * (a mesh's members). The hub resolves a target against each member when a change arrives, so a
 * client that joins later is included.
 */
public sealed interface Target {

    /** The prefix of a team target: {@code team:red} names every client that declared team {@code red}. */
    String TEAM_PREFIX = "team:";
    /** At most this many entries in a list target. */
    int MAX_ENTRIES = 32;

    /** Whether a client with this id and these teams is among the target's clients. */
    boolean includes(String clientId, Collection<String> teams);

    String wire();

    record Everyone() implements Target {
        public boolean includes(String clientId, Collection<String> teams) {
            return true;
        }

        public String wire() {
            return "*";
        }
    }

    record Client(String clientId) implements Target {
        public boolean includes(String other, Collection<String> teams) {
            return clientId.equals(other);
        }

        public String wire() {
            return clientId;
        }
    }

    /** Client ids matching a glob where {@code *} stands for any run of characters: {@code user-*}, {@code *-editor}. */
    record Pattern(String glob) implements Target {
        public boolean includes(String clientId, Collection<String> teams) {
            return matches(glob, 0, clientId, 0);
        }

        public String wire() {
            return glob;
        }

        private static boolean matches(String glob, int g, String id, int i) {
            while (g < glob.length()) {
                char c = glob.charAt(g);
                if (c == '*') {
                    for (int k = i; k <= id.length(); k++) {
                        if (matches(glob, g + 1, id, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (i >= id.length() || id.charAt(i) != c) {
                    return false;
                }
                g++;
                i++;
            }
            return i == id.length();
        }
    }

    /** Every client that declared (or whose token grants) this team. */
    record Team(String team) implements Target {
        public boolean includes(String clientId, Collection<String> teams) {
            return teams != null && Names.listed(teams, team);
        }

        public String wire() {
            return TEAM_PREFIX + team;
        }
    }

    /** Any of several targets: a mesh's members, or {@code alice,team:red}. */
    record AnyOf(List<Target> targets) implements Target {
        public boolean includes(String clientId, Collection<String> teams) {
            for (Target target : targets) {
                if (target.includes(clientId, teams)) {
                    return true;
                }
            }
            return false;
        }

        public String wire() {
            List<String> parts = new ArrayList<>();
            for (Target target : targets) {
                parts.add(target.wire());
            }
            return String.join(",", parts);
        }
    }

    /** Parses a target's wire form; throws with the reason when it is none of the forms above. */
    static Target parse(String wire) {
        if (wire == null || wire.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (wire.indexOf(',') >= 0) {
            List<String> parts = Identifiers.split(wire, ',');
            if (parts.size() > MAX_ENTRIES) {
                throw new IllegalArgumentException("a target lists at most " + MAX_ENTRIES + " entries, got "
                        + parts.size());
            }
            List<Target> targets = new ArrayList<>();
            for (String part : parts) {
                targets.add(parseOne(part.trim()));
            }
            return new AnyOf(List.copyOf(targets));
        }
        return parseOne(wire);
    }

    private static Target parseOne(String wire) {
        if ("*".equals(wire)) {
            return new Everyone();
        }
        if (wire.startsWith(TEAM_PREFIX)) {
            String team = wire.substring(TEAM_PREFIX.length());
            String problem = Identifiers.problemWithId(team);
            if (problem != null) {
                throw new IllegalArgumentException("team in target '" + wire + "' " + problem);
            }
            return new Team(team);
        }
        if (wire.indexOf('*') >= 0) {
            String problem = Identifiers.problemWithId(wire.replace('*', 'x'));
            if (problem != null) {
                throw new IllegalArgumentException("pattern '" + wire + "' " + problem);
            }
            return new Pattern(wire);
        }
        String problem = Identifiers.problemWithId(wire);
        if (problem != null) {
            throw new IllegalArgumentException("must be '*', a client id, a pattern like 'user-*' or 'team:name': "
                    + problem);
        }
        return new Client(wire);
    }
}
