-- factdesk team workspace: the PostgreSQL side (issue #9). The one source of the server
-- schema: src/sync/server.rs embeds this file with include_str!, and the version below must
-- match sync::server::SERVER_VERSION. `factdesk server init URL` runs it in one transaction;
-- `factdesk server migrate URL` upgrades an older one. Needs PostgreSQL 13 or newer.
--
-- There is no sync server of our own: the rules live here, in tables, functions, triggers,
-- roles and row-level security, so raw SQL from a member's login is held to them as well.
-- server schema version: 2

CREATE SCHEMA factdesk;

-- Everyone with a login gets factdesk_member (`server add-member`); whoever may add people
-- and desks gets factdesk_admin. Role names are cluster-wide, so they may already exist.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'factdesk_member') THEN
        CREATE ROLE factdesk_member NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'factdesk_admin') THEN
        CREATE ROLE factdesk_admin NOLOGIN;
    END IF;
END
$$;

CREATE TABLE factdesk.schema_info (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version  integer NOT NULL
);
INSERT INTO factdesk.schema_info (version) VALUES (2);

-- factdesk administrators of this database (people and desks). Role factdesk_admin is
-- cluster-wide, so membership in it alone would make an admin of one newsroom's database an
-- admin of every other's on the same server: is_admin() asks both. Read only through
-- SECURITY DEFINER functions; members have no privileges on it.
CREATE TABLE factdesk.admin (
    login    text PRIMARY KEY,
    added_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO factdesk.admin (login) VALUES (current_user);

CREATE TABLE factdesk.desk (
    id         text PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (name <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per person and desk. `login` is the PostgreSQL login (session_user).
CREATE TABLE factdesk.member (
    login    text NOT NULL,
    desk_id  text NOT NULL REFERENCES factdesk.desk (id),
    role     text NOT NULL CHECK (role IN ('checker', 'editor', 'admin')),
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (login, desk_id)
);

-- A shared workspace. `change_counter` numbers every change to its entries: the server
-- sequence that clients pull by. Bumping it locks the row until the change commits, so
-- changes to one workspace commit in counter order and a cursor never skips one.
CREATE TABLE factdesk.workspace (
    id               text PRIMARY KEY,
    name             text NOT NULL UNIQUE CHECK (name <> ''),
    desk_id          text NOT NULL REFERENCES factdesk.desk (id),
    requires_signoff boolean NOT NULL DEFAULT false,
    change_counter   bigint NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       text NOT NULL DEFAULT session_user
);

-- The synced rows of every workspace: one entry per row of a workspace file's tables
-- (kind = the table), its columns as a JSON object (see src/sync/rows.rs). factdesk.push,
-- the only writer, sets `version` (1, 2, …), `seq` (the workspace's counter at the change),
-- `author` (the login that made it) and `changed_at`; a client cannot forge them. Rows are never deleted: a
-- deletion is `deleted = true` (the tombstone), so it travels to every copy.
CREATE TABLE factdesk.entry (
    workspace_id text NOT NULL REFERENCES factdesk.workspace (id),
    kind         text NOT NULL CHECK (kind IN ('speaker', 'article', 'revision', 'claim',
                                               'evidence', 'history', 'dismissal')),
    id           text NOT NULL CHECK (id <> ''),
    version      bigint NOT NULL,
    seq          bigint NOT NULL,
    deleted      boolean NOT NULL DEFAULT false,
    author       text NOT NULL,
    changed_at   timestamptz NOT NULL,
    data         jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
    PRIMARY KEY (workspace_id, kind, id)
);
CREATE INDEX entry_by_seq ON factdesk.entry (workspace_id, seq);

-- Every change a client pushed, by the id the client gave it: a push that is retried
-- (the answer was lost, the client crashed) is applied once.
CREATE TABLE factdesk.applied_change (
    workspace_id text NOT NULL REFERENCES factdesk.workspace (id),
    change_id    text NOT NULL,
    kind         text NOT NULL,
    id           text NOT NULL,
    version      bigint NOT NULL,
    seq          bigint NOT NULL,
    author       text NOT NULL DEFAULT session_user,
    applied_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, change_id)
);

-- Who the login is. Functions that read membership run as the schema's owner
-- (SECURITY DEFINER) but ask about session_user: the person connected, whatever role they
-- have switched to.
CREATE FUNCTION factdesk.is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_has_role(session_user, 'factdesk_admin', 'MEMBER')
       AND EXISTS (SELECT FROM factdesk.admin WHERE login = session_user)
$$;

CREATE FUNCTION factdesk.my_desks() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT desk_id FROM factdesk.member WHERE login = session_user
$$;

CREATE FUNCTION factdesk.my_role(p_desk text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT role FROM factdesk.member WHERE login = session_user AND desk_id = p_desk
$$;

CREATE FUNCTION factdesk.my_workspaces() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT w.id FROM factdesk.workspace w
    JOIN factdesk.member m ON m.desk_id = w.desk_id
    WHERE m.login = session_user
$$;

-- check_entry: begin (server schema 2; `server migrate` replaces version 1's with this)
-- Checks every entry written: entries never move between workspaces, texts, history and
-- dismissals never change once written, the server's stamps (version, sequence, author)
-- are consistent, and the sign-off rule holds. Only factdesk.push writes entries.
--
-- Authorship inside the data is the server's word too: whoever a client names, a change's
-- `updated_by` (what reports print as "reviewed by"), a history entry's `by` and a new
-- proposal's `proposed_by` (who asks for sign-off) are the login making it (session_user).
--
-- Sign-off: in a workspace that requires it, only an editor (or admin) sets, changes or
-- takes back a final verdict, and once a claim has one, only an editor changes anything of
-- it (its words, speaker, summary, notes, deletion); a checker may only propose.
CREATE OR REPLACE FUNCTION factdesk.check_entry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    ws factdesk.workspace%ROWTYPE;
    who_role text;
    me jsonb := to_jsonb(session_user::text);
    finals text[] := ARRAY['true', 'mostly_true', 'half_true', 'mostly_false', 'false',
                           'misleading', 'unsupported'];
    proposal_keys text[] := ARRAY['proposed_status', 'proposed_by', 'updated_at', 'updated_by'];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.workspace_id <> OLD.workspace_id OR NEW.kind <> OLD.kind OR NEW.id <> OLD.id THEN
            RAISE EXCEPTION 'factdesk: an entry cannot change its workspace, kind or id';
        END IF;
        IF OLD.kind IN ('revision', 'history', 'dismissal') AND NEW.data <> OLD.data THEN
            RAISE EXCEPTION 'factdesk: a % never changes once written', OLD.kind;
        END IF;
        IF NEW.version <> OLD.version + 1 OR NEW.seq <= OLD.seq THEN
            RAISE EXCEPTION 'factdesk: an entry''s version and sequence only move forward';
        END IF;
    ELSIF NEW.version <> 1 THEN
        RAISE EXCEPTION 'factdesk: a new entry starts at version 1';
    END IF;
    IF NEW.author <> session_user THEN
        RAISE EXCEPTION 'factdesk: the author of a change is the login that makes it';
    END IF;
    IF NEW.kind = 'history' AND TG_OP = 'INSERT' THEN
        NEW.data := NEW.data || jsonb_build_object('by', me);
    END IF;
    IF NEW.kind IN ('speaker', 'article', 'claim') THEN
        NEW.data := NEW.data || jsonb_build_object('updated_by', me);
    END IF;
    IF NEW.kind = 'claim' THEN
        IF coalesce(NEW.data ->> 'proposed_status', '') = '' THEN
            NEW.data := NEW.data - 'proposed_status' - 'proposed_by';
        ELSIF TG_OP = 'INSERT'
              OR (OLD.data ->> 'proposed_status') IS DISTINCT FROM (NEW.data ->> 'proposed_status') THEN
            NEW.data := NEW.data || jsonb_build_object('proposed_by', me);
        ELSE
            NEW.data := NEW.data || jsonb_build_object('proposed_by',
                                                       coalesce(OLD.data -> 'proposed_by', me));
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.data = OLD.data AND NEW.deleted = OLD.deleted THEN
        RETURN NEW;
    END IF;
    SELECT * INTO ws FROM factdesk.workspace WHERE id = NEW.workspace_id;
    IF ws.requires_signoff AND NEW.kind = 'claim' THEN
        SELECT role INTO who_role FROM factdesk.member
            WHERE login = session_user AND desk_id = ws.desk_id;
        IF who_role IS DISTINCT FROM 'editor' AND who_role IS DISTINCT FROM 'admin' THEN
            -- Setting a final verdict, changing one, or taking one back takes an editor.
            IF (TG_OP = 'INSERT' OR (OLD.data ->> 'status') IS DISTINCT FROM (NEW.data ->> 'status'))
               AND (NEW.data ->> 'status' = ANY (finals)
                    OR (TG_OP = 'UPDATE' AND OLD.data ->> 'status' = ANY (finals)))
            THEN
                RAISE EXCEPTION USING
                    ERRCODE = 'insufficient_privilege',
                    MESSAGE = format('factdesk: workspace %s requires sign-off: only an editor can set or change a final verdict (%s to %s)',
                                     ws.name, CASE WHEN TG_OP = 'UPDATE' THEN OLD.data ->> 'status' END,
                                     NEW.data ->> 'status');
            END IF;
            -- A signed-off claim: nothing of it changes but a proposal.
            IF TG_OP = 'UPDATE' AND OLD.data ->> 'status' = ANY (finals)
               AND (NEW.data - proposal_keys) IS DISTINCT FROM (OLD.data - proposal_keys)
            THEN
                RAISE EXCEPTION USING
                    ERRCODE = 'insufficient_privilege',
                    MESSAGE = format('factdesk: workspace %s requires sign-off: claim %s has a final verdict (%s), and only an editor can change it; propose instead',
                                     ws.name, NEW.id, OLD.data ->> 'status');
            END IF;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
-- check_entry: end

CREATE TRIGGER check_entry BEFORE INSERT OR UPDATE ON factdesk.entry
    FOR EACH ROW EXECUTE FUNCTION factdesk.check_entry();

-- Pushes a client's changes: a JSON array of {change_id, kind, id, base, data}. `base` is
-- the version the client's change was made on (0 for a new row). Each change is applied
-- only if the entry is still at `base` (a conditional write); otherwise the answer is
-- 'conflict' and the client merges and tries again. A change id seen before answers
-- 'duplicate' with what it did then. The server stamps each change: version + 1, the
-- workspace's next sequence number, the login as author, the time.
--
-- The only way to write entries (members have no INSERT or UPDATE on them). It runs as the
-- schema's owner, still held to row-level security, which is forced and asks about
-- session_user: a member can push only to the workspaces of their desks. The workspace's
-- row is locked for the whole transaction, so pushes to one workspace commit in sequence
-- order and a cursor never skips a change. Call it as one statement outside an explicit
-- transaction, so the lock is never held across a round trip: all of a push commits, or
-- none.
CREATE FUNCTION factdesk.push(p_workspace text, p_changes jsonb)
RETURNS TABLE (change_id text, outcome text, version bigint, seq bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    c jsonb;
    done factdesk.applied_change%ROWTYPE;
    e factdesk.entry%ROWTYPE;
    base bigint;
    counter bigint;
    first_counter bigint;
BEGIN
    SELECT w.change_counter INTO counter FROM factdesk.workspace w
        WHERE w.id = p_workspace AND w.id IN (SELECT factdesk.my_workspaces())
        FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = 'factdesk: no such workspace, or you are not a member of its desk';
    END IF;
    first_counter := counter;
    FOR c IN SELECT value FROM jsonb_array_elements(p_changes) LOOP
        change_id := c ->> 'change_id';
        SELECT * INTO done FROM factdesk.applied_change a
            WHERE a.workspace_id = p_workspace AND a.change_id = c ->> 'change_id';
        IF FOUND THEN
            outcome := 'duplicate'; version := done.version; seq := done.seq;
            RETURN NEXT;
            CONTINUE;
        END IF;
        base := (c ->> 'base')::bigint;
        IF base = 0 THEN
            INSERT INTO factdesk.entry AS t (workspace_id, kind, id, version, seq, deleted,
                                             author, changed_at, data)
            VALUES (p_workspace, c ->> 'kind', c ->> 'id', 1, counter + 1,
                    coalesce((c -> 'data' ->> 'deleted')::boolean, false), session_user,
                    now(), c -> 'data')
            ON CONFLICT DO NOTHING
            RETURNING * INTO e;
        ELSE
            UPDATE factdesk.entry AS t SET data = c -> 'data', version = t.version + 1,
                seq = counter + 1, deleted = coalesce((c -> 'data' ->> 'deleted')::boolean, false),
                author = session_user, changed_at = now()
            WHERE t.workspace_id = p_workspace AND t.kind = c ->> 'kind' AND t.id = c ->> 'id'
              AND t.version = base
            RETURNING * INTO e;
        END IF;
        IF NOT FOUND THEN
            outcome := 'conflict'; version := NULL; seq := NULL;
            RETURN NEXT;
            CONTINUE;
        END IF;
        counter := counter + 1;
        INSERT INTO factdesk.applied_change (workspace_id, change_id, kind, id, version, seq)
            VALUES (p_workspace, c ->> 'change_id', e.kind, e.id, e.version, e.seq);
        outcome := 'applied'; version := e.version; seq := e.seq;
        RETURN NEXT;
    END LOOP;
    IF counter > first_counter THEN
        UPDATE factdesk.workspace SET change_counter = counter WHERE id = p_workspace;
        -- Wakes the workspace's listeners when this transaction commits.
        PERFORM pg_notify('factdesk_' || replace(p_workspace, '-', ''), '');
    END IF;
END
$$;

-- Row-level security, enabled and forced (the owner too is held to it; only superusers
-- and BYPASSRLS roles are not): a member sees the desks they belong to, the workspaces of
-- those desks, and those workspaces' entries; admins see and manage desks and members.
ALTER TABLE factdesk.desk ENABLE ROW LEVEL SECURITY;
ALTER TABLE factdesk.desk FORCE ROW LEVEL SECURITY;
ALTER TABLE factdesk.member ENABLE ROW LEVEL SECURITY;
ALTER TABLE factdesk.member FORCE ROW LEVEL SECURITY;
ALTER TABLE factdesk.workspace ENABLE ROW LEVEL SECURITY;
ALTER TABLE factdesk.workspace FORCE ROW LEVEL SECURITY;
ALTER TABLE factdesk.entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE factdesk.entry FORCE ROW LEVEL SECURITY;
ALTER TABLE factdesk.applied_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE factdesk.applied_change FORCE ROW LEVEL SECURITY;

CREATE POLICY desk_read ON factdesk.desk FOR SELECT
    USING (id IN (SELECT factdesk.my_desks()) OR factdesk.is_admin());
CREATE POLICY desk_admin ON factdesk.desk FOR ALL
    USING (factdesk.is_admin()) WITH CHECK (factdesk.is_admin());

CREATE POLICY member_read ON factdesk.member FOR SELECT
    USING (login = session_user OR factdesk.is_admin());
CREATE POLICY member_admin ON factdesk.member FOR ALL
    USING (factdesk.is_admin()) WITH CHECK (factdesk.is_admin());

CREATE POLICY workspace_read ON factdesk.workspace FOR SELECT
    USING (desk_id IN (SELECT factdesk.my_desks()) OR factdesk.is_admin());
-- Editors and desk admins may create a desk's workspaces; checkers may not.
CREATE POLICY workspace_create ON factdesk.workspace FOR INSERT
    WITH CHECK (factdesk.my_role(desk_id) IN ('editor', 'admin') OR factdesk.is_admin());
-- Members have no UPDATE privilege: this lets factdesk.push (run as the owner) lock the
-- row and bump the counter for them.
CREATE POLICY workspace_change ON factdesk.workspace FOR UPDATE
    USING (desk_id IN (SELECT factdesk.my_desks()) OR factdesk.is_admin());

CREATE POLICY entry_desk ON factdesk.entry FOR ALL
    USING (workspace_id IN (SELECT factdesk.my_workspaces()))
    WITH CHECK (workspace_id IN (SELECT factdesk.my_workspaces()));

CREATE POLICY applied_desk ON factdesk.applied_change FOR ALL
    USING (workspace_id IN (SELECT factdesk.my_workspaces()))
    WITH CHECK (workspace_id IN (SELECT factdesk.my_workspaces()));

-- Privileges: members read entries and write them only through factdesk.push (never
-- delete: tombstones travel), read their desks and workspaces, and create workspaces
-- (row-level security decides where).
REVOKE ALL ON SCHEMA factdesk FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA factdesk FROM PUBLIC;
-- A transaction left open with the workspace locked (a member's raw SQL) ends after a minute.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout = %L',
                   current_database(), '60s');
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'factdesk: only the database owner can set idle_in_transaction_session_timeout; set it to 60s';
END
$$;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA factdesk FROM PUBLIC;
GRANT USAGE ON SCHEMA factdesk TO factdesk_member, factdesk_admin;
GRANT SELECT ON factdesk.schema_info TO factdesk_member, factdesk_admin;
GRANT SELECT ON factdesk.desk, factdesk.member TO factdesk_member;
GRANT SELECT, INSERT ON factdesk.workspace TO factdesk_member;
GRANT SELECT ON factdesk.entry, factdesk.applied_change TO factdesk_member;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA factdesk TO factdesk_member, factdesk_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON factdesk.desk, factdesk.member TO factdesk_admin;
GRANT SELECT, INSERT, UPDATE ON factdesk.workspace TO factdesk_admin;
GRANT SELECT ON factdesk.entry, factdesk.applied_change TO factdesk_admin;
