import { chinaDateTime } from "../../../core/calendar";
import { MANDATE_KEYS, type Mandate } from "../../../core/mandate";
import { t } from "../../../core/zh-CN";
import { type ShownError, builtPage, fillForm, notFoundPage, privateHtml, showing, withTexts } from "../lib/pages";
import type { ApiError } from "../lib/errors";
import type { AgentApplyResult } from "../services/agent";
import { centreData } from "../lib/centre-data";
import type { Deps } from "../services/deps";
import { type C, me, placeNames, shell, withStaffBar } from "./staff-common";

/** 代为申请 pages for village agents: the items they may apply for, and the form with the 委托 or its receipt. */

/** /staff/apply/ filled: the items of the agent's centre; anyone else gets the refusal (403). */
export async function showAgentItems(c: C, deps: Deps): Promise<Response> {
	const staff = me(c);
	const items = deps.data.items;
	const [page, names, township] = await Promise.all([
		shell(c, "/staff/apply/"),
		placeNames(deps, [staff.centre]),
		staff.centre ? centreData(deps.assets, staff.centre) : undefined,
	]);
	const r = new HTMLRewriter();
	withStaffBar(r, staff, names);
	if (staff.role !== "agent") {
		showing(r, ["agent-apply-forbidden"]);
		r.on("#agent-apply-body", { element: (el) => void el.remove() });
		return privateHtml(r.transform(page).body, 403);
	}
	const centre = staff.centre ?? "";
	r.on("li[data-centres]", {
		element(el) {
			if ((el.getAttribute("data-centres") ?? "").split(" ").includes(centre)) el.removeAttribute("data-centres");
			else el.remove();
		},
	});
	if (!township?.items.some((o) => items.get(o.code)?.agentAllowed)) {
		showing(r, ["agent-apply-none"]);
		r.on("#agent-apply-items", { element: (el) => void el.remove() });
	}
	return privateHtml(r.transform(page).body, 200);
}

export interface AgentFormState {
	/** Errors with the page's field names (input names). */
	errors?: ShownError[];
	/** What goes back into the form: as sent, or the GET's preselection and key. */
	values?: [string, string][];
	/** A case just made (or found again by its key): shown in the form's place. */
	receipt?: Extract<AgentApplyResult, { ok: true }>;
}

/**
 * /staff/apply/<code>/ filled. An item without an agent's form is the 404 page; anyone but an agent gets
 * the refusal (403), an agent whose centre does not offer the item a notice (404); otherwise the receipt
 * or the form (errors, values, the agent's place).
 */
export async function showAgentForm(c: C, deps: Deps, code: string, status: number, s: AgentFormState): Promise<Response> {
	const staff = me(c);
	const item = deps.data.items.get(code);
	const page = item?.agentAllowed ? await builtPage(c.env.ASSETS, new URL(c.req.url).origin, `/staff/apply/${item.code}/`) : undefined;
	if (!item || !page) return notFoundPage(c);
	// The agent's own township: whether it offers the item, and its villages for the village choices.
	const [names, township] = await Promise.all([
		placeNames(deps, [staff.centre]),
		staff.centre ? centreData(deps.assets, staff.centre) : undefined,
	]);
	const r = new HTMLRewriter();
	withStaffBar(r, staff, names);
	const removeForm = () => r.on("#agent-apply", { element: (el) => void el.remove() });
	if (staff.role !== "agent" || !township?.items.some((o) => o.code === item.code)) {
		const forbidden = staff.role !== "agent";
		showing(r, [forbidden ? "agent-apply-forbidden" : "agent-apply-elsewhere"]);
		removeForm();
		return privateHtml(r.transform(page).body, forbidden ? 403 : 404);
	}
	const receipt = s.receipt;
	if (receipt) {
		removeForm();
		showing(r, ["agent-receipt"]);
		const title = `${t("staff.apply.receipt.title", { name: item.name })} - ${t("staff.title")} - ${t("site.name")}`;
		r.on("title", { element: (el) => void el.setInnerContent(title) });
		withTexts(r, {
			"agent-receipt-tracking-no": receipt.trackingNo,
			"agent-receipt-query-code": receipt.queryCode,
			"agent-receipt-applicant": receipt.applicantName,
			"agent-receipt-centre": receipt.centre.name,
			"agent-receipt-submitted-at": chinaDateTime(new Date(receipt.submittedAt)),
			"agent-receipt-agent": staff.name,
			"agent-receipt-mandate": mandateText(receipt.mandate),
		});
		r.on("#agent-receipt-case", { element: (el) => void el.setAttribute("href", `/staff/cases/${receipt.trackingNo}/`) });
		return privateHtml(r.transform(page).body, status);
	}
	const villages = township.stations.map((v) => ({ value: v.slug, text: v.village }));
	fillForm(r, { errors: s.errors, values: s.values, villages });
	return privateHtml(r.transform(page).body, status);
}

const mandateText = (m: Mandate) => t("staff.apply.receipt.mandate.text", { basis: m.basis, signedOn: m.signedOn });

/**
 * The 委托 fields of a form (mandate.basis …) as the API's mandate object. A repeated field becomes a
 * list, so the check reports it instead of one value silently winning.
 */
export function mandateFromForm(entries: [string, string][]): Record<string, unknown> {
	const mandate = Object.create(null) as Record<string, unknown>;
	for (const [k, v] of entries) {
		if (!k.startsWith("mandate.")) continue;
		const key = k.slice("mandate.".length);
		const before = mandate[key];
		mandate[key] = before === undefined ? v : [before, v].flat();
	}
	return mandate;
}

/** An error of applyForVillager on the page: the API's field path as the form's input name, when the form has that input. */
export function pageErrorOf(e: ApiError): ShownError {
	const field = e.field?.startsWith("application.") ? e.field.slice("application.".length) : e.field;
	const onPage =
		field !== undefined &&
		field !== "item" &&
		(!field.startsWith("mandate") || (MANDATE_KEYS as readonly string[]).includes(field.slice("mandate.".length)));
	return onPage ? { field, message: e.message } : { message: e.message };
}
