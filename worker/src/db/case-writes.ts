import type { CaseStatus, CorrectionItem } from "../../../core/case";
import type { Staff } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import type { StaffCase } from "./cases";

/** Writing to cases from the back office: a state change, the 补正 notice, 代办 paper, 超期原因, audit rows. */

export interface Change {
	caseId: number;
	trackingNo: string;
	version: number;
	from: CaseStatus;
	to: CaseStatus;
	staff: Staff;
	at: string;
	/** The event kind on the timeline. */
	kind: string;
	/** Public timeline text. */
	note: string;
	/** Columns to set besides status, version, updated_at and the first handler. */
	set: Partial<Record<"accepted_on" | "suspensions_json" | "extension_json" | "outcome" | "closed_at" | "overdue_reason", string | null>>;
	/** A 补正 notice to record with the change. */
	correction?: { items: CorrectionItem[]; respondBy: string };
	/** What the audit row records beyond the status. */
	detail: Record<string, unknown>;
}

/**
 * One staff change in one atomic batch, guarded by the version the clerk saw (optimistic
 * concurrency): the status update runs only on that version, and every later statement only if the
 * one before changed a row, so of 20 clerks clicking at once exactly one change lands.
 */
export async function applyChange(db: D1Database, c: Change): Promise<boolean> {
	const columns = Object.keys(c.set) as (keyof Change["set"])[];
	const assignments = columns.map((col, i) => `${col} = ?${i + 7}`).join(", ");
	const statements = [
		db
			.prepare(
				`UPDATE applications SET status = ?3, version = version + 1, updated_at = ?4, first_handler_id = COALESCE(first_handler_id, ?5)
				 ${assignments ? `, ${assignments}` : ""}
				 WHERE id = ?1 AND version = ?2 AND status = ?6`,
			)
			.bind(c.caseId, c.version, c.to, c.at, c.staff.id, c.from, ...columns.map((col) => c.set[col] ?? null)),
	];
	if (c.correction) {
		statements.push(
			db
				.prepare(
					`INSERT INTO corrections (application_id, requested_at, requested_by, respond_by, items_json)
					 SELECT ?1, ?2, ?3, ?4, ?5 WHERE changes() = 1`,
				)
				.bind(c.caseId, c.at, `staff:${c.staff.id}`, c.correction.respondBy, JSON.stringify(c.correction.items)),
		);
	}
	statements.push(
		db
			.prepare(
				`INSERT INTO application_events (application_id, created_at, kind, status, actor, note, staff_id)
				 SELECT ?1, ?2, ?3, ?4, 'staff', ?5, ?6 WHERE changes() = 1`,
			)
			.bind(c.caseId, c.at, c.kind, c.to, c.note, c.staff.id),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?1, ?2, ?3, 'application', ?4, json_object('status', ?5, 'version', ?6), json(?7) WHERE changes() = 1`,
			)
			.bind(
				c.at,
				`staff:${c.staff.id}`,
				`application.${c.kind}`,
				c.trackingNo,
				c.from,
				c.version,
				JSON.stringify({ status: c.to, ...c.detail }),
			),
	);
	const [first] = await db.batch(statements);
	return first.meta.changes === 1;
}

/** An audit row on its own: reading a full ID number is an action of its own. */
export async function audit(db: D1Database, staff: Staff, action: string, trackingNo: string, at: string): Promise<void> {
	await db
		.prepare(
			`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json) VALUES (?1, ?2, ?3, 'application', ?4, NULL, NULL)`,
		)
		.bind(at, `staff:${staff.id}`, action, trackingNo)
		.run();
}

/**
 * 全程代办: the agent handed the paper forms on to the centre. Once: a second call changes nothing.
 * Returns when it was recorded.
 */
export async function markPaperForwarded(
	db: D1Database,
	agentId: number,
	c: Pick<StaffCase, "id" | "trackingNo">,
	at: string,
): Promise<string | null> {
	await db.batch([
		db
			.prepare(`UPDATE applications SET paper_forwarded_at = ?2, updated_at = ?2 WHERE id = ?1 AND paper_forwarded_at IS NULL`)
			.bind(c.id, at),
		db
			.prepare(
				`INSERT INTO application_events (application_id, created_at, kind, status, actor, note, staff_id)
				 SELECT ?1, ?2, 'paper_forwarded', status, 'staff', ?4, ?3 FROM applications WHERE id = ?1 AND changes() = 1`,
			)
			.bind(c.id, at, agentId, t("case.note.paperForwarded")),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?1, ?2, 'application.paper_forwarded', 'application', ?3, NULL, NULL WHERE changes() = 1`,
			)
			.bind(at, `staff:${agentId}`, c.trackingNo),
	]);
	const row = await db
		.prepare(`SELECT paper_forwarded_at FROM applications WHERE id = ?1`)
		.bind(c.id)
		.first<{ paper_forwarded_at: string | null }>();
	return row?.paper_forwarded_at ?? null;
}

/** The centre head corrects a published 超期原因: once per call, guarded by the version, audited with before and after. */
export async function setOverdueReason(
	db: D1Database,
	c: { caseId: number; trackingNo: string; version: number; staff: Staff; at: string; before: string; after: string },
): Promise<boolean> {
	const [first] = await db.batch([
		db
			.prepare(
				`UPDATE applications SET overdue_reason = ?3, version = version + 1, updated_at = ?4 WHERE id = ?1 AND version = ?2 AND overdue_reason IS NOT NULL`,
			)
			.bind(c.caseId, c.version, c.after, c.at),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?1, ?2, 'application.overdue_reason', 'application', ?3, json_object('overdueReason', ?4), json_object('overdueReason', ?5)
				 WHERE changes() = 1`,
			)
			.bind(c.at, `staff:${c.staff.id}`, c.trackingNo, c.before, c.after),
	]);
	return first.meta.changes === 1;
}
