package dev.entangle.core.mutation;

/** Who receives a binding's changes: one client by id, or everyone in the room. */
public sealed interface Target {

    boolean includes(String clientId);

    String wire();

    record Everyone() implements Target {
        public boolean includes(String clientId) {
            return true;
        }

        public String wire() {
            return "*";
        }
    }

    record Client(String clientId) implements Target {
        public boolean includes(String other) {
            return clientId.equals(other);
        }

        public String wire() {
            return clientId;
        }
    }

    /** Parses {@code '*'} or a client id; throws with the reason for anything else. */
    static Target parse(String wire) {
        if ("*".equals(wire)) {
            return new Everyone();
        }
        String problem = Identifiers.problemWithId(wire);
        if (problem != null) {
            throw new IllegalArgumentException("target must be '*' or a client id: " + problem);
        }
        return new Client(wire);
    }
}
