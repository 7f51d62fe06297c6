/**
 * 保存期限 (retention): the personal data of a case is erased a set number of days after the case
 * closed (RETENTION_DAYS, default 180), keeping its tracking number, state, timeline and audit so the
 * statistics and 责任追究 still hold. Run daily by the Cron Trigger; running it twice changes nothing more.
 */
export const DEFAULT_RETENTION_DAYS = 180;

export async function erasePersonalData(db: D1Database, now: Date, days: number): Promise<number> {
	const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
	const at = now.toISOString();
	const due = `closed_at IS NOT NULL AND closed_at <= ?1 AND erased_at IS NULL`;
	const [logged, , , , erased] = await db.batch([
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?2, 'system', 'application.erase_personal_data', 'application', tracking_no, NULL, json_object('retentionDays', ?3)
				 FROM applications WHERE ${due}`,
			)
			.bind(cutoff, at, days),
		db
			.prepare(
				`UPDATE corrections SET answer_note = NULL
				 WHERE application_id IN (SELECT id FROM applications WHERE ${due})`,
			)
			.bind(cutoff),
		// 好差评: the rater's words and the call note are personal; the level, dates and reply stay for the figures.
		db.prepare(`UPDATE ratings SET text_cipher = NULL WHERE application_id IN (SELECT id FROM applications WHERE ${due})`).bind(cutoff),
		db
			.prepare(`UPDATE rating_followups SET contact_note_cipher = NULL WHERE application_id IN (SELECT id FROM applications WHERE ${due})`)
			.bind(cutoff),
		db
			.prepare(
				`UPDATE applications SET applicant_name = '', applicant_phone = '', applicant_id_cipher = '', applicant_id_index = '',
				 applicant_phone_index = '', answers_cipher = '', mandate_cipher = NULL, erased_at = ?2
				 WHERE ${due}`,
			)
			.bind(cutoff, at),
	]);
	if (logged.meta.changes !== erased.meta.changes)
		throw new Error(`retention: audit ${logged.meta.changes} and erase ${erased.meta.changes} counts differ`);
	return erased.meta.changes;
}

/**
 * The same for 投诉建议: the words, name and phone of a complaint are erased a set number of days after it
 * was answered, keeping its type, places, dates, answer and rating for the statistics (GB/T 39046 表10).
 */
export async function eraseComplaintData(db: D1Database, now: Date, days: number): Promise<number> {
	const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
	const at = now.toISOString();
	const due = `replied_at IS NOT NULL AND replied_at <= ?1 AND erased_at IS NULL`;
	const [logged, erased] = await db.batch([
		db
			.prepare(
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)
				 SELECT ?2, 'system', 'complaint.erase_personal_data', 'complaint', tracking_no, NULL, json_object('retentionDays', ?3)
				 FROM complaints WHERE ${due}`,
			)
			.bind(cutoff, at, days),
		db
			.prepare(`UPDATE complaints SET content_cipher = '', name_cipher = NULL, phone_cipher = NULL, erased_at = ?2 WHERE ${due}`)
			.bind(cutoff, at),
	]);
	if (logged.meta.changes !== erased.meta.changes)
		throw new Error(`retention: complaint audit ${logged.meta.changes} and erase ${erased.meta.changes} counts differ`);
	return erased.meta.changes;
}
