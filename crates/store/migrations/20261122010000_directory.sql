-- Locations, people, groups, routes and practice settings. Each entity is one row whose body is
-- core's JSON form of it, so the rows follow the domain model without a migration per field;
-- keys are columns so that rows are found, replaced and deleted one at a time.
CREATE TABLE locations (
    id   TEXT PRIMARY KEY,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE people (
    id   TEXT PRIMARY KEY,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

-- "groups" is an SQL keyword (window frames), hence the longer name.
CREATE TABLE recipient_groups (
    id   TEXT PRIMARY KEY,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

-- One rule per (topic, scope); a missing row means Inherit. `scope` is core's JSON of Scope.
CREATE TABLE routes (
    topic TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (json_valid(scope)),
    route TEXT NOT NULL CHECK (json_valid(route)),
    PRIMARY KEY (topic, scope)
) STRICT;

CREATE TABLE practice_settings (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    body TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;
