/** How many D1 migrations wrangler (or the test setup) has applied to this database. */
export async function countAppliedMigrations(db: D1Database): Promise<number> {
	const row = await db.prepare("SELECT count(*) AS applied FROM d1_migrations").first<{ applied: number }>();
	return row?.applied ?? 0;
}
