/**
 * Query functions for the staff directory (工作人员名录): who may use the back office, in which role,
 * where. Identity (an email from Cloudflare Access, or a staff id from the development sign-in) is
 * only ever looked up here; every look-up answers active staff only, so a deactivated person is
 * nobody to the back office from the next request on.
 */

import type { Role, Staff } from "../../../core/staff";

interface StaffRow {
	id: number;
	email: string;
	name: string;
	role: Role;
	centre_slug: string | null;
	station_slug: string | null;
	window_department: string | null;
	post: "A" | "B" | null;
	absent: number;
}

const COLUMNS = "id, email, name, role, centre_slug, station_slug, window_department, post, absent";

export function staffFromRow(row: StaffRow): Staff {
	return {
		id: row.id,
		email: row.email.toLowerCase(),
		name: row.name,
		role: row.role,
		centre: row.centre_slug,
		station: row.station_slug,
		window: row.window_department,
		post: row.post,
		absent: row.absent === 1,
	};
}

/** The active staff member with this email (the column compares without case). */
export async function staffByEmail(db: D1Database, email: string): Promise<Staff | undefined> {
	const row = await db.prepare(`SELECT ${COLUMNS} FROM staff WHERE email = ?1 AND active = 1`).bind(email).first<StaffRow>();
	return row ? staffFromRow(row) : undefined;
}

/** The active staff member with this id. */
export async function staffById(db: D1Database, id: number): Promise<Staff | undefined> {
	const row = await db.prepare(`SELECT ${COLUMNS} FROM staff WHERE id = ?1 AND active = 1`).bind(id).first<StaffRow>();
	return row ? staffFromRow(row) : undefined;
}

/** Every active staff member, by centre (the city's admins first), role and name. */
export async function listStaff(db: D1Database): Promise<Staff[]> {
	const { results } = await db
		.prepare(`SELECT ${COLUMNS} FROM staff WHERE active = 1 ORDER BY centre_slug IS NOT NULL, centre_slug, role, name, id`)
		.all<StaffRow>();
	return results.map(staffFromRow);
}

/** AB岗: marks an A post away (or back), with an audit row naming who did it. */
export async function setAbsence(db: D1Database, actorId: number, staffId: number, absent: boolean, at: string): Promise<void> {
	await db.batch([
		db.prepare(`UPDATE staff SET absent = ?2, updated_at = ?3 WHERE id = ?1`).bind(staffId, absent ? 1 : 0, at),
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 VALUES (?1, ?2, 'staff.absence', 'staff', ?3, NULL, json_object('absent', ?4))`,
			)
			.bind(at, `staff:${actorId}`, String(staffId), absent ? 1 : 0),
	]);
}

/** An active staff member's centre and post, for the AB岗 rule of who may mark whom away. */
export async function staffPostOf(db: D1Database, id: number): Promise<{ id: number; centre: string | null; post: string | null } | null> {
	const row = await db
		.prepare(`SELECT id, centre_slug, post FROM staff WHERE id = ?1 AND active = 1`)
		.bind(id)
		.first<{ id: number; centre_slug: string | null; post: string | null }>();
	return row && { id: row.id, centre: row.centre_slug, post: row.post };
}
