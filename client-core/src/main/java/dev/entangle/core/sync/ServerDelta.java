package dev.entangle.core.sync;

/**
 * What the server state did between two versions: {@code data} turns version {@code prevServerSeq}
 * into {@code serverSeq}. {@code lastClientSeq} is the receiving replica's newest operation the
 * server has handled (applied or refused) as of {@code serverSeq}, or 0; {@code serverTimestamp} is
 * when the server made the newest change (its clock, ms). A {@code full} delta carries the
 * server's whole state (each atom put in place whole, by {@code add} at its root) and replaces
 * whatever the receiver held, whatever version that was: the answer to a pull from a version the
 * server no longer has the changes since (or never had).
 */
public record ServerDelta(long serverSeq, long prevServerSeq, AtomPatches data, long lastClientSeq,
        long serverTimestamp, boolean full) {

    public ServerDelta {
        if (!full && serverSeq < prevServerSeq) {
            throw new IllegalArgumentException("a delta goes forward: " + prevServerSeq + " -> " + serverSeq);
        }
    }
}
