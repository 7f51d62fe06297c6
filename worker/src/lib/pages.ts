import { inputId } from "../../../core/application";
import type { Choice } from "../../../core/form";
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

export interface FormFill {
	/** Shown in the error summary, each linked to its field's control when it names one. */
	errors?: ShownError[];
	/** What was sent, put back into the controls by name. */
	values?: [string, string][];
	/**
	 * The form's scope where one page has several forms with the same input names (FormField's scope): errors
	 * link to its controls, and only its fields get the values back.
	 */
	scope?: string;
	/** The choices of the groups FormField left to the request (options "request"), by the field's id (inputId). */
	choices?: Record<string, Choice[]>;
	/** The villages of the chosen township: the options of every village choice (FormField's "villages"). */
	villages?: Choice[];
}

/**
 * The one filler of every form page the Worker shows, citizen's or staff's: the error summary filled,
 * shown and focused on load without any script (autofocus, as GOV.UK's), 错误： before the title, each
 * field's message, aria-invalid and aria-describedby, the choices known only now, and every value as
 * the person sent it. It reads the markup FormField and ErrorSummary draw.
 */
export function fillForm(rewriter: HTMLRewriter, fill: FormFill): HTMLRewriter {
	const { errors = [], values = [], scope, choices = {}, villages } = fill;
	const idOf = (field: string) => inputId(field, scope);
	const byId = new Map<string, string>();
	for (const e of errors) if (e.field && !byId.has(idOf(e.field))) byId.set(idOf(e.field), e.message);
	const sent = new Map<string, string[]>();
	for (const [k, v] of values) sent.set(k, [...(sent.get(k) ?? []), v]);
	withSummary(rewriter, errors, idOf);
	if (villages) withVillages(rewriter, villages, sent);
	// The field being read: its control id, whether it has an error, whether it is a group.
	let field: { id: string; error: boolean; group: boolean } | undefined;
	let select: string | undefined;
	/** Whether a control takes the sent value: any control by its name, or in a scoped form only its own fields'. */
	const refills = (name: string) => !scope || field?.id === idOf(name);
	return rewriter
		.on("[data-field]", {
			element(el) {
				const id = el.getAttribute("data-field")!;
				field = { id, error: byId.has(id), group: false };
				if (field.error) el.setAttribute("class", `${el.getAttribute("class") ?? ""} app-field--error`.trim());
				el.onEndTag(() => void (field = undefined));
			},
		})
		.on(".app-field__error", {
			element(el) {
				const message = field?.error ? byId.get(field.id) : undefined;
				if (message === undefined || el.getAttribute("id") !== `${field!.id}-error`) return;
				el.removeAttribute("hidden");
				el.setInnerContent(message);
			},
		})
		.on("fieldset", {
			element(el) {
				// A group of radios or checkboxes: the fieldset carries the error, every option is invalid.
				if (!field) return;
				field.group = true;
				if (field.error) describe(el, `${field.id}-error`);
			},
		})
		.on("[data-type]", {
			element(el) {
				const id = el.getAttribute("id")?.replace(/-choices$/, "") ?? "";
				const name = el.getAttribute("data-name") ?? "";
				const type = el.getAttribute("data-type") === "radio" ? "radio" : "checkbox";
				el.removeAttribute("data-type");
				el.removeAttribute("data-name");
				if (!Object.hasOwn(choices, id)) return;
				const given = refills(name) ? (sent.get(name) ?? []) : [];
				el.setInnerContent(choicesHtml(id, name, type, choices[id], given, field?.error ?? false), { html: true });
			},
		})
		.on("input, select, textarea", {
			element(el) {
				const name = el.getAttribute("name");
				if (!name) return;
				if (field?.error) {
					el.setAttribute("aria-invalid", "true");
					if (!field.group && el.getAttribute("id") === field.id) describe(el, `${field.id}-error`);
				}
				select = undefined;
				if (!refills(name)) return;
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

/** 错误： before the title; the summary filled, shown and focused, each message linked to its control. */
function withSummary(rewriter: HTMLRewriter, errors: ShownError[], idOf: (field: string) => string) {
	if (errors.length === 0) return;
	const items = errors
		.map((e) =>
			e.field ? `<li><a href="#${escapeHtml(idOf(e.field))}">${escapeHtml(e.message)}</a></li>` : `<li>${escapeHtml(e.message)}</li>`,
		)
		.join("");
	rewriter
		.on("title", { element: (el) => void el.prepend(t("form.errorPrefix")) })
		.on("#error-summary", {
			element(el) {
				el.removeAttribute("hidden");
				el.setAttribute("autofocus", "");
			},
		})
		.on("#error-summary-list", { element: (el) => void el.setInnerContent(items, { html: true }) });
}

/** Every village choice's options: 请选择, then the chosen township's villages, the one sent selected. */
function withVillages(rewriter: HTMLRewriter, villages: Choice[], sent: Map<string, string[]>) {
	rewriter.on("select[data-villages]", {
		element(el) {
			const given = sent.get(el.getAttribute("name") ?? "")?.[0];
			const options = villages.map(
				(v) => `<option value="${escapeHtml(v.value)}"${v.value === given ? " selected" : ""}>${escapeHtml(v.text)}</option>`,
			);
			el.setInnerContent(`<option value="">${escapeHtml(t("form.choose"))}</option>${options.join("")}`, { html: true });
		},
	});
}

/** A group's options as FormField draws them: the first takes the field's id, the others -2, -3 … */
function choicesHtml(id: string, name: string, type: "radio" | "checkbox", options: Choice[], given: string[], invalid: boolean): string {
	return options
		.map((o, i) => {
			const optionId = i === 0 ? id : `${id}-${i + 1}`;
			const state = `${given.includes(o.value) ? " checked" : ""}${invalid ? ' aria-invalid="true"' : ""}`;
			return `<div class="app-choice"><input type="${type}" id="${optionId}" name="${escapeHtml(name)}" value="${escapeHtml(o.value)}"${state}><label for="${optionId}">${escapeHtml(o.text)}</label></div>`;
		})
		.join("");
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
