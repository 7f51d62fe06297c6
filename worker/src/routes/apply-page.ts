import { Hono } from "hono";
import { errorMessage } from "../../../core/messages";
import { normalizeInput } from "../../../core/normalize";
import type { AppEnv } from "../app-env";
import { applyItemFor } from "../lib/item-data";
import { showApplyForm } from "../pages/citizen";

/**
 * GET /items/<code>/apply/?centre=<slug> — the first of the two steps without JavaScript: the plain
 * township form's answer, the apply page with that township chosen and its villages (one
 * /centres/<slug>/data.json) in the village choices. Without `centre` it is the page as built. A township
 * that does not offer the item (or does not exist) is 400 with the page and a field error saying to pick
 * one from the list; nothing is written either way.
 */
export const applyPage = new Hono<AppEnv>().get("/items/:code/apply/", async (c) => {
	const centre = c.req.query("centre");
	if (centre === undefined) return c.env.ASSETS.fetch(c.req.raw);
	const item = await applyItemFor(c.env.ASSETS, c.req.param("code"), centre);
	if (!item) return c.env.ASSETS.fetch(c.req.raw);
	const slug = normalizeInput(centre);
	if (item.centres.some((x) => x.slug === slug && x.stations)) return showApplyForm(c, item, 200, [], [["centre", slug]]);
	const code = slug === "" ? "required" : "centre.unknown";
	return showApplyForm(c, item, 400, [{ field: "centre", message: errorMessage({ field: "centre", code }, item) }], []);
});
