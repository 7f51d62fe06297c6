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
 */
search.use("/api/search/misses", citizenPost);
search.post("/api/search/misses", async (c) => {
	const body = await bodyOr(c, "json");
	if (body instanceof Response) return body;
	const checked = checkSearchMiss(body.kind === "json" ? body.value : undefined);
	if (!checked.ok) return errorResponse(c, 422, [{ field: "q", code: checked.error, message: t(MISS_WORDS[checked.error]) }]);
	const deps = await depsOf(c);
	if (!deps.keys) return apiError(c, 503, "not_configured");
	if (!(await withinLimit(c.env, "search-miss", c.req.raw))) return apiError(c, 429, "rate_limited");
	await countSearchMiss(deps.db, deps.today, checked.value);
	return c.body(null, 204);
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
	const rewriter = withTexts(new HTMLRewriter(), {
		"search-status": hits.length > 0 ? t("search.count", { n: hits.length }) : t("search.empty", { q: query.text }),
		"search-fallback": hits.length > 0 ? t("search.noscriptMore") : undefined,
	})
		.on("#search-q", { element: (el) => void el.setAttribute("value", query.text) })
		.on("#search-list", { element: (el) => void el.setInnerContent(hits.map(resultHtml).join(""), { html: true }) })
		.on("title", { element: (el) => void el.prepend(`${query.text} - `) });
	return privateHtml(showing(rewriter, hits.length > 0 ? [] : ["search-none"]).transform(page).body, 200);
});

function resultHtml({ entry }: SearchHit): string {
	return `<li><a href="${escapeHtml(entry.url)}">${escapeHtml(entry.title)}</a><p>${escapeHtml(termsLine(entry, t("search.terms")))}</p></li>`;
}
