import type { Staff } from "../../../core/staff";
import { SUPERVISION_RULES, type WarningColour } from "../../../core/supervision";

/** 电子监察 records (migration 0011) and the few facts the sweep reads besides the running cases. */

/** One firing as the sweep writes it; the record adds its number, times and result. */
export interface Firing {
	ruleId: string;
	colour: WarningColour;
	subjectType: "case" | "complaint" | "centre";
	/** 办件编号: the case or complaint number, or centre/YYYY-MM-DD for a centre's day. */
	subject: string;
	/** 督办内容. */
	content: string;
	centre: string;
	/** 责任部门: the window's department slug, when there is one. */
	window: string | null;
	/** 事项类型代码. */
	itemTypeCode: string | null;
	/** 状态产生时间: when the condition began (ISO). */
	stateAt: string;
}

export interface SupervisionRecord extends Firing {
	id: number;
	firedAt: string;
	closedAt: string | null;
	result: string | null;
	closedBy: string | null;
}

interface Row {
	id: number;
	rule_id: string;
	colour: WarningColour;
	subject_type: Firing["subjectType"];
	subject: string;
	content: string;
	centre_slug: string;
	window_department: string | null;
	item_type_code: string | null;
	state_at: string;
	fired_at: string;
	closed_at: string | null;
	result: string | null;
	closed_by: string | null;
}

const toRecord = (r: Row): SupervisionRecord => ({
	id: r.id,
	ruleId: r.rule_id,
	colour: r.colour,
	subjectType: r.subject_type,
	subject: r.subject,
	content: r.content,
	centre: r.centre_slug,
	window: r.window_department,
	itemTypeCode: r.item_type_code,
	stateAt: r.state_at,
	firedAt: r.fired_at,
	closedAt: r.closed_at,
	result: r.result,
	closedBy: r.closed_by,
});

const headClosed = new Set(SUPERVISION_RULES.filter((r) => r.closes === "head").map((r) => r.id));

/**
 * Records the firings not yet on record, in one batch: a rule the sweep closes fires again for a
 * subject once its last firing is closed (a case can come near its limit again after 挂起); a rule a head
 * closes fires once per subject for good (a late notice stays late). Returns how many were written.
 */
export async function recordFirings(db: D1Database, firings: readonly Firing[], at: string): Promise<number> {
	if (firings.length === 0) return 0;
	const statements = firings.map((f) =>
		db
			.prepare(
				`INSERT INTO supervision_records (rule_id, colour, subject_type, subject, content, centre_slug, window_department, item_type_code, state_at, fired_at)
				 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
				 WHERE NOT EXISTS (SELECT 1 FROM supervision_records WHERE rule_id = ?1 AND subject = ?4 AND (closed_at IS NULL OR ?11 = 1))
				 ON CONFLICT DO NOTHING`,
			)
			.bind(
				f.ruleId,
				f.colour,
				f.subjectType,
				f.subject,
				f.content,
				f.centre,
				f.window,
				f.itemTypeCode,
				f.stateAt,
				at,
				headClosed.has(f.ruleId) ? 1 : 0,
			),
	);
	const results = await db.batch(statements);
	return results.reduce((n, r) => n + r.meta.changes, 0);
}

/** Every open record of the rules the sweep closes itself. */
export async function openSweptRecords(db: D1Database): Promise<SupervisionRecord[]> {
	const ids = [...SUPERVISION_RULES.filter((r) => r.closes === "auto").map((r) => r.id)];
	const { results } = await db
		.prepare(`SELECT * FROM supervision_records WHERE closed_at IS NULL AND rule_id IN (${ids.map((_, i) => `?${i + 1}`).join(", ")})`)
		.bind(...ids)
		.all<Row>();
	return results.map(toRecord);
}

/** The sweep closes records whose condition is gone, each with its result. */
export async function closeSwept(db: D1Database, closing: readonly { id: number; result: string }[], at: string): Promise<number> {
	if (closing.length === 0) return 0;
	const results = await db.batch(
		closing.map((c) =>
			db
				.prepare(`UPDATE supervision_records SET closed_at = ?2, result = ?3, closed_by = 'system' WHERE id = ?1 AND closed_at IS NULL`)
				.bind(c.id, at, c.result),
		),
	);
	return results.reduce((n, r) => n + r.meta.changes, 0);
}

/**
 * A head or the admin closes an open record with the written result, audited in the same batch; false
 * when it was already closed (two heads at once: one lands).
 */
export async function closeByStaff(db: D1Database, record: SupervisionRecord, staff: Staff, result: string, at: string): Promise<boolean> {
	const [update] = await db.batch([
		db
			.prepare(`UPDATE supervision_records SET closed_at = ?2, result = ?3, closed_by = ?4 WHERE id = ?1 AND closed_at IS NULL`)
			.bind(record.id, at, result, `staff:${staff.id}`),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?1, ?2, 'supervision.close', 'supervision', ?3, NULL, json_object('rule', ?4, 'subject', ?5, 'result', ?6) WHERE changes() = 1`,
			)
			.bind(at, `staff:${staff.id}`, String(record.id), record.ruleId, record.subject, result),
	]);
	return update.meta.changes === 1;
}

/** Which records a staff member sees: the admin all, a head their centre, a clerk their window. */
export function recordScope(staff: Staff): { sql: string; values: unknown[] } | null {
	switch (staff.role) {
		case "admin":
			return { sql: "1 = 1", values: [] };
		case "head":
			return { sql: "centre_slug = ?1", values: [staff.centre] };
		case "clerk":
			return { sql: "centre_slug = ?1 AND window_department = ?2", values: [staff.centre, staff.window] };
		case "agent":
			return null;
	}
}

/** Open records in scope (red first), and those closed since `closedSince` (newest first), at most 500 each. */
export async function recordsInScope(
	db: D1Database,
	scope: { sql: string; values: unknown[] },
	closedSince: string,
): Promise<{ open: SupervisionRecord[]; closed: SupervisionRecord[] }> {
	const n = scope.values.length;
	const [open, closed] = await db.batch<Row>([
		db
			.prepare(
				`SELECT * FROM supervision_records WHERE closed_at IS NULL AND ${scope.sql}
				 ORDER BY CASE colour WHEN 'legal' THEN 0 WHEN 'red' THEN 1 ELSE 2 END, fired_at, id LIMIT 500`,
			)
			.bind(...scope.values),
		db
			.prepare(`SELECT * FROM supervision_records WHERE closed_at >= ?${n + 1} AND ${scope.sql} ORDER BY closed_at DESC, id DESC LIMIT 500`)
			.bind(...scope.values, closedSince),
	]);
	return { open: open.results.map(toRecord), closed: closed.results.map(toRecord) };
}

export async function recordById(db: D1Database, id: number): Promise<SupervisionRecord | null> {
	const row = await db.prepare(`SELECT * FROM supervision_records WHERE id = ?1`).bind(id).first<Row>();
	return row && toRecord(row);
}

/** Cases whose first 补正 notice went out since `since`: what JC05 checks against the day to answer. */
export async function noticesSentSince(db: D1Database, since: string) {
	const { results } = await db
		.prepare(
			`SELECT a.tracking_no, a.item_code, a.centre_slug, a.window_department, a.submitted_at, c.requested_at AS notice_sent_at
			 FROM corrections c JOIN applications a ON a.id = c.application_id
			 WHERE c.requested_at >= ?1 AND NOT EXISTS (
				SELECT 1 FROM corrections p WHERE p.application_id = c.application_id AND p.requested_at < c.requested_at)`,
		)
		.bind(since)
		.all<{
			tracking_no: string;
			item_code: string;
			centre_slug: string;
			window_department: string | null;
			submitted_at: string;
			notice_sent_at: string;
		}>();
	return results;
}

/** Cases refused (不予受理) since `since` whose audited refusal carries no reason: what JC06 checks. */
export async function refusalsWithoutReason(db: D1Database, since: string) {
	const { results } = await db
		.prepare(
			`SELECT a.tracking_no, a.item_code, a.centre_slug, a.window_department, a.closed_at FROM applications a
			 WHERE a.status = 'not_accepted' AND a.closed_at >= ?1 AND NOT EXISTS (
				SELECT 1 FROM audit_entries e WHERE e.subject_type = 'application' AND e.subject_id = a.tracking_no
				AND e.action = 'application.refuse' AND trim(COALESCE(json_extract(e.after_json, '$.reason'), '')) <> '')`,
		)
		.bind(since)
		.all<{ tracking_no: string; item_code: string; centre_slug: string; window_department: string | null; closed_at: string }>();
	return results;
}

/** Complaints not yet answered, with the dates their clock needs: what JC08 checks. */
export async function unansweredComplaints(db: D1Database) {
	const { results } = await db
		.prepare(
			`SELECT tracking_no, centre_slug, window_department, as_petition, created_at, acknowledged_at, extended_at
			 FROM complaints WHERE status <> 'replied'`,
		)
		.all<{
			tracking_no: string;
			centre_slug: string;
			window_department: string | null;
			as_petition: number;
			created_at: string;
			acknowledged_at: string | null;
			extended_at: string | null;
		}>();
	return results;
}

/**
 * For one China day [from, to): each centre with a case open during it, and whether any of its cases
 * had an event on the timeline that day (a submission, a staff step, an answer). What JC09 checks.
 */
export async function centreActivity(db: D1Database, from: string, to: string) {
	const { results } = await db
		.prepare(
			`SELECT a.centre_slug, COUNT(*) AS open_cases, EXISTS (
				SELECT 1 FROM application_events e JOIN applications b ON b.id = e.application_id
				WHERE b.centre_slug = a.centre_slug AND e.created_at >= ?1 AND e.created_at < ?2) AS active
			 FROM (SELECT centre_slug FROM applications WHERE closed_at IS NULL AND submitted_at < ?1
				UNION ALL SELECT centre_slug FROM applications WHERE closed_at >= ?1 AND submitted_at < ?1) a
			 GROUP BY a.centre_slug`,
		)
		.bind(from, to)
		.all<{ centre_slug: string; open_cases: number; active: number }>();
	return results.map((r) => ({ centre: r.centre_slug, openCases: r.open_cases, active: r.active === 1 }));
}
