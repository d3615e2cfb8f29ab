-- FROZEN: schema.sql as released at schema version 2 (git 94098cfbeb0e). Never edit this file:
-- workspaces created at that version carry these statements, and store::Workspace::open
-- accepts an old file only if its schema is what this file, then the migrations, make.
-- factdesk workspace schema. The one source of the schema: src/store embeds this file with
-- include_str!, and the schema version below must match store::SCHEMA_VERSION.
-- Offsets are Unicode scalar (char) offsets. Ids are UUID v7 text. Times are RFC 3339 UTC.
-- Rows are never hard-deleted: `deleted` marks tombstones so deletions travel when files merge.
-- schema version: 2

CREATE TABLE workspace_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE article (
    id                  TEXT PRIMARY KEY NOT NULL,
    title               TEXT NOT NULL,
    outlet              TEXT NOT NULL DEFAULT '',
    url                 TEXT NOT NULL DEFAULT '',
    author              TEXT NOT NULL DEFAULT '',
    published           TEXT NOT NULL DEFAULT '',      -- YYYY-MM-DD or ''
    imported_at         TEXT NOT NULL,
    imported_by         TEXT NOT NULL,
    current_revision_id TEXT NOT NULL
        REFERENCES revision (id) DEFERRABLE INITIALLY DEFERRED,
    updated_at          TEXT NOT NULL,
    updated_by          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    deleted             INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;

CREATE TABLE revision (
    id           TEXT PRIMARY KEY NOT NULL,
    article_id   TEXT NOT NULL REFERENCES article (id) DEFERRABLE INITIALLY DEFERRED,
    number       INTEGER NOT NULL CHECK (number >= 1),
    body         TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source       TEXT NOT NULL,                        -- file:PATH, paste, url:URL
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    UNIQUE (article_id, number)
) STRICT;
CREATE INDEX revision_by_hash ON revision (content_hash);

CREATE TABLE speaker (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX speaker_by_name ON speaker (name COLLATE NOCASE);

CREATE TABLE speaker_alias (
    speaker_id TEXT NOT NULL REFERENCES speaker (id),
    alias      TEXT NOT NULL,
    PRIMARY KEY (speaker_id, alias)
) STRICT;
CREATE INDEX speaker_alias_by_alias ON speaker_alias (alias COLLATE NOCASE);

CREATE TABLE claim (
    id             TEXT PRIMARY KEY NOT NULL,
    article_id     TEXT NOT NULL REFERENCES article (id),
    revision_id    TEXT NOT NULL REFERENCES revision (id),
    start_char     INTEGER NOT NULL CHECK (start_char >= 0),
    end_char       INTEGER NOT NULL CHECK (end_char > start_char),
    quote          TEXT NOT NULL,
    prefix         TEXT NOT NULL DEFAULT '',
    suffix         TEXT NOT NULL DEFAULT '',
    anchor_state   TEXT NOT NULL DEFAULT 'placed'
        CHECK (anchor_state IN ('placed', 'moved', 'quote_changed', 'orphaned')),
    previous_quote TEXT NOT NULL DEFAULT '',
    speaker_id     TEXT REFERENCES speaker (id),
    status         TEXT NOT NULL DEFAULT 'unreviewed'
        CHECK (status IN ('unreviewed', 'in_progress', 'true', 'mostly_true', 'half_true',
                          'mostly_false', 'false', 'misleading', 'unsupported', 'not_checkable')),
    summary        TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX claim_by_article ON claim (article_id, start_char);
CREATE INDEX claim_by_speaker ON claim (speaker_id);

CREATE TABLE evidence (
    id       TEXT PRIMARY KEY NOT NULL,
    claim_id TEXT NOT NULL REFERENCES claim (id),
    url      TEXT NOT NULL,
    title    TEXT NOT NULL DEFAULT '',
    note     TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    version  INTEGER NOT NULL DEFAULT 1,
    deleted  INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX evidence_by_claim ON evidence (claim_id);

CREATE TABLE claim_history (
    id        TEXT PRIMARY KEY NOT NULL,
    claim_id  TEXT NOT NULL REFERENCES claim (id),
    at        TEXT NOT NULL,
    by        TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT NOT NULL DEFAULT '',
    new_value TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX claim_history_by_claim ON claim_history (claim_id, at);

-- Fields of a claim changed on both sides since two copies last met (see src/store/merge.rs):
-- my value stays in `claim` until someone chooses; theirs waits here with their history
-- entries for the field. Values are JSON (merge::field_value). Added in schema version 2.
CREATE TABLE merge_conflict (
    id             TEXT PRIMARY KEY NOT NULL,
    claim_id       TEXT NOT NULL REFERENCES claim (id),
    field          TEXT NOT NULL,
    mine           TEXT NOT NULL,
    theirs         TEXT NOT NULL,
    mine_by        TEXT NOT NULL,
    mine_at        TEXT NOT NULL,
    theirs_by      TEXT NOT NULL,
    theirs_at      TEXT NOT NULL,
    theirs_history TEXT NOT NULL DEFAULT '[]',
    source         TEXT NOT NULL,
    found_at       TEXT NOT NULL,
    UNIQUE (claim_id, field)
) STRICT;

-- Every fetch of an article's web page, with the raw bytes (zlib-compressed) so the text can
-- be extracted again and the source shown. Added in schema version 2.
CREATE TABLE page_fetch (
    id           TEXT PRIMARY KEY NOT NULL,
    article_id   TEXT NOT NULL REFERENCES article (id),
    revision_id  TEXT NOT NULL REFERENCES revision (id),
    url          TEXT NOT NULL,
    final_url    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    fetched_at   TEXT NOT NULL,
    fetched_by   TEXT NOT NULL,
    raw_zlib     BLOB NOT NULL,
    raw_bytes    INTEGER NOT NULL CHECK (raw_bytes >= 0)
) STRICT;
CREATE INDEX page_fetch_by_article ON page_fetch (article_id, fetched_at);
