import { type Keys, hmacHex } from "./crypto";

/**
 * Per-client fixed-window counters in D1. The client is the address named by the header set in
 * CLIENT_IP_HEADER — on Cloudflare that is CF-Connecting-IP, which Cloudflare itself sets. Where no
 * such header is trusted (wrangler dev, tests), a client-sent CF-Connecting-IP or X-Forwarded-For
 * could be anything, so every request counts as the same client.
 */
export function clientOf(req: Request, trustedHeader: string | undefined): string {
	return (trustedHeader && req.headers.get(trustedHeader)?.trim()) || "unknown";
}

/** true while the client is within `limit` hits of `purpose` in the current minute. */
export async function withinLimit(db: D1Database, keys: Keys, purpose: string, client: string, limit: number, now: Date): Promise<boolean> {
	const bucket = `${purpose}:${(await hmacHex(keys.client, client)).slice(0, 32)}`;
	const windowStart = Math.floor(now.getTime() / 60_000) * 60;
	const row = await db
		.prepare(
			`INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?1, ?2, 1)
			 ON CONFLICT (bucket) DO UPDATE SET hits = CASE WHEN window_start = ?2 THEN hits + 1 ELSE 1 END, window_start = ?2
			 RETURNING hits`,
		)
		.bind(bucket, windowStart)
		.first<{ hits: number }>();
	return (row?.hits ?? 0) <= limit;
}

/** A positive whole number from a setting, or the default. */
export function limitSetting(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/** Drops counters of windows that ended more than an hour ago (run by the daily Cron Trigger). */
export async function pruneRateLimits(db: D1Database, now: Date): Promise<number> {
	const before = Math.floor(now.getTime() / 1000) - 3600;
	const { meta } = await db.prepare(`DELETE FROM rate_limits WHERE window_start < ?1`).bind(before).run();
	return meta.changes;
}
