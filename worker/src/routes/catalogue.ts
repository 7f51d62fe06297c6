import { Hono } from "hono";
import { type CatalogueFilter, isEmptyFilter, matchesFilter, parseCatalogueFilter } from "../../../core/catalogue-filter";
import type { AppEnv } from "../app-env";

/**
 * GET /items/?department=…&type=…&level=…&online=1&agent=1&visits=0 — the catalogue page as built,
 * with the items that do not match removed, the form showing the chosen filters and the count
 * updated. A malformed query gets a 400: the whole catalogue with a message saying what to do.
 */
export const catalogue = new Hono<AppEnv>().get("/items/", async (c) => {
	const url = new URL(c.req.url);
	const page = await c.env.ASSETS.fetch(new Request(new URL("/items/", url.origin)));
	if (!page.ok || url.search === "") return page;

	const filter = parseCatalogueFilter(url.searchParams);
	if (filter !== null && isEmptyFilter(filter)) return page;
	const html = await page.text();
	const body = filter === null ? await showInvalid(html) : await showFiltered(html, filter);
	const headers = new Headers(page.headers);
	headers.delete("ETag");
	headers.delete("Content-Length");
	return new Response(body, { status: filter === null ? 400 : 200, headers });
});

const matching = (filter: CatalogueFilter, el: Element) => matchesFilter(filter, (name) => el.getAttribute(name));

async function showFiltered(html: string, filter: CatalogueFilter): Promise<string> {
	// The count stands above the list, so count first, then rewrite.
	let kept = 0;
	await new HTMLRewriter()
		.on("#catalogue > li", { element: (el) => void (matching(filter, el) && kept++) })
		.transform(new Response(html))
		.text();

	let select: keyof CatalogueFilter | null = null;
	return new HTMLRewriter()
		.on("#catalogue > li", { element: (el) => void (matching(filter, el) || el.remove()) })
		.on("form.app-filters select", { element: (el) => void (select = el.getAttribute("name") as keyof CatalogueFilter) })
		.on("form.app-filters option", {
			element(el) {
				if (select && filter[select] !== undefined && el.getAttribute("value") === filter[select]) el.setAttribute("selected", "");
			},
		})
		.on("form.app-filters input[type=checkbox]", {
			element(el) {
				if (filter[el.getAttribute("name") as keyof CatalogueFilter] !== undefined) el.setAttribute("checked", "");
			},
		})
		.on("#catalogue-count", {
			element(el) {
				el.setInnerContent((el.getAttribute("data-template") ?? "{n}").replace("{n}", String(kept)));
			},
		})
		.on("#catalogue-none", { element: (el) => void (kept === 0 && el.removeAttribute("hidden")) })
		.transform(new Response(html))
		.text();
}

function showInvalid(html: string): Promise<string> {
	return new HTMLRewriter()
		.on("#catalogue-error", { element: (el) => void el.removeAttribute("hidden") })
		.on("title", { element: (el) => void el.prepend("错误：") })
		.transform(new Response(html))
		.text();
}
