import type { Context } from "hono";
import { chinaDate } from "../../../core/calendar";
import type { AppEnv } from "../app-env";
import { type BuiltData, builtData } from "../lib/built-data";
import { type Keys, keysFrom } from "../lib/crypto";

/**
 * What the services need from a request, and nothing of Hono: the database, the built data, the keys
 * for personal data (undefined when PII_KEY is not set) and the moment the request is served.
 */
export interface Deps {
	db: D1Database;
	data: BuiltData;
	keys: Keys | undefined;
	now: Date;
	/** The China date of `now`. */
	today: string;
}

export async function depsOf(c: Context<AppEnv>): Promise<Deps> {
	const now = new Date();
	const [data, keys] = await Promise.all([builtData(c.env.ASSETS), keysFrom(c.env.PII_KEY)]);
	// Said once per request that needs it, without any request data.
	if (!keys) console.error(JSON.stringify({ level: "error", message: "PII_KEY is missing or not 32 bytes of base64" }));
	return { db: c.env.DB, data, keys, now, today: chinaDate(now) };
}
