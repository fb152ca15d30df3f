-- Each running Switchboard is its own device, so two apps open on one file never share an undo stack: device ids by slot (see open.rs); slot 1 is the id this file had until now.
CREATE TABLE devices (
    slot INTEGER PRIMARY KEY CHECK (slot >= 1),
    id   TEXT    NOT NULL UNIQUE
) STRICT;

INSERT INTO devices (slot, id) SELECT 1, value FROM meta WHERE key = 'device_id';
DELETE FROM meta WHERE key = 'device_id';
