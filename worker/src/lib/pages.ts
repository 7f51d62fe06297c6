import { inputId } from "../../../core/application";
import { t } from "../../../core/zh-CN";

/**
 * Dynamic pages without a second template system: the Worker takes a page Astro built and fills in
 * the parts that depend on the request. HTMLRewriter escapes every text it inserts; markup is only
 * ever built here from escaped parts.
 */

export interface ShownError {
	/** Input name (applicant.idNumber); absent for an error about the whole submission. */
	field?: string;
	message: string;
}

export const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

/** A built page as text, or undefined when the build has no such page. */
export async function builtPage(assets: Fetcher, origin: string, path: string): Promise<Response | undefined> {
	const res = await assets.fetch(new Request(new URL(path, origin)));
	return res.ok ? res : undefined;
}

/** The site's 404 page: a case that does not exist and one outside the caller's scope look the same. */
export async function notFoundPage(c: { env: { ASSETS: Fetcher }; req: { url: string } }, status = 404): Promise<Response> {
	const res = await c.env.ASSETS.fetch(new Request(new URL("/404.html", c.req.url)));
	return privateHtml(res.body, status);
}

/** An HTML answer the browser must not keep: it holds what one person typed or their case. */
export function privateHtml(body: ReadableStream | string | null, status: number, extra: HeadersInit = {}): Response {
	const headers = new Headers(extra);
	headers.set("Content-Type", "text/html; charset=utf-8");
	headers.set("Cache-Control", "no-store");
	return new Response(body, { status, headers });
}

/**
 * A form page shown again: error summary filled and focused target, 错误： before the title, each
 * field's message, aria-invalid and aria-describedby, and every value as the person sent it.
 */
export function withFormErrors(rewriter: HTMLRewriter, errors: ShownError[], values: [string, string][]): HTMLRewriter {
	const byField = new Map<string, string>();
	for (const e of errors) if (e.field && !byField.has(e.field)) byField.set(e.field, e.message);
	const sent = new Map<string, string[]>();
	for (const [k, v] of values) sent.set(k, [...(sent.get(k) ?? []), v]);
	const items = errors
		.map((e) =>
			e.field ? `<li><a href="#${escapeHtml(inputId(e.field))}">${escapeHtml(e.message)}</a></li>` : `<li>${escapeHtml(e.message)}</li>`,
		)
		.join("");
	let select: string | null = null;
	const groups = new Set<string>();
	return rewriter
		.on("title", { element: (el) => void (errors.length > 0 && el.prepend(t("form.errorPrefix"))) })
		.on("#error-summary", { element: (el) => void (errors.length > 0 && el.removeAttribute("hidden")) })
		.on("#error-summary-list", { element: (el) => void el.setInnerContent(items, { html: true }) })
		.on("[data-field]", {
			element(el) {
				if (byField.has(el.getAttribute("data-field")!))
					el.setAttribute("class", `${el.getAttribute("class") ?? ""} app-field--error`.trim());
			},
		})
		.on(".app-field__error", {
			element(el) {
				const field = [...byField.keys()].find((f) => `${inputId(f)}-error` === el.getAttribute("id"));
				if (field) {
					el.removeAttribute("hidden");
					el.setInnerContent(byField.get(field)!);
				}
			},
		})
		.on("fieldset[id$='-fieldset']", {
			element(el) {
				// A group of radios or checkboxes: the fieldset carries the error, every option is invalid.
				const field = [...byField.keys()].find((f) => `${inputId(f)}-fieldset` === el.getAttribute("id"));
				if (!field) return;
				groups.add(field);
				describe(el, `${inputId(field)}-error`);
			},
		})
		.on("input, select, textarea", {
			element(el) {
				const name = el.getAttribute("name");
				if (!name) return;
				if (groups.has(name)) el.setAttribute("aria-invalid", "true");
				else if (byField.has(name) && el.getAttribute("id") === inputId(name)) {
					el.setAttribute("aria-invalid", "true");
					describe(el, `${inputId(name)}-error`);
				}
				const given = sent.get(name);
				const tag = el.tagName.toLowerCase();
				if (tag === "select") select = name;
				else if (tag === "textarea") el.setInnerContent(given?.[0] ?? "");
				else if (el.getAttribute("type") === "checkbox" || el.getAttribute("type") === "radio") {
					if (given?.includes(el.getAttribute("value") ?? "")) el.setAttribute("checked", "");
					else el.removeAttribute("checked");
				} else if (given) el.setAttribute("value", given[0]);
			},
		})
		.on("option", {
			element(el) {
				const given = select ? sent.get(select) : undefined;
				if (!given) return;
				if (given.includes(el.getAttribute("value") ?? "")) el.setAttribute("selected", "");
				else el.removeAttribute("selected");
			},
		});
}

function describe(el: Element, id: string) {
	const described = el.getAttribute("aria-describedby");
	el.setAttribute("aria-describedby", described ? `${described} ${id}` : id);
}

/** Sets the text of each element by id; an undefined value leaves the element alone. */
export function withTexts(rewriter: HTMLRewriter, texts: Record<string, string | undefined>): HTMLRewriter {
	for (const [id, text] of Object.entries(texts)) {
		if (text !== undefined) rewriter.on(`#${id}`, { element: (el) => void el.setInnerContent(text) });
	}
	return rewriter;
}

/** Shows (removes `hidden` from) the elements with these ids. */
export function showing(rewriter: HTMLRewriter, ids: string[]): HTMLRewriter {
	for (const id of ids) rewriter.on(`#${id}`, { element: (el) => void el.removeAttribute("hidden") });
	return rewriter;
}
