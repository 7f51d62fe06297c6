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
