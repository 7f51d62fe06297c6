import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { builtPage } from "../lib/pages";
import { showReceipt } from "../pages/citizen";
import { depsOf } from "../services/deps";

/**
 * GET /items/<code>/apply/receipt/ — the page a plain form post is sent to (303). The receipt (tracking
 * number, query code) comes from a short-lived, encrypted, HttpOnly cookie set with the 303, so the
 * query code never appears in an address. Without the cookie the page says how to look the case up.
 */
export const receipt = new Hono<AppEnv>().get("/items/:code/apply/receipt/", async (c) => {
	const page = await builtPage(c.env.ASSETS, new URL(c.req.url).origin, c.req.path);
	if (!page) return c.env.ASSETS.fetch(c.req.raw);
	const deps = await depsOf(c);
	return showReceipt(c, page, deps.keys, deps.data.centres);
});
