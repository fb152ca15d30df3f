-- Undo and redo are new entries of the log (it stays append-only): `kind` says which, and
-- `reverts` names the entry an undo takes back or the undo a redo takes back.
ALTER TABLE changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'undo', 'redo'));
ALTER TABLE changes ADD COLUMN reverts INTEGER REFERENCES changes (seq);
CREATE INDEX changes_by_device ON changes (device, seq);
