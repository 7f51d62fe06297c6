import { type Context, Hono } from "hono";
import type { Staff } from "../../../core/staff";
import type { AppEnv } from "../app-env";
import { apiError } from "../lib/errors";
import { showRatings } from "../pages/staff-ratings";
import { depsOf } from "../services/deps";
import { ratingsOverview } from "../services/ratings";
import { exportRange } from "../services/case-export";

type C = Context<AppEnv>;
const me = (c: C) => c.get("staff") as Staff;

/**
 * 好差评 in the back office: GET /api/staff/ratings?from=&to= (JSON) and the page /staff/ratings/, the
 * figures and open follow-ups of the caller's scope. The staff guard runs before (index.ts).
 */
export const staffRatings = new Hono<AppEnv>();

/** The range asked for: this month when nothing is asked, null when what was asked is not a range. */
function rangeOf(c: C, today: string): { from: string; to: string } | null {
	const from = c.req.query("from");
	const to = c.req.query("to");
	if (from === undefined && to === undefined) return { from: `${today.slice(0, 8)}01`, to: today };
	return exportRange(from ?? "", to ?? "");
}

staffRatings.get("/api/staff/ratings", async (c) => {
	const deps = await depsOf(c);
	const range = rangeOf(c, deps.today);
	if (!range) return apiError(c, 400, "bad_range", { words: "staff.ratings.error.range" });
	return c.json(await ratingsOverview(deps, me(c), range));
});

staffRatings.get("/staff/ratings/", async (c) => {
	const deps = await depsOf(c);
	return showRatings(c, deps, rangeOf(c, deps.today));
});
