/** Counts one search that found nothing, on its day. */
export async function countSearchMiss(db: D1Database, day: string, query: string): Promise<void> {
	await db
		.prepare(`INSERT INTO search_misses (day, query, misses) VALUES (?1, ?2, 1) ON CONFLICT (day, query) DO UPDATE SET misses = misses + 1`)
		.bind(day, query)
		.run();
}
