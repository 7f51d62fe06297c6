import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { apiError } from "../lib/errors";
import { places } from "../lib/places";
import { storedFigures } from "../services/performance";

/**
 * GET /api/performance?centre=<slug> (or nothing for the whole city): the public monthly figures the
 * daily job stored, the last 12 months, oldest first. No personal data: items and reasons only.
 */
export const performance = new Hono<AppEnv>();

performance.get("/", async (c) => {
	const centre = c.req.query("centre");
	if (centre !== undefined && !(await places(c.env.ASSETS)).some((p) => p.slug === centre))
		return apiError(c, 404, "not_found", { words: "performance.unknownCentre" });
	const months = await storedFigures(c.env.DB, centre ? "centre" : "city", centre ?? "all");
	return c.json({ scope: centre ? { centre } : { city: true }, months });
});
