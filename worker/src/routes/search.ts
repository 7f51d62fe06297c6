import { Hono } from "hono";
import { type SearchHit, searchIndex, termsLine } from "../../../core/search";
import { parseQuery } from "../../../core/search-query";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { hasPersonalDataInUrl } from "../lib/guards";
import { escapeHtml, privateHtml, showing, withTexts } from "../lib/pages";
import { searchIndexOf } from "../lib/search-index";

/**
 * GET /search/?q=… — the search page as built, answered from the small index (core/search.ts: aliases,
 * keywords, pinyin, ages) so a phone with scripts off still gets results; with JavaScript the page's
 * script ranks the same way and adds Pagefind's full text. Nothing found shows the ways on. An ID or
 * mobile number in the address is refused (400) and not shown back.
 */
export const search = new Hono<AppEnv>().get("/search/", async (c) => {
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
