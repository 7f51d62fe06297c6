import { type CaseStatus, FINAL_STATUSES } from "../../../core/case";
import type { Staff } from "../../../core/staff";
import { dueCondition } from "./case-clocks";

/** Reading cases for the back office, the daily job and the sweep; their changes are in case-writes.ts. */

export interface StaffCase {
	id: number;
	trackingNo: string;
	item: string;
	centre: string;
	station: string;
	window: string;
	status: CaseStatus;
	version: number;
	applicantName: string;
	applicantPhone: string;
	idCipher: string;
	answersCipher: string;
	submittedAt: string;
	acceptedOn: string | null;
	/** 挂起: from, to (null while open), and what for: the procedure, its basis, when it should end. */
	suspensions: { from: string; to: string | null; procedure?: string; basis?: string; expectedBy?: string }[];
	/** 延长: the days granted, once, or null. */
	extension: { days: number; unit: "工作日" | "自然日"; basis: string; reason: string } | null;
	outcome: string | null;
	/** 超期原因, published; set when completed past the promise. */
	overdueReason: string | null;
	closedAt: string | null;
	erasedAt: string | null;
	firstHandler: { id: number; name: string } | null;
	agentId: number | null;
	paperForwardedAt: string | null;
	/** When the 补正 notice went out, if one did. */
	noticeSentAt: string | null;
	/** When the applicant answered it, if they did. */
	answeredAt: string | null;
	/** Whether an A post of the case's window is marked absent (AB岗: the B post may then act). */
	absentA: boolean;
}

const COLUMNS = `a.id, a.tracking_no, a.item_code, a.centre_slug, a.station_slug, COALESCE(a.window_department, '') AS window_department,
	a.status, a.version, a.applicant_name, a.applicant_phone, a.applicant_id_cipher, a.answers_cipher, a.submitted_at, a.accepted_on,
	a.suspensions_json, a.extension_json, a.outcome, a.overdue_reason, a.closed_at, a.erased_at, a.first_handler_id, h.name AS first_handler_name, a.agent_id,
	a.paper_forwarded_at, (SELECT MIN(requested_at) FROM corrections c WHERE c.application_id = a.id) AS notice_sent_at,
	(SELECT MAX(answered_at) FROM corrections c WHERE c.application_id = a.id) AS answered_at,
	EXISTS (SELECT 1 FROM staff s WHERE s.centre_slug = a.centre_slug AND s.window_department = a.window_department
		AND s.post = 'A' AND s.absent = 1 AND s.active = 1) AS absent_a`;

const FROM = `FROM applications a LEFT JOIN staff h ON h.id = a.first_handler_id`;

interface Row {
	id: number;
	tracking_no: string;
	item_code: string;
	centre_slug: string;
	station_slug: string;
	window_department: string;
	status: CaseStatus;
	version: number;
	applicant_name: string;
	applicant_phone: string;
	applicant_id_cipher: string;
	answers_cipher: string;
	submitted_at: string;
	accepted_on: string | null;
	suspensions_json: string;
	extension_json: string | null;
	outcome: string | null;
	overdue_reason: string | null;
	closed_at: string | null;
	erased_at: string | null;
	first_handler_id: number | null;
	first_handler_name: string | null;
	agent_id: number | null;
	paper_forwarded_at: string | null;
	notice_sent_at: string | null;
	answered_at: string | null;
	absent_a: number;
}

/** What a line of the CSV export shows of a case; the clock's facts are read for a running case only. */
export type ExportedCase = Pick<
	StaffCase,
	| "id"
	| "trackingNo"
	| "item"
	| "centre"
	| "station"
	| "window"
	| "status"
	| "applicantName"
	| "submittedAt"
	| "acceptedOn"
	| "noticeSentAt"
	| "answeredAt"
	| "closedAt"
	| "suspensions"
	| "extension"
> & { firstHandlerName: string | null };

/** The export's row: Row's columns it reads, suspensions null where no clock runs. */
type ExportRow = Pick<
	Row,
	| "id"
	| "tracking_no"
	| "item_code"
	| "centre_slug"
	| "station_slug"
	| "window_department"
	| "status"
	| "applicant_name"
	| "submitted_at"
	| "accepted_on"
	| "notice_sent_at"
	| "answered_at"
	| "closed_at"
	| "extension_json"
	| "first_handler_name"
> & { suspensions_json: string | null };

/** The facts of a case both the list and the export read, from either's row. */
const toExported = (r: ExportRow): ExportedCase => ({
	id: r.id,
	trackingNo: r.tracking_no,
	item: r.item_code,
	centre: r.centre_slug,
	station: r.station_slug,
	window: r.window_department,
	status: r.status,
	applicantName: r.applicant_name,
	submittedAt: r.submitted_at,
	acceptedOn: r.accepted_on,
	noticeSentAt: r.notice_sent_at,
	answeredAt: r.answered_at,
	closedAt: r.closed_at,
	suspensions: r.suspensions_json === null ? [] : (JSON.parse(r.suspensions_json) as StaffCase["suspensions"]),
	extension: r.extension_json === null ? null : (JSON.parse(r.extension_json) as StaffCase["extension"]),
	firstHandlerName: r.first_handler_name,
});

const toCase = (r: Row): StaffCase => {
	const { firstHandlerName, ...facts } = toExported(r);
	return {
		...facts,
		version: r.version,
		applicantPhone: r.applicant_phone,
		idCipher: r.applicant_id_cipher,
		answersCipher: r.answers_cipher,
		outcome: r.outcome,
		overdueReason: r.overdue_reason,
		erasedAt: r.erased_at,
		firstHandler: r.first_handler_id === null ? null : { id: r.first_handler_id, name: firstHandlerName ?? "" },
		agentId: r.agent_id,
		paperForwardedAt: r.paper_forwarded_at,
		absentA: r.absent_a === 1,
	};
};

/**
 * The SQL condition (and its values) for the cases a staff member may see, the same rule as
 * core/staff.ts canSee: admin all; head the centre; clerk their window (B only while A is absent);
 * agent their station.
 */
export function staffScope(staff: Staff, next: number): { sql: string; values: unknown[] } {
	switch (staff.role) {
		case "admin":
			return { sql: "1 = 1", values: [] };
		case "head":
			return { sql: `a.centre_slug = ?${next}`, values: [staff.centre] };
		case "clerk":
			return {
				sql: `a.centre_slug = ?${next} AND a.window_department = ?${next + 1} AND (?${next + 2} = 'A' OR EXISTS (SELECT 1 FROM staff s
					WHERE s.centre_slug = a.centre_slug AND s.window_department = a.window_department AND s.post = 'A' AND s.absent = 1 AND s.active = 1))`,
				values: [staff.centre, staff.window, staff.post],
			};
		case "agent":
			return { sql: `a.centre_slug = ?${next} AND a.station_slug = ?${next + 1}`, values: [staff.centre, staff.station] };
	}
}

export interface CaseFilter {
	status?: CaseStatus;
	item?: string;
	window?: string;
	/** Exact tracking number, or a blind index of a phone or ID number. */
	trackingNo?: string;
	phoneIndex?: string;
	idIndex?: string;
	/** Submitted at or after / before these ISO instants. */
	submittedFrom?: string;
	submittedBefore?: string;
	/** Only cases after this one in the list's order (newest first): the next page of a long export. */
	after?: { submittedAt: string; id: number };
	/** Running cases of one colour on the board (past the legal limit; 视为受理 awaiting 受理) on that day, from their stored clocks. */
	due?: { colour: "green" | "yellow" | "red" | "legal" | "deemed"; today: string };
}

/** The WHERE and ORDER BY (newest first, at most `limit`) of the cases a staff member may see that match the filter. */
function caseQuery(staff: Staff, filter: CaseFilter, limit: number): { condition: string; order: string; values: unknown[] } {
	const where: string[] = [];
	const values: unknown[] = [];
	const add = (sql: (n: number) => string, value: unknown) => {
		values.push(value);
		where.push(sql(values.length));
	};
	if (filter.status) add((n) => `a.status = ?${n}`, filter.status);
	if (filter.item) add((n) => `a.item_code = ?${n}`, filter.item);
	if (filter.window) add((n) => `a.window_department = ?${n}`, filter.window);
	if (filter.trackingNo) add((n) => `a.tracking_no = ?${n}`, filter.trackingNo);
	if (filter.phoneIndex) add((n) => `a.applicant_phone_index = ?${n}`, filter.phoneIndex);
	if (filter.idIndex) add((n) => `a.applicant_id_index = ?${n}`, filter.idIndex);
	if (filter.submittedFrom) add((n) => `a.submitted_at >= ?${n}`, filter.submittedFrom);
	if (filter.submittedBefore) add((n) => `a.submitted_at < ?${n}`, filter.submittedBefore);
	if (filter.after) {
		add((n) => `a.submitted_at <= ?${n}`, filter.after.submittedAt);
		add((n) => `(a.submitted_at < ?${n - 1} OR a.id < ?${n})`, filter.after.id);
	}

	const s = staffScope(staff, values.length + 1);
	values.push(...s.values);
	where.push(`(${s.sql})`);
	if (filter.due) add((n) => dueCondition(filter.due!.colour, n), filter.due.today);
	values.push(limit);
	const order = `ORDER BY a.submitted_at DESC, a.id DESC LIMIT ?${values.length}`;
	// One colour of the board: the running cases' own index finds the newest of them, then their rows are read.
	const condition = filter.due
		? `a.id IN (SELECT a.id FROM applications a INDEXED BY applications_open_clock WHERE ${where.join(" AND ")} ${order})`
		: where.join(" AND ");
	return { condition, order, values };
}

/** The newest cases a staff member may see that match the filter, at most `limit`. */
export async function listCases(db: D1Database, staff: Staff, filter: CaseFilter, limit = 200): Promise<StaffCase[]> {
	const { condition, order, values } = caseQuery(staff, filter, limit);
	const { results } = await db
		.prepare(`SELECT ${COLUMNS} ${FROM} WHERE ${condition} ${order}`)
		.bind(...values)
		.all<Row>();
	return results.map(toCase);
}

const RUNNING = `a.status NOT IN (${FINAL_STATUSES.map((s) => `'${s}'`).join(", ")})`;

/**
 * A page of the CSV export, in listCases' order: only the columns a line shows (no ciphers, no phone), and
 * the 补正 dates a clock needs only where a clock runs, so a month of the whole city reads little.
 */
export async function exportedCases(db: D1Database, staff: Staff, filter: CaseFilter, limit: number): Promise<ExportedCase[]> {
	const { condition, order, values } = caseQuery(staff, filter, limit);
	const { results } = await db
		.prepare(
			`SELECT a.id, a.tracking_no, a.item_code, a.centre_slug, a.station_slug, COALESCE(a.window_department, '') AS window_department,
				a.status, a.applicant_name, a.submitted_at, a.accepted_on, a.closed_at, h.name AS first_handler_name,
				CASE WHEN ${RUNNING} THEN a.suspensions_json END AS suspensions_json,
				CASE WHEN ${RUNNING} THEN a.extension_json END AS extension_json,
				CASE WHEN ${RUNNING} THEN (SELECT MIN(requested_at) FROM corrections c WHERE c.application_id = a.id) END AS notice_sent_at,
				CASE WHEN ${RUNNING} THEN (SELECT MAX(answered_at) FROM corrections c WHERE c.application_id = a.id) END AS answered_at
			${FROM} WHERE ${condition} ${order}`,
		)
		.bind(...values)
		.all<ExportRow>();
	return results.map(toExported);
}

/** One case by tracking number if the staff member may see it; null otherwise (never saying which). */
export async function caseForStaff(db: D1Database, staff: Staff, trackingNo: string): Promise<StaffCase | null> {
	const s = staffScope(staff, 2);
	const row = await db
		.prepare(`SELECT ${COLUMNS} ${FROM} WHERE a.tracking_no = ?1 AND (${s.sql})`)
		.bind(trackingNo, ...s.values)
		.first<Row>();
	return row && toCase(row);
}

/** The whole timeline of a case for staff: who did what, when, with the staff member's name. */
export async function staffTimeline(db: D1Database, caseId: number) {
	const { results } = await db
		.prepare(
			`SELECT e.created_at, e.kind, e.status, e.actor, e.note, s.name AS staff_name FROM application_events e
			 LEFT JOIN staff s ON s.id = e.staff_id WHERE e.application_id = ?1 ORDER BY e.id`,
		)
		.bind(caseId)
		.all<{ created_at: string; kind: string; status: CaseStatus; actor: string; note: string | null; staff_name: string | null }>();
	return results.map((e) => ({ at: e.created_at, kind: e.kind, status: e.status, actor: e.actor, staff: e.staff_name, note: e.note }));
}

/** Whether a 补正 notice was ever sent for the case: 一次性告知 means once. */
export async function hadCorrection(db: D1Database, caseId: number): Promise<boolean> {
	const row = await db.prepare(`SELECT 1 AS x FROM corrections WHERE application_id = ?1 LIMIT 1`).bind(caseId).first();
	return row !== null;
}

/** Every case accepted or closed between two instants (the month's China bounds), for the monthly figures. */
export async function casesTouching(
	db: D1Database,
	from: { day: string; at: string },
	to: { day: string; at: string },
): Promise<StaffCase[]> {
	const { results } = await db
		.prepare(`SELECT ${COLUMNS} ${FROM} WHERE (a.accepted_on >= ?1 AND a.accepted_on < ?2) OR (a.closed_at >= ?3 AND a.closed_at < ?4)`)
		.bind(from.day, to.day, from.at, to.at)
		.all<Row>();
	return results.map(toCase);
}
