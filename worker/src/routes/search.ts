import { Hono } from "hono";
import { type SearchHit, searchIndex, termsLine } from "../../../core/search";
import { type SearchMissError, checkSearchMiss } from "../../../core/search-miss";
import { parseQuery } from "../../../core/search-query";
import { type StringKey, t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { countSearchMiss } from "../db/search-misses";
import { citizenPost } from "../lib/citizen-post";
import { apiError, errorResponse } from "../lib/errors";
import { hasPersonalDataInUrl } from "../lib/guards";
import { withinLimit } from "../lib/rate-limit";
import { bodyOr } from "../lib/request-body";
import { depsOf } from "../services/deps";
import { escapeHtml, privateHtml, showing, withTexts } from "../lib/pages";
import { searchIndexOf } from "../lib/search-index";

/**
 * GET /search/?q=… — the search page as built, answered from the small index (core/search.ts: aliases,
 * keywords, pinyin, ages) so a phone with scripts off still gets results; with JavaScript the page's
 * script ranks the same way and adds Pagefind's full text. Nothing found shows the ways on. An ID or
 * mobile number in the address is refused (400) and not shown back.
 */
export const search = new Hono<AppEnv>();

const MISS_WORDS: Record<SearchMissError, StringKey> = {
	required: "search.miss.required",
	invalid: "search.miss.invalid",
	too_long: "search.miss.tooLong",
	personal_data: "search.miss.personalData",
};

/**
 * POST /api/search/misses `{ "q": "…" }` — the search page counts a submitted query that found nothing, under
 * the citizen POST rules (POST only, same origin, no personal data in the address, the one body reader, a
 * per-client limit). Stored: the day and the normalised query, +1. Never the address, a cookie or the time.
 * Without JavaScript the reader sends the same as a plain form from the nothing-found page (a GET never
 * counts) and is sent back to it, thanked.
 */
search.use("/api/search/misses", citizenPost);
search.post("/api/search/misses", async (c) => {
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const form = body.kind === "form";
	const checked = checkSearchMiss(form ? Object.fromEntries(body.entries) : body.value);
	const back = (q: string, reported: boolean) =>
		c.redirect(`/search/?${new URLSearchParams({ q, ...(reported ? { reported: "1" } : {}) }).toString()}`, 303);
	if (!checked.ok) {
		if (form) return c.redirect("/search/", 303);
		return errorResponse(c, 422, [{ field: "q", code: checked.error, message: t(MISS_WORDS[checked.error]) }]);
	}
	const deps = await depsOf(c);
	if (!deps.keys) return apiError(c, 503, "not_configured");
	if (!(await withinLimit(c.env, "search-miss", c.req.raw))) return form ? back(checked.value, false) : apiError(c, 429, "rate_limited");
	await countSearchMiss(deps.db, deps.today, checked.value);
	return form ? back(checked.value, true) : c.body(null, 204);
});

search.get("/search/", async (c) => {
	const url = new URL(c.req.url);
	const page = await c.env.ASSETS.fetch(new Request(new URL("/search/", url.origin)));
	const text = (url.searchParams.get("q") ?? "").trim();
	if (!page.ok || (text === "" && !hasPersonalDataInUrl(url))) return page;

	if (hasPersonalDataInUrl(url)) {
		const rewriter = withTexts(new HTMLRewriter(), { "search-status": t("search.personalData") });
		return privateHtml(rewriter.on("title", { element: (el) => void el.prepend("错误：") }).transform(page).body, 400);
	}
	const query = parseQuery(text);
	const hits = searchIndex(await searchIndexOf(c.env.ASSETS), query);
	// Nothing found: the reader may tell the editors (a plain form), or was just thanked for it.
	const reported = url.searchParams.get("reported") === "1";
	const none = hits.length > 0 ? [] : ["search-none", reported ? "search-reported" : "search-report"];
	const rewriter = withTexts(new HTMLRewriter(), {
		"search-status": hits.length > 0 ? t("search.count", { n: hits.length }) : t("search.empty", { q: query.text }),
		"search-fallback": hits.length > 0 ? t("search.noscriptMore") : undefined,
	})
		.on("#search-q", { element: (el) => void el.setAttribute("value", query.text) })
		.on("#search-report-q", { element: (el) => void el.setAttribute("value", query.text) })
		.on("#search-list", { element: (el) => void el.setInnerContent(hits.map(resultHtml).join(""), { html: true }) })
		.on("title", { element: (el) => void el.prepend(`${query.text} - `) });
	return privateHtml(showing(rewriter, none).transform(page).body, 200);
});

function resultHtml({ entry }: SearchHit): string {
	return `<li><a href="${escapeHtml(entry.url)}">${escapeHtml(entry.title)}</a><p>${escapeHtml(termsLine(entry, t("search.terms")))}</p></li>`;
}
