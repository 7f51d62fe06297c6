import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { apiError } from "../lib/errors";
import { places } from "../lib/places";
import { showPerformance } from "../pages/performance";
import { storedFigures } from "../services/performance";

/**
 * GET /api/performance?centre=<slug> (or nothing for the whole city): the public monthly figures the
 * daily job stored, the last 12 months, oldest first. No personal data: items and reasons only.
 */
export const performance = new Hono<AppEnv>();
/** The public pages: /performance/ (the city) and /centres/<slug>/performance/. */
export const performancePages = new Hono<AppEnv>();

performancePages.get("/performance/", (c) => showPerformance(c, null));
performancePages.get("/centres/:slug/performance/", (c) => showPerformance(c, c.req.param("slug")));

performance.get("/", async (c) => {
	const centre = c.req.query("centre");
	if (centre !== undefined && !(await places(c.env.ASSETS)).some((p) => p.slug === centre))
		return apiError(c, 404, "not_found", { words: "performance.unknownCentre" });
	const months = await storedFigures(c.env.DB, centre ? "centre" : "city", centre ?? "all");
	return c.json({ scope: centre ? { centre } : { city: true }, months });
});
