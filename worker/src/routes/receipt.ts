import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { chinaDateTime } from "../../../core/calendar";
import type { AppEnv } from "../app-env";
import { applyItems } from "../lib/apply-data";
import { decrypt, keysFrom, queryCodeFor } from "../lib/crypto";
import { builtPage, privateHtml, showing, withTexts } from "../lib/pages";
import { RECEIPT_COOKIE } from "./applications";

/**
 * GET /items/<code>/apply/receipt/ — the page a plain form post is sent to (303). The receipt (tracking
 * number, query code) comes from a short-lived, encrypted, HttpOnly cookie set with the 303, so the
 * query code never appears in an address. Without the cookie the page says how to look the case up.
 */
export const receipt = new Hono<AppEnv>().get("/items/:code/apply/receipt/", async (c) => {
	const page = await builtPage(c.env.ASSETS, new URL(c.req.url).origin, c.req.path);
	if (!page) return c.env.ASSETS.fetch(c.req.raw);
	const keys = keysFrom(c.env.PII_KEY);
	const sealed = getCookie(c, RECEIPT_COOKIE);
	const opened = keys && sealed ? await decrypt((await keys).cipher, sealed) : undefined;
	const saved = opened ? (JSON.parse(opened) as { t: string; c: string; s: string }) : undefined;
	const item = (await applyItems(c.env.ASSETS)).get(c.req.param("code"));
	const centre = item?.centres.find((x) => x.slug === saved?.c);
	const r = new HTMLRewriter();
	if (saved && keys && centre) {
		showing(r, ["receipt-ok"]);
		withTexts(r, {
			"receipt-tracking-no": saved.t,
			"receipt-query-code": await queryCodeFor(await keys, saved.t),
			"receipt-centre": centre.name,
			"receipt-submitted-at": chinaDateTime(new Date(saved.s)),
		});
	} else showing(r, ["receipt-missing"]);
	return privateHtml(r.transform(page).body, 200);
});
