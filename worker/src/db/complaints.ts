import type { ComplaintStatus, ComplaintType, ComplaintVerdict, ReplyRating } from "../../../core/complaint";
import type { Staff } from "../../../core/staff";

/**
 * 投诉建议 in D1. Every change goes with its timeline entry and audit row in one batch, guarded by the
 * version (`changes() = 1`), so a refused or raced change leaves no trace.
 */

export interface StoredComplaint {
	id: number;
	trackingNo: string;
	type: ComplaintType;
	title: string;
	contentCipher: string;
	nameCipher: string | null;
	phoneCipher: string | null;
	replyByPhone: boolean;
	asPetition: boolean;
	source: string;
	centre: string;
	station: string | null;
	window: string | null;
	item: string | null;
	aboutTrackingNo: string | null;
	status: ComplaintStatus;
	createdAt: string;
	handler: { id: number; name: string } | null;
	handledAt: string | null;
	acknowledgedAt: string | null;
	extendedAt: string | null;
	extensionReason: string | null;
	verdict: ComplaintVerdict | null;
	reply: string | null;
	repliedAt: string | null;
	replyRating: ReplyRating | null;
	replyRatedAt: string | null;
	version: number;
	lookupFailures: number;
	lockedUntil: string | null;
	erasedAt: string | null;
}

const SELECT = `SELECT c.*, h.name AS handler_name FROM complaints c LEFT JOIN staff h ON h.id = c.handler_id`;

type Row = Record<string, unknown> & { handler_id: number | null; handler_name: string | null };

const toComplaint = (r: Row): StoredComplaint => ({
	id: r.id as number,
	trackingNo: r.tracking_no as string,
	type: r.type as ComplaintType,
	title: r.title as string,
	contentCipher: r.content_cipher as string,
	nameCipher: r.name_cipher as string | null,
	phoneCipher: r.phone_cipher as string | null,
	replyByPhone: r.reply_by_phone === 1,
	asPetition: r.as_petition === 1,
	source: r.source as string,
	centre: r.centre_slug as string,
	station: r.station_slug as string | null,
	window: r.window_department as string | null,
	item: r.item_code as string | null,
	aboutTrackingNo: r.about_tracking_no as string | null,
	status: r.status as ComplaintStatus,
	createdAt: r.created_at as string,
	handler: r.handler_id === null ? null : { id: r.handler_id, name: r.handler_name ?? "" },
	handledAt: r.handled_at as string | null,
	acknowledgedAt: r.acknowledged_at as string | null,
	extendedAt: r.extended_at as string | null,
	extensionReason: r.extension_reason as string | null,
	verdict: r.verdict as ComplaintVerdict | null,
	reply: r.reply as string | null,
	repliedAt: r.replied_at as string | null,
	replyRating: r.reply_rating as ReplyRating | null,
	replyRatedAt: r.reply_rated_at as string | null,
	version: r.version as number,
	lookupFailures: r.lookup_failures as number,
	lockedUntil: r.locked_until as string | null,
	erasedAt: r.erased_at as string | null,
});

/** The complaint behind a tracking number, as a statement for a batch (its row through toComplaintRow). */
export const complaintQuery = (db: D1Database, trackingNo: string) => db.prepare(`${SELECT} WHERE c.tracking_no = ?1`).bind(trackingNo);
export const toComplaintRow = (row: unknown): StoredComplaint => toComplaint(row as Row);

export async function complaintByTrackingNo(db: D1Database, trackingNo: string): Promise<StoredComplaint | null> {
	const row = await complaintQuery(db, trackingNo).first<Row>();
	return row ? toComplaint(row) : null;
}

/** Whether a tracking number is taken by a case or a complaint: the two share /track/. */
export async function trackingNoTaken(db: D1Database, trackingNo: string): Promise<boolean> {
	const row = await db
		.prepare(
			`SELECT EXISTS (SELECT 1 FROM applications WHERE tracking_no = ?1) OR EXISTS (SELECT 1 FROM complaints WHERE tracking_no = ?1) AS taken`,
		)
		.bind(trackingNo)
		.first<{ taken: number }>();
	return row?.taken === 1;
}

export interface NewComplaint {
	trackingNo: string;
	requestHash: string;
	type: ComplaintType;
	title: string;
	contentCipher: string;
	nameCipher: string | null;
	phoneCipher: string | null;
	replyByPhone: boolean;
	asPetition: boolean;
	centre: string;
	station: string | null;
	window: string | null;
	item: string | null;
	aboutTrackingNo: string | null;
	at: string;
	note: string;
}

/** Stores a new complaint with its first timeline entry and an audit row; the existing one when the same form came twice. */
export async function insertComplaint(
	db: D1Database,
	c: NewComplaint,
): Promise<{ trackingNo: string; createdAt: string; created: boolean }> {
	const [inserted] = await db.batch([
		db
			.prepare(
				`INSERT INTO complaints (tracking_no, request_hash, type, title, content_cipher, name_cipher, phone_cipher, reply_by_phone, as_petition,
					centre_slug, station_slug, window_department, item_code, about_tracking_no, created_at)
				 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) ON CONFLICT (request_hash) DO NOTHING`,
			)
			.bind(
				c.trackingNo,
				c.requestHash,
				c.type,
				c.title,
				c.contentCipher,
				c.nameCipher,
				c.phoneCipher,
				c.replyByPhone ? 1 : 0,
				c.asPetition ? 1 : 0,
				c.centre,
				c.station,
				c.window,
				c.item,
				c.aboutTrackingNo,
				c.at,
			),
		db
			.prepare(
				`INSERT INTO complaint_events (complaint_id, created_at, kind, actor, note) SELECT last_insert_rowid(), ?1, 'filed', 'citizen', ?2 WHERE changes() = 1`,
			)
			.bind(c.at, c.note),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?1, 'citizen', 'complaint.create', 'complaint', ?2, NULL, json_object('type', ?3, 'centre', ?4) WHERE changes() = 1`,
			)
			.bind(c.at, c.trackingNo, c.type, c.centre),
	]);
	if (inserted.meta.changes === 1) return { trackingNo: c.trackingNo, createdAt: c.at, created: true };
	const existing = await db
		.prepare(`SELECT tracking_no, created_at FROM complaints WHERE request_hash = ?1`)
		.bind(c.requestHash)
		.first<{ tracking_no: string; created_at: string }>();
	return { trackingNo: existing!.tracking_no, createdAt: existing!.created_at, created: false };
}

export async function complaintTimeline(db: D1Database, id: number) {
	const { results } = await db
		.prepare(
			`SELECT e.created_at AS at, e.kind, e.actor, e.note, s.name AS staff FROM complaint_events e LEFT JOIN staff s ON s.id = e.staff_id
			 WHERE e.complaint_id = ?1 ORDER BY e.id`,
		)
		.bind(id)
		.all<{ at: string; kind: string; actor: string; note: string | null; staff: string | null }>();
	return results;
}

export async function recordComplaintLookupFailure(db: D1Database, id: number, now: Date): Promise<void> {
	const lockUntil = new Date(now.getTime() + 30 * 60_000).toISOString();
	await db
		.prepare(
			`UPDATE complaints SET lookup_failures = lookup_failures + 1,
			 locked_until = CASE WHEN lookup_failures + 1 >= 5 THEN ?2 ELSE locked_until END WHERE id = ?1`,
		)
		.bind(id, lockUntil)
		.run();
}

export async function clearComplaintLookupFailures(db: D1Database, id: number): Promise<void> {
	await db.prepare(`UPDATE complaints SET lookup_failures = 0, locked_until = NULL WHERE id = ?1 AND lookup_failures > 0`).bind(id).run();
}

/** The SQL condition on `c` for the complaints a staff member may see: the rule of services/complaints.ts canSeeComplaint. */
function scope(staff: Staff, next: number): { sql: string; values: unknown[] } {
	const mine = `c.handler_id = ?${next}`;
	switch (staff.role) {
		case "admin":
			return { sql: "1 = 1", values: [] };
		case "head":
			return { sql: `(${mine} OR c.centre_slug = ?${next + 1})`, values: [staff.id, staff.centre] };
		case "clerk":
			return {
				sql: `(${mine} OR (c.centre_slug = ?${next + 1} AND c.window_department = ?${next + 2}))`,
				values: [staff.id, staff.centre, staff.window],
			};
		case "agent":
			return {
				sql: `(${mine} OR (c.centre_slug = ?${next + 1} AND c.station_slug = ?${next + 2}))`,
				values: [staff.id, staff.centre, staff.station],
			};
	}
}

/** The complaints a staff member may see, newest first (at most `limit`). */
export async function listComplaints(db: D1Database, staff: Staff, limit = 500): Promise<StoredComplaint[]> {
	const s = scope(staff, 1);
	const { results } = await db
		.prepare(`${SELECT} WHERE ${s.sql} ORDER BY c.created_at DESC LIMIT ${limit}`)
		.bind(...s.values)
		.all<Row>();
	return results.map(toComplaint);
}

export interface ComplaintChange {
	id: number;
	trackingNo: string;
	version: number;
	staff: Staff;
	at: string;
	/** Column values to set (column names are fixed by the caller, never from input). */
	set: Partial<
		Record<
			"status" | "handler_id" | "handled_at" | "acknowledged_at" | "extended_at" | "extension_reason" | "verdict" | "reply" | "replied_at",
			string | number | null
		>
	>;
	kind: string;
	/** The line the person reads on /track/, or null for a change they need not see. */
	note: string | null;
	detail: Record<string, unknown>;
}

/** Applies a staff change if the complaint is still at the version read. */
export async function changeComplaint(db: D1Database, c: ComplaintChange): Promise<boolean> {
	const columns = Object.keys(c.set) as (keyof ComplaintChange["set"])[];
	const assignments = columns.map((col, i) => `${col} = ?${i + 3}`).join(", ");
	const [first] = await db.batch([
		db
			.prepare(`UPDATE complaints SET version = version + 1, ${assignments} WHERE id = ?1 AND version = ?2`)
			.bind(c.id, c.version, ...columns.map((col) => c.set[col] ?? null)),
		db
			.prepare(
				`INSERT INTO complaint_events (complaint_id, created_at, kind, actor, staff_id, note) SELECT ?1, ?2, ?3, 'staff', ?4, ?5 WHERE changes() = 1`,
			)
			.bind(c.id, c.at, c.kind, c.staff.id, c.note),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?1, ?2, ?3, 'complaint', ?4, json_object('version', ?5), json(?6) WHERE changes() = 1`,
			)
			.bind(c.at, `staff:${c.staff.id}`, `complaint.${c.kind}`, c.trackingNo, c.version, JSON.stringify(c.detail)),
	]);
	return first.meta.changes === 1;
}

/** The person's rating of the answer: once, after the answer. */
export async function rateComplaintReply(
	db: D1Database,
	id: number,
	trackingNo: string,
	rating: ReplyRating,
	at: string,
	note: string,
): Promise<boolean> {
	const [first] = await db.batch([
		db
			.prepare(
				`UPDATE complaints SET reply_rating = ?2, reply_rated_at = ?3, version = version + 1 WHERE id = ?1 AND status = 'replied' AND reply_rating IS NULL`,
			)
			.bind(id, rating, at),
		db
			.prepare(
				`INSERT INTO complaint_events (complaint_id, created_at, kind, actor, note) SELECT ?1, ?2, 'reply_rated', 'citizen', ?3 WHERE changes() = 1`,
			)
			.bind(id, at, note),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?1, 'citizen', 'complaint.reply_rated', 'complaint', ?2, NULL, json_object('rating', ?3) WHERE changes() = 1`,
			)
			.bind(at, trackingNo, rating),
	]);
	return first.meta.changes === 1;
}

/** Staff of a centre who may take a complaint over: active, not away (AB岗), not agents. */
export async function centreStaff(db: D1Database, centre: string): Promise<{ id: number; name: string; role: string }[]> {
	const { results } = await db
		.prepare(
			`SELECT id, name, role FROM staff WHERE centre_slug = ?1 AND role IN ('head', 'clerk') AND active = 1 AND absent = 0 ORDER BY role DESC, name`,
		)
		.bind(centre)
		.all<{ id: number; name: string; role: string }>();
	return results;
}
