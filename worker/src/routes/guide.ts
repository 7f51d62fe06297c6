import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { PLACE_COOKIE, placeCookie } from "../../../core/place";
import type { AppEnv } from "../app-env";
import { readPlace } from "../lib/place";
import { fillPlace } from "../pages/guide-place";

/**
 * GET /items/<code>/ — a guide as built, with 在哪里办 filled for the reader's place: `?township=` (then
 * `&village=`) from the plain form, remembered in a cookie for a year, or the cookie alone. Without a place
 * the built page goes out as it is (the township choice). Every answer depends on the cookie, so none may be
 * kept by a shared cache or reused for another cookie (private, Vary: Cookie); nothing is stored or logged.
 */
export const guide = new Hono<AppEnv>().get("/items/:code/", async (c) => {
	const url = new URL(c.req.url);
	const view = await readPlace(c.env.ASSETS, url.searchParams, getCookie(c, PLACE_COOKIE));
	const untouched = !view.centre && !view.message && view.remember === undefined;
	// As built: the assets layer answers (with its ETag and 304s) when the address has no query.
	const page = await c.env.ASSETS.fetch(
		untouched && url.search === "" ? c.req.raw : new Request(new URL(`/items/${c.req.param("code")}/`, url.origin)),
	);
	if (!page.ok && page.status !== 304) return page;

	const headers = new Headers(page.headers);
	headers.set("Cache-Control", "private, no-cache");
	headers.append("Vary", "Cookie");
	if (view.remember !== undefined) headers.append("Set-Cookie", placeCookie(view.remember ?? undefined, url.protocol === "https:"));
	if (untouched) return new Response(page.body, { status: page.status, headers });

	headers.delete("ETag");
	headers.delete("Content-Length");
	const filled = fillPlace(new HTMLRewriter(), c.req.param("code"), view).transform(page);
	return new Response(filled.body, { status: 200, headers });
});
