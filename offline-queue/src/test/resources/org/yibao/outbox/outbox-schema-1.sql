-- The outbox's first schema (version 1, before outbox_schema_version existed), exactly as
-- OutboxSchema created it up to commit 29aaece, for the migration test: a device database made
-- by that release must open with the current code and lose nothing. Statements are separated
-- by blank lines.

CREATE TABLE IF NOT EXISTS outbox_sequence(
  device_id TEXT PRIMARY KEY,
  next_seq  INTEGER NOT NULL CHECK (next_seq > 0));

CREATE TABLE IF NOT EXISTS outbox_message(
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  lane          TEXT NOT NULL CHECK (lane IN ('MESSAGES','CONTROL')),
  message_class TEXT NOT NULL,
  type          TEXT NOT NULL,
  order_key     TEXT,
  payload       BLOB NOT NULL,
  bytes         INTEGER NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('PENDING','SENT','ACKED','REJECTED','NEEDS_ATTENTION')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  sent_at       INTEGER,
  answered_at   INTEGER,
  result_code   TEXT,
  result_reason TEXT,
  ready         INTEGER NOT NULL DEFAULT 1);

CREATE INDEX IF NOT EXISTS outbox_ready ON outbox_message(lane, seq) WHERE state = 'PENDING' AND ready = 1;

CREATE INDEX IF NOT EXISTS outbox_sent ON outbox_message(seq) WHERE state = 'SENT';

CREATE INDEX IF NOT EXISTS outbox_unacked_age ON outbox_message(lane, created_at) WHERE state IN ('PENDING','SENT','NEEDS_ATTENTION');

CREATE INDEX IF NOT EXISTS outbox_key ON outbox_message(order_key, seq) WHERE state IN ('PENDING','SENT','NEEDS_ATTENTION');

CREATE INDEX IF NOT EXISTS outbox_acked ON outbox_message(answered_at) WHERE state = 'ACKED';

CREATE TABLE IF NOT EXISTS outbox_backlog(
  lane            TEXT PRIMARY KEY,
  count           INTEGER NOT NULL,
  bytes           INTEGER NOT NULL,
  needs_attention INTEGER NOT NULL,
  rejected        INTEGER NOT NULL);

INSERT OR IGNORE INTO outbox_backlog VALUES ('MESSAGES',0,0,0,0), ('CONTROL',0,0,0,0);

CREATE TRIGGER IF NOT EXISTS outbox_backlog_insert AFTER INSERT ON outbox_message
BEGIN
  UPDATE outbox_backlog SET count = count + 1, bytes = bytes + NEW.bytes WHERE lane = NEW.lane;
END;

CREATE TRIGGER IF NOT EXISTS outbox_backlog_update AFTER UPDATE OF state ON outbox_message
WHEN OLD.state <> NEW.state
BEGIN
  UPDATE outbox_backlog SET
    count = count + (NEW.state IN ('PENDING','SENT','NEEDS_ATTENTION')) - (OLD.state IN ('PENDING','SENT','NEEDS_ATTENTION')),
    bytes = bytes + NEW.bytes * ((NEW.state IN ('PENDING','SENT','NEEDS_ATTENTION')) - (OLD.state IN ('PENDING','SENT','NEEDS_ATTENTION'))),
    needs_attention = needs_attention + (NEW.state = 'NEEDS_ATTENTION') - (OLD.state = 'NEEDS_ATTENTION'),
    rejected = rejected + (NEW.state = 'REJECTED') - (OLD.state = 'REJECTED')
  WHERE lane = NEW.lane;
END;

CREATE TRIGGER IF NOT EXISTS outbox_next_head AFTER UPDATE OF state ON outbox_message
WHEN NEW.order_key IS NOT NULL AND (OLD.state IN ('PENDING','SENT','NEEDS_ATTENTION')) AND NOT (NEW.state IN ('PENDING','SENT','NEEDS_ATTENTION'))
BEGIN
  UPDATE outbox_message SET ready = 1
   WHERE seq = (SELECT min(seq) FROM outbox_message WHERE order_key = NEW.order_key AND state IN ('PENDING','SENT','NEEDS_ATTENTION'));
END;

CREATE TRIGGER IF NOT EXISTS outbox_never_delete_unacked BEFORE DELETE ON outbox_message
WHEN OLD.state <> 'ACKED'
BEGIN
  SELECT RAISE(ABORT, 'outbox: only ACKED messages may be deleted');
END;
