import type { FollowUpFinding, RatingChannel, RatingLevel } from "../../../core/rating";

/**
 * 好差评 in D1: the ratings of a case (one, and a second after a 差评's reply) and the 差评's follow-up.
 * Every write goes with its timeline entry and audit row in one batch, guarded by `changes() = 1`, so a
 * refused write leaves no trace.
 */

export interface StoredRating {
	id: number;
	assessNumber: 1 | 2;
	level: RatingLevel;
	channel: RatingChannel;
	problems: string[];
	textCipher: string | null;
	anonymous: boolean;
	enteredBy: { id: number; name: string } | null;
	isDefault: boolean;
	createdAt: string;
	followUp: StoredFollowUp | null;
}

export interface StoredFollowUp {
	id: number;
	contactBy: string | null;
	fixBy: string;
	capBy: string;
	contactedAt: string | null;
	contactedBy: string | null;
	contactNoteCipher: string | null;
	finding: FollowUpFinding | null;
	fixNote: string | null;
	reply: string | null;
	resolvedAt: string | null;
	resolvedBy: string | null;
	version: number;
}

interface Row {
	id: number;
	assess_number: 1 | 2;
	level: RatingLevel;
	channel: RatingChannel;
	problems_json: string;
	text_cipher: string | null;
	anonymous: number;
	entered_by: number | null;
	entered_by_name: string | null;
	is_default: number;
	created_at: string;
	f_id: number | null;
	contact_by: string | null;
	fix_by: string | null;
	cap_by: string | null;
	contacted_at: string | null;
	contacted_by_name: string | null;
	contact_note_cipher: string | null;
	finding: FollowUpFinding | null;
	fix_note: string | null;
	reply: string | null;
	resolved_at: string | null;
	resolved_by_name: string | null;
	version: number | null;
}

const SELECT = `SELECT r.id, r.assess_number, r.level, r.channel, r.problems_json, r.text_cipher, r.anonymous, r.entered_by,
	e.name AS entered_by_name, r.is_default, r.created_at, f.id AS f_id, f.contact_by, f.fix_by, f.cap_by, f.contacted_at,
	c.name AS contacted_by_name, f.contact_note_cipher, f.finding, f.fix_note, f.reply, f.resolved_at, v.name AS resolved_by_name, f.version
	FROM ratings r LEFT JOIN rating_followups f ON f.rating_id = r.id LEFT JOIN staff e ON e.id = r.entered_by
	LEFT JOIN staff c ON c.id = f.contacted_by LEFT JOIN staff v ON v.id = f.resolved_by`;

const toRating = (r: Row): StoredRating => ({
	id: r.id,
	assessNumber: r.assess_number,
	level: r.level,
	channel: r.channel,
	problems: JSON.parse(r.problems_json) as string[],
	textCipher: r.text_cipher,
	anonymous: r.anonymous === 1,
	enteredBy: r.entered_by === null ? null : { id: r.entered_by, name: r.entered_by_name ?? "" },
	isDefault: r.is_default === 1,
	createdAt: r.created_at,
	followUp:
		r.f_id === null
			? null
			: {
					id: r.f_id,
					contactBy: r.contact_by,
					fixBy: r.fix_by!,
					capBy: r.cap_by!,
					contactedAt: r.contacted_at,
					contactedBy: r.contacted_by_name,
					contactNoteCipher: r.contact_note_cipher,
					finding: r.finding,
					fixNote: r.fix_note,
					reply: r.reply,
					resolvedAt: r.resolved_at,
					resolvedBy: r.resolved_by_name,
					version: r.version!,
				},
});

/** A case's ratings, first rating first: the query (to run in a batch with others) and its rows read. */
export const ratingsQuery = (db: D1Database, caseId: number) => ratingsWhere(db, "r.application_id = ?1").bind(caseId);
/** The ratings of the case(s) `where` picks, in their order (for a batch that names the case otherwise). */
export const ratingsWhere = (db: D1Database, where: string) => db.prepare(`${SELECT} WHERE ${where} ORDER BY r.assess_number`);
export const toRatings = (rows: readonly unknown[]): StoredRating[] => (rows as Row[]).map(toRating);

export async function ratingsOf(db: D1Database, caseId: number): Promise<StoredRating[]> {
	return toRatings((await ratingsQuery(db, caseId).all()).results);
}

export interface NewRating {
	caseId: number;
	trackingNo: string;
	status: string;
	assessNumber: 1 | 2;
	level: RatingLevel;
	channel: RatingChannel;
	problems: string[];
	textCipher: string | null;
	anonymous: boolean;
	/** Staff who typed it in, or null for the rater's own. */
	enteredBy: number | null;
	at: string;
	/** The timeline line the applicant reads. */
	note: string;
	/** A 差评's follow-up due instants. */
	followUp: { contactBy: string | null; fixBy: string; capBy: string } | null;
}

/**
 * Stores a rating, its follow-up for a 差评, a timeline entry and an audit row, all or nothing. False
 * when the case already has a rating of that number (一事一评: the UNIQUE key decides, even for two at once).
 */
export async function insertRating(db: D1Database, r: NewRating): Promise<boolean> {
	const actor = r.enteredBy === null ? "citizen" : `staff:${r.enteredBy}`;
	const statements = [
		db
			.prepare(
				`INSERT INTO ratings (application_id, assess_number, level, channel, problems_json, text_cipher, anonymous, entered_by, created_at)
				 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (application_id, assess_number) DO NOTHING`,
			)
			.bind(r.caseId, r.assessNumber, r.level, r.channel, JSON.stringify(r.problems), r.textCipher, r.anonymous ? 1 : 0, r.enteredBy, r.at),
	];
	if (r.followUp)
		statements.push(
			db
				.prepare(
					`INSERT INTO rating_followups (rating_id, application_id, opened_at, contact_by, fix_by, cap_by)
					 SELECT last_insert_rowid(), ?1, ?2, ?3, ?4, ?5 WHERE changes() = 1`,
				)
				.bind(r.caseId, r.at, r.followUp.contactBy, r.followUp.fixBy, r.followUp.capBy),
		);
	statements.push(
		db
			.prepare(
				`INSERT INTO application_events (application_id, created_at, kind, status, actor, note, staff_id)
				 SELECT ?1, ?2, 'rated', ?3, ?4, ?5, ?6 WHERE changes() = 1`,
			)
			.bind(r.caseId, r.at, r.status, r.enteredBy === null ? "citizen" : "staff", r.note, r.enteredBy),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?1, ?2, 'rating.create', 'application', ?3, NULL, json_object('assessNumber', ?4, 'level', ?5, 'channel', ?6)
				 WHERE changes() = 1`,
			)
			.bind(r.at, actor, r.trackingNo, r.assessNumber, r.level, r.channel),
	);
	const [first] = await db.batch(statements);
	return first.meta.changes === 1;
}

export interface FollowUpChange {
	followUpId: number;
	caseId: number;
	trackingNo: string;
	status: string;
	version: number;
	staffId: number;
	at: string;
	/** contact: the call was made; resolve: the finding, the fix and the reply. */
	step: { kind: "contact"; noteCipher: string } | { kind: "resolve"; finding: FollowUpFinding; fixNote: string; reply: string };
	/** The timeline line the applicant reads (the reply), or null for a step they need not see. */
	note: string | null;
}

/** Records one follow-up step if the follow-up is still at that step and unchanged since it was read. */
export async function changeFollowUp(db: D1Database, c: FollowUpChange): Promise<boolean> {
	const { step } = c;
	const update =
		step.kind === "contact"
			? db
					.prepare(
						`UPDATE rating_followups SET contacted_at = ?3, contacted_by = ?4, contact_note_cipher = ?5, version = version + 1
						 WHERE id = ?1 AND version = ?2 AND contacted_at IS NULL AND resolved_at IS NULL`,
					)
					.bind(c.followUpId, c.version, c.at, c.staffId, step.noteCipher)
			: db
					.prepare(
						`UPDATE rating_followups SET finding = ?3, fix_note = ?4, reply = ?5, resolved_at = ?6, resolved_by = ?7, version = version + 1
						 WHERE id = ?1 AND version = ?2 AND resolved_at IS NULL`,
					)
					.bind(c.followUpId, c.version, step.finding, step.fixNote, step.reply, c.at, c.staffId);
	const statements = [update];
	if (c.note !== null)
		statements.push(
			db
				.prepare(
					`INSERT INTO application_events (application_id, created_at, kind, status, actor, note, staff_id)
					 SELECT ?1, ?2, 'rating_replied', ?3, 'staff', ?4, ?5 WHERE changes() = 1`,
				)
				.bind(c.caseId, c.at, c.status, c.note, c.staffId),
		);
	statements.push(
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?1, ?2, ?3, 'application', ?4, json_object('version', ?5), json(?6) WHERE changes() = 1`,
			)
			.bind(
				c.at,
				`staff:${c.staffId}`,
				`rating.followup.${step.kind}`,
				c.trackingNo,
				c.version,
				JSON.stringify(step.kind === "resolve" ? { finding: step.finding } : {}),
			),
	);
	const [first] = await db.batch(statements);
	return first.meta.changes === 1;
}

export interface RatingRow {
	trackingNo: string;
	item: string;
	centre: string;
	window: string;
	station: string;
	level: RatingLevel;
	assessNumber: 1 | 2;
	channel: RatingChannel;
	anonymous: boolean;
	isDefault: boolean;
	createdAt: string;
	followUp: Pick<StoredFollowUp, "contactBy" | "fixBy" | "capBy" | "contactedAt" | "resolvedAt" | "finding"> | null;
}

/**
 * Every rating in the caller's scope (the same SQL scope as the case list) given in [from, to), with its
 * follow-up, for the ratings view and its counts. `scopeSql` is the condition on `a` (applications).
 */
export async function ratingRows(
	db: D1Database,
	scope: { sql: string; values: unknown[] },
	range: { from: string; to: string },
): Promise<RatingRow[]> {
	const n = scope.values.length;
	const { results } = await db
		.prepare(
			`SELECT a.tracking_no, a.item_code, a.centre_slug, COALESCE(a.window_department, '') AS window_department, a.station_slug,
				r.level, r.assess_number, r.channel, r.anonymous, r.is_default, r.created_at,
				f.id AS f_id, f.contact_by, f.fix_by, f.cap_by, f.contacted_at, f.resolved_at, f.finding
			 FROM ratings r JOIN applications a ON a.id = r.application_id LEFT JOIN rating_followups f ON f.rating_id = r.id
			 WHERE ${scope.sql} AND ((r.created_at >= ?${n + 1} AND r.created_at < ?${n + 2}) OR (f.id IS NOT NULL AND f.resolved_at IS NULL))
			 ORDER BY r.created_at DESC LIMIT 5000`,
		)
		.bind(...scope.values, range.from, range.to)
		.all<{
			tracking_no: string;
			item_code: string;
			centre_slug: string;
			window_department: string;
			station_slug: string;
			level: RatingLevel;
			assess_number: 1 | 2;
			channel: RatingChannel;
			anonymous: number;
			is_default: number;
			created_at: string;
			f_id: number | null;
			contact_by: string | null;
			fix_by: string | null;
			cap_by: string | null;
			contacted_at: string | null;
			resolved_at: string | null;
			finding: FollowUpFinding | null;
		}>();
	return results.map((r) => ({
		trackingNo: r.tracking_no,
		item: r.item_code,
		centre: r.centre_slug,
		window: r.window_department,
		station: r.station_slug,
		level: r.level,
		assessNumber: r.assess_number,
		channel: r.channel,
		anonymous: r.anonymous === 1,
		isDefault: r.is_default === 1,
		createdAt: r.created_at,
		followUp:
			r.f_id === null
				? null
				: {
						contactBy: r.contact_by,
						fixBy: r.fix_by!,
						capBy: r.cap_by!,
						contactedAt: r.contacted_at,
						resolvedAt: r.resolved_at,
						finding: r.finding,
					},
	}));
}

/**
 * Where a deployment counts silence as 基本满意 (its DEFAULT_RATING_AFTER_DAYS): records that default for
 * every case closed before `closedBefore` that nobody rated, flagged `is_default` and on the `system`
 * channel, each with an audit row. Returns how many.
 */
export async function recordDefaultRatings(db: D1Database, closedBefore: string, at: string): Promise<number> {
	const due = `a.status IN ('completed', 'not_accepted', 'forwarded') AND a.closed_at IS NOT NULL AND a.closed_at <= ?1
		AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.application_id = a.id)`;
	const [logged, inserted] = await db.batch([
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?2, 'system', 'rating.default', 'application', a.tracking_no, NULL, json_object('level', '基本满意') FROM applications a WHERE ${due}`,
			)
			.bind(closedBefore, at),
		db
			.prepare(
				`INSERT INTO ratings (application_id, assess_number, level, channel, problems_json, anonymous, is_default, created_at)
				 SELECT a.id, 1, '基本满意', 'system', '[]', 1, 1, ?2 FROM applications a WHERE ${due}`,
			)
			.bind(closedBefore, at),
	]);
	if (logged.meta.changes !== inserted.meta.changes)
		throw new Error(`default ratings: audit ${logged.meta.changes} and ratings ${inserted.meta.changes} counts differ`);
	return inserted.meta.changes;
}
