import type { Application } from "../../../core/application";
import type { CaseStatus, CorrectionItem } from "../../../core/case";
import { type StoredRating, ratingsWhere, toRatings } from "./ratings";

/** Query functions for applications, their public timeline and 补正 notices. */

export interface NewCase {
	trackingNo: string;
	idempotencyKey: string;
	requestHash: string;
	application: Application;
	idCipher: string;
	idIndex: string;
	/** The answers as JSON, encrypted. */
	answersCipher: string;
	/** Blind index of the phone number. */
	phoneIndex: string;
	/** The department slug of the window that handles the case at this centre. */
	window: string;
	/** 代办: the agent's staff id and the encrypted 委托, or null. */
	agentId: number | null;
	mandateCipher: string | null;
	at: string;
	/** The timeline's first line, as the applicant reads it. */
	note: string;
}

/**
 * One atomic batch: the case, its first timeline event and its audit entry. A second request with
 * the same Idempotency-Key inserts nothing (the unique key stops it, and the event and audit rows
 * are selected through the tracking number that was never stored). Returns whether a row was made.
 */
export async function insertCase(db: D1Database, c: NewCase): Promise<boolean> {
	const a = c.application;
	const [inserted] = await db.batch([
		db
			.prepare(
				`INSERT INTO applications (tracking_no, idempotency_key, request_hash, item_code, centre_slug, station_slug, status,
				 applicant_name, applicant_phone, applicant_id_cipher, applicant_id_index, applicant_phone_index, answers_cipher, consented_at, submitted_at, updated_at,
				 window_department, agent_id, mandate_cipher)
				 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'submitted', ?7, ?8, ?9, ?10, ?13, ?11, ?12, ?12, ?12, ?14, ?15, ?16)
				 ON CONFLICT (idempotency_key) DO NOTHING`,
			)
			.bind(
				c.trackingNo,
				c.idempotencyKey,
				c.requestHash,
				a.item,
				a.centre,
				a.applicant.village,
				a.applicant.name,
				a.applicant.phone,
				c.idCipher,
				c.idIndex,
				c.answersCipher,
				c.at,
				c.phoneIndex,
				c.window,
				c.agentId,
				c.mandateCipher,
			),
		db
			.prepare(
				`INSERT INTO application_events (application_id, created_at, kind, status, actor, note)
				 SELECT id, ?2, 'submitted', 'submitted', 'citizen', ?3 FROM applications WHERE tracking_no = ?1`,
			)
			.bind(c.trackingNo, c.at, c.note),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?2, COALESCE('staff:' || agent_id, 'citizen'), 'application.submit', 'application', ?1, NULL,
				 json_object('status', 'submitted', 'item', item_code, 'centre', centre_slug)
				 FROM applications WHERE tracking_no = ?1`,
			)
			.bind(c.trackingNo, c.at),
	]);
	return inserted.meta.changes === 1;
}

export interface StoredCase {
	id: number;
	trackingNo: string;
	requestHash: string;
	item: string;
	centre: string;
	station: string;
	status: CaseStatus;
	version: number;
	applicantName: string;
	applicantPhone: string;
	idCipher: string;
	submittedAt: string;
	lookupFailures: number;
	lockedUntil: string | null;
}

const CASE_COLUMNS = `id, tracking_no, request_hash, item_code, centre_slug, station_slug, status, version, applicant_name,
	applicant_phone, applicant_id_cipher, submitted_at, lookup_failures, locked_until`;

interface CaseRow {
	id: number;
	tracking_no: string;
	request_hash: string;
	item_code: string;
	centre_slug: string;
	station_slug: string;
	status: CaseStatus;
	version: number;
	applicant_name: string;
	applicant_phone: string;
	applicant_id_cipher: string;
	submitted_at: string;
	lookup_failures: number;
	locked_until: string | null;
}

const toCase = (r: CaseRow): StoredCase => ({
	id: r.id,
	trackingNo: r.tracking_no,
	requestHash: r.request_hash,
	item: r.item_code,
	centre: r.centre_slug,
	station: r.station_slug,
	status: r.status,
	version: r.version,
	applicantName: r.applicant_name,
	applicantPhone: r.applicant_phone,
	idCipher: r.applicant_id_cipher,
	submittedAt: r.submitted_at,
	lookupFailures: r.lookup_failures,
	lockedUntil: r.locked_until,
});

export async function caseByIdempotencyKey(db: D1Database, key: string): Promise<StoredCase | null> {
	const row = await db.prepare(`SELECT ${CASE_COLUMNS} FROM applications WHERE idempotency_key = ?1`).bind(key).first<CaseRow>();
	return row && toCase(row);
}

/** After this many wrong query codes in a row, lookups of the case are refused for LOCK_MINUTES. */
export const MAX_LOOKUP_FAILURES = 5;
export const LOCK_MINUTES = 30;

/** Counts a wrong query code; the fifth in a row locks the case and starts the count again. */
export async function recordLookupFailure(db: D1Database, id: number, now: Date): Promise<void> {
	const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
	await db
		.prepare(
			`UPDATE applications SET
			 locked_until = CASE WHEN lookup_failures + 1 >= ?2 THEN ?3 ELSE locked_until END,
			 lookup_failures = CASE WHEN lookup_failures + 1 >= ?2 THEN 0 ELSE lookup_failures + 1 END
			 WHERE id = ?1`,
		)
		.bind(id, MAX_LOOKUP_FAILURES, lockUntil)
		.run();
}

export async function clearLookupFailures(db: D1Database, id: number): Promise<void> {
	await db.prepare(`UPDATE applications SET lookup_failures = 0 WHERE id = ?1 AND lookup_failures > 0`).bind(id).run();
}

export interface TimelineEvent {
	at: string;
	kind: string;
	status: CaseStatus;
	note: string | null;
}

type EventRow = { created_at: string; kind: string; status: CaseStatus; note: string | null };

const toTimeline = (rows: readonly EventRow[]): TimelineEvent[] =>
	rows.map((r) => ({ at: r.created_at, kind: r.kind, status: r.status, note: r.note }));

export interface OpenCorrection {
	id: number;
	respondBy: string;
	items: CorrectionItem[];
}

export interface Suspension {
	procedure?: string;
	basis?: string;
	expectedBy?: string;
}

/** What a citizen's view of a case needs besides the case row. */
export interface CaseDetails {
	timeline: TimelineEvent[];
	ratings: StoredRating[];
	/** The 补正 notice not yet answered, if any. */
	openCorrection: OpenCorrection | null;
	/** When the applicant last answered a 补正 notice, if ever. */
	lastAnswerAt: string | null;
	/** The suspension still open (挂起 without an end), with what it is for. */
	openSuspension: Suspension | undefined;
}

type RecordRow = CaseRow & { suspensions_json: string; last_answer_at: string | null; open_correction: string | null };

const CASE_ID = `(SELECT id FROM applications WHERE tracking_no = ?1)`;

/**
 * A case and all its citizen view needs, by tracking number, as statements for one batch (one round trip,
 * one consistent read): the row with its open 补正 notice, last 补正 answer and suspensions; its public
 * timeline; its ratings. An unknown number reads three empty results: the same work as a known one.
 */
export const caseRecordQueries = (db: D1Database, trackingNo: string) =>
	[
		db
			.prepare(
				`SELECT ${CASE_COLUMNS}, suspensions_json,
				 (SELECT MAX(answered_at) FROM corrections WHERE application_id = a.id) AS last_answer_at,
				 (SELECT json_object('id', id, 'respond_by', respond_by, 'items_json', items_json) FROM corrections
				  WHERE application_id = a.id AND answered_at IS NULL ORDER BY id DESC LIMIT 1) AS open_correction
				 FROM applications a WHERE tracking_no = ?1`,
			)
			.bind(trackingNo),
		db
			.prepare(`SELECT created_at, kind, status, note FROM application_events WHERE application_id = ${CASE_ID} ORDER BY id`)
			.bind(trackingNo),
		ratingsWhere(db, `r.application_id = ${CASE_ID}`).bind(trackingNo),
	] as const;

/** A case with its details from caseRecordQueries' results (in their order); undefined for an unknown number. */
export function toCaseRecord(results: readonly D1Result[]): { stored: StoredCase; details: CaseDetails } | undefined {
	const [rows, events, ratings] = results;
	const row = rows.results[0] as RecordRow | undefined;
	if (!row) return undefined;
	const open =
		row.open_correction === null ? null : (JSON.parse(row.open_correction) as { id: number; respond_by: string; items_json: string });
	const suspensions = JSON.parse(row.suspensions_json) as (Suspension & { to: string | null })[];
	return {
		stored: toCase(row),
		details: {
			timeline: toTimeline(events.results as EventRow[]),
			ratings: toRatings(ratings.results),
			openCorrection: open && { id: open.id, respondBy: open.respond_by, items: JSON.parse(open.items_json) as CorrectionItem[] },
			lastAnswerAt: row.last_answer_at,
			openSuspension: suspensions.find((x) => x.to === null),
		},
	};
}

/** A case with its details, in one round trip. */
export async function caseRecord(db: D1Database, trackingNo: string) {
	return toCaseRecord(await db.batch([...caseRecordQueries(db, trackingNo)]));
}

/**
 * The applicant's answer to a 补正 notice, atomically: the case goes back to the window, the notice
 * is marked answered, the timeline and audit log get their rows. Every statement after the first
 * runs only if the one before changed exactly one row, so of two answers sent at once one lands.
 */
export async function answerCorrection(
	db: D1Database,
	c: {
		caseId: number;
		trackingNo: string;
		version: number;
		correctionId: number;
		supplied: string[];
		note: string | null;
		at: string;
		timelineNote: string;
	},
): Promise<boolean> {
	const [first] = await db.batch([
		db
			.prepare(
				`UPDATE applications SET status = 'submitted', version = version + 1, updated_at = ?3 WHERE id = ?1 AND version = ?2 AND status = 'correction'`,
			)
			.bind(c.caseId, c.version, c.at),
		db
			.prepare(
				`UPDATE corrections SET answered_at = ?2, supplied_json = ?3, answer_note = ?4 WHERE id = ?1 AND answered_at IS NULL AND changes() = 1`,
			)
			.bind(c.correctionId, c.at, JSON.stringify(c.supplied), c.note),
		db
			.prepare(
				`INSERT INTO application_events (application_id, created_at, kind, status, actor, note)
				 SELECT ?1, ?2, 'correction_answered', 'submitted', 'citizen', ?3 WHERE changes() = 1`,
			)
			.bind(c.caseId, c.at, c.timelineNote),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?2, 'citizen', 'application.correction_answered', 'application', ?1, json_object('status', 'correction'), json_object('status', 'submitted', 'supplied', json(?3))
				 WHERE changes() = 1`,
			)
			.bind(c.trackingNo, c.at, JSON.stringify(c.supplied)),
	]);
	return first.meta.changes === 1;
}
