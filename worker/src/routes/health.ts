import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { countAppliedMigrations } from "../db/migrations";

/** GET /api/health: the Worker is up and D1 answers. */
export const health = new Hono<AppEnv>().get("/", async (c) => {
	const migrations = await countAppliedMigrations(c.env.DB);
	return c.json({ status: "ok", database: { migrations } });
});
