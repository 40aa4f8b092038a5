-- The hub's event log in PostgreSQL, shared by every hub process pointed at this schema.
-- Why it is shaped this way: dev.entangle.hub.store.PostgresEventLog.

-- The epoch is born with the schema, so every hub process sharing it reports the same one.
CREATE TABLE meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO meta (key, value) VALUES ('epoch', gen_random_uuid()::text);

-- Each room's last position (of its newest event, or of its snapshot when later). A writer locks
-- the room's row for its whole transaction: this row, not any process's memory, decides who
-- appends next to the room.
CREATE TABLE rooms (
    room          text PRIMARY KEY,
    last_position bigint NOT NULL
);

-- One sequence for the whole log, read only through reserve_positions. CACHE 1 (the default) is
-- required: with a cache, each session would hand out values from a block of its own, and a room
-- could get a smaller position after a larger one.
CREATE SEQUENCE event_positions AS bigint CACHE 1;

-- event: the event in EventCodec's JSON, as text (jsonb would reorder keys and refuses \u0000);
-- encoding marks that format (1) so a later change of it can tell old rows from new.
CREATE TABLE events (
    position bigint PRIMARY KEY,
    room     text NOT NULL,
    kind     text NOT NULL,
    encoding smallint NOT NULL,
    event    text NOT NULL
);
-- A room is loaded on its own when its first client arrives: its events by position.
CREATE INDEX events_by_room ON events (room, position);

CREATE TABLE snapshots (
    room     text PRIMARY KEY,
    position bigint NOT NULL,
    state    text NOT NULL
);

-- Hands out n consecutive positions and returns the last of them. nextval alone gives one value
-- at a time, and another session's nextval may fall between two of ours; the advisory lock
-- (keyed by the sequence's oid, so each schema has its own) makes the two steps one. It is a
-- session lock released at once, not held to the end of the transaction, so writers of other
-- rooms never wait for each other's commits.
CREATE FUNCTION reserve_positions(n integer) RETURNS bigint
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    lock_key constant bigint := 'event_positions'::regclass::oid;
    last bigint;
BEGIN
    IF n < 1 THEN
        RAISE EXCEPTION 'reserve_positions needs 1 position or more, got %', n;
    END IF;
    BEGIN
        PERFORM pg_advisory_lock(lock_key);
        last := nextval('event_positions') + n - 1;
        PERFORM setval('event_positions', last);
        PERFORM pg_advisory_unlock(lock_key);
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        -- A session lock outlives the transaction that took it: never leave one behind.
        PERFORM pg_advisory_unlock(lock_key);
        RAISE;
    END;
    RETURN last;
END
$$;
