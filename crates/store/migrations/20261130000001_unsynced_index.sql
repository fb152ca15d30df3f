-- Every load counts the changes not yet synced; without an index that reads the whole log (every change's JSON), which grows forever.
CREATE INDEX changes_unsynced ON changes (seq) WHERE server_revision IS NULL;
