import type { Context } from "hono";
import { chinaDate, isIsoDate } from "../../../core/calendar";
import type { AppEnv } from "../app-env";
import { type BuiltData, builtData } from "../lib/built-data";
import { type Keys, keysFrom } from "../lib/crypto";
import { developerMachine } from "../lib/staff-session";

/**
 * What the services need from a request, and nothing of Hono: the database, the built data, the keys
 * for personal data (undefined when PII_KEY is not set) and the moment the request is served.
 */
export interface Deps {
	db: D1Database;
	/** The built site, for data read per item or per township (lib/item-data.ts, lib/centre-data.ts). */
	assets: Fetcher;
	data: BuiltData;
	keys: Keys | undefined;
	now: Date;
	/** The China date of `now`. */
	today: string;
}

export async function depsOf(c: Context<AppEnv>): Promise<Deps> {
	const now = servedAt(c.env, c.req.url);
	const [data, keys] = await Promise.all([builtData(c.env.ASSETS), keysFrom(c.env.PII_KEY)]);
	// Said once per request that needs it, without any request data.
	if (!keys) console.error(JSON.stringify({ level: "error", message: "PII_KEY is missing or not 32 bytes of base64" }));
	return { db: c.env.DB, assets: c.env.ASSETS, data, keys, now, today: chinaDate(now) };
}

/**
 * The moment a request is served: now, or on a developer's machine with DEV_TODAY set, that day at the
 * present time of day in China (so events of one day keep their order). Production never reads it.
 */
export function servedAt(env: { DEV_TODAY?: string; ACCESS_AUD?: string }, url: string, real = new Date()): Date {
	if (!env.DEV_TODAY || !developerMachine(env, url)) return real;
	if (!isIsoDate(env.DEV_TODAY)) throw new Error(`DEV_TODAY must be a date such as 2026-03-27, got ${JSON.stringify(env.DEV_TODAY)}`);
	const sinceChinaMidnight = (real.getTime() + 8 * 3_600_000) % 86_400_000;
	return new Date(Date.parse(`${env.DEV_TODAY}T00:00:00+08:00`) + sinceChinaMidnight);
}
