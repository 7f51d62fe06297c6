-- 审计日志: who did what to which record, when, with the state before and after.
-- Append-only: the triggers below refuse every UPDATE and DELETE (责任追究 needs a record nobody can rewrite).
CREATE TABLE audit_entries (
	id INTEGER PRIMARY KEY,
	created_at TEXT NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	subject_type TEXT NOT NULL,
	subject_id TEXT NOT NULL,
	before_json TEXT,
	after_json TEXT
);

CREATE INDEX audit_entries_subject ON audit_entries (subject_type, subject_id, created_at);
CREATE INDEX audit_entries_actor ON audit_entries (actor, created_at);

CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
	SELECT RAISE(ABORT, 'audit_entries is append-only');
END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
	SELECT RAISE(ABORT, 'audit_entries is append-only');
END;
