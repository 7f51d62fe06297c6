import { getCookie } from "hono/cookie";
import type { Context } from "hono";
import { type FieldError, inputId } from "../../../core/application";
import { chinaDateTime } from "../../../core/calendar";
import { errorMessage } from "../../../core/messages";
import { normalizeInput } from "../../../core/normalize";
import type { ApplyItem, OnlineItem } from "../../../core/online-item";
import { contentSecurityPolicy } from "../../../core/security-headers";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { type Keys, decrypt, encrypt, queryCodeFor } from "../lib/crypto";
import { type ShownError, builtPage, escapeHtml, fillForm, notFoundPage, privateHtml, showing, withTexts } from "../lib/pages";
import type { CaseView } from "../services/citizen-cases";
import type { ComplaintView } from "../services/complaints";

type C = Context<AppEnv>;

/**
 * The citizen's pages filled by the Worker: the apply form shown again with errors, the receipt after a
 * plain form post, and /track/ with a case, its 补正 form, a notice or errors.
 */

/** The cookie that carries a fresh receipt from the 303 to the receipt page (never the URL). */
const RECEIPT_COOKIE = "bm_receipt";

/** The 303 after a plain form post: to the receipt page, with the receipt sealed in a short-lived cookie. */
export async function receiptRedirect(
	c: C,
	keys: Keys,
	item: OnlineItem,
	receipt: { trackingNo: string; centre: string; submittedAt: string },
) {
	const cookie = await encrypt(keys.cipher, JSON.stringify({ t: receipt.trackingNo, c: receipt.centre, s: receipt.submittedAt }));
	const secure = new URL(c.req.url).protocol === "https:" ? "; Secure" : "";
	return new Response(null, {
		status: 303,
		headers: {
			Location: `/items/${item.code}/apply/receipt/`,
			"Set-Cookie": `${RECEIPT_COOKIE}=${cookie}; Path=/items/${item.code}/apply/receipt/; Max-Age=1800; HttpOnly; SameSite=Strict${secure}`,
		},
	});
}

/** The receipt page: the sealed receipt when the cookie opens, otherwise how to look the case up. */
export async function showReceipt(c: C, page: Response, keys: Keys | undefined, centres: Map<string, string>) {
	const sealed = getCookie(c, RECEIPT_COOKIE);
	const opened = keys && sealed ? await decrypt(keys.cipher, sealed) : undefined;
	const saved = opened ? (JSON.parse(opened) as { t: string; c: string; s: string }) : undefined;
	const centre = saved ? centres.get(saved.c) : undefined;
	const r = new HTMLRewriter();
	if (saved && keys && centre) {
		showing(r, ["receipt-ok"]);
		withTexts(r, {
			"receipt-tracking-no": saved.t,
			"receipt-query-code": await queryCodeFor(keys, saved.t),
			"receipt-centre": centre,
			"receipt-submitted-at": chinaDateTime(new Date(saved.s)),
		});
	} else showing(r, ["receipt-missing"]);
	return privateHtml(r.transform(page).body, 200);
}

/**
 * The apply page with the values as sent (the chosen township, or a whole form) and the errors, its village
 * choices those of the chosen township (when the item is offered there); a page that does not exist → the 404 page.
 */
export async function showApplyForm(c: C, item: ApplyItem | undefined, status: number, errors: ShownError[], values: [string, string][]) {
	const page = item && (await builtPage(c.env.ASSETS, new URL(c.req.url).origin, `/items/${item.code}/apply/`));
	if (!page) return notFoundPage(c, status);
	const policy: Record<string, string> = c.env.TURNSTILE_SECRET ? { "Content-Security-Policy": contentSecurityPolicy(true) } : {};
	const chosen = normalizeInput(values.find(([k]) => k === "centre")?.[1] ?? "");
	const villages = item.centres.find((x) => x.slug === chosen)?.stations?.map((v) => ({ value: v.slug, text: v.name }));
	return privateHtml(fillForm(new HTMLRewriter(), { errors, values, villages }).transform(page).body, status, policy);
}

export interface TrackState {
	view?: CaseView;
	/** A complaint (投诉建议) found instead of a case. */
	complaint?: ComplaintView;
	/** Put back into the 补正 form (a hidden field in the body, never the URL). */
	queryCode?: string;
	errors?: (ShownError | FieldError)[];
	values?: [string, string][];
	notice?: string;
}

/** /track/ as built, with the result, the 补正 form, a notice or errors filled in. */
export async function showTrack(c: C, status: number, s: TrackState) {
	const page = await builtPage(c.env.ASSETS, new URL(c.req.url).origin, "/track/");
	if (!page) throw new Error("the build has no /track/ page");
	const errors: ShownError[] = (s.errors ?? []).map((e) => ("message" in e ? e : { field: e.field, message: errorMessage(e) }));
	const found = s.view ?? s.complaint;
	const values = s.values ?? (found ? [["trackingNo", found.trackingNo] as [string, string]] : []);
	// The 补正 form's choices: one checkbox per material the centre asked for.
	const correction = s.view?.correction && s.queryCode ? s.view.correction : undefined;
	const supplied = correction?.items.map((i) => ({ value: i.id, text: `${i.name}：${i.reason}` }));
	const r = fillForm(new HTMLRewriter(), { errors, values, choices: supplied ? { [inputId("supplied")]: supplied } : {} });
	if (s.notice) showing(withTexts(r, { "track-notice": s.notice }), ["track-notice"]);
	if (s.view) withCase(r, s.view, s.queryCode);
	if (s.complaint) withComplaint(r, s.complaint, s.queryCode);
	return privateHtml(r.transform(page).body, status);
}

function withCase(r: HTMLRewriter, v: CaseView, queryCode: string | undefined) {
	showing(r, ["track-result"]);
	withTexts(r, {
		"track-tracking-no": v.trackingNo,
		"track-item": v.item.name,
		"track-centre": v.centre.name,
		"track-name": v.applicant.name,
		"track-status": v.statusLabel,
		"track-next": v.next,
	});
	const rows = v.timeline
		.map(
			(e) =>
				`<li><time datetime="${escapeHtml(e.at)}">${escapeHtml(chinaDateTime(new Date(e.at)))}</time> ${escapeHtml(e.statusLabel)}${e.note ? `：${escapeHtml(e.note)}` : ""}</li>`,
		)
		.join("");
	r.on("#track-timeline", { element: (el) => void el.setInnerContent(rows, { html: true }) });
	withRatings(r, v, queryCode);
	if (!v.correction || !queryCode) return;
	showing(r, ["track-correction"]);
	withTexts(r, { "track-correction-due": t("case.next.correction", { date: v.correction.respondBy, centre: v.centre.name }) });
	r.on("#correction-tracking-no", { element: (el) => void el.setAttribute("value", v.trackingNo) });
	r.on("#correction-query-code", { element: (el) => void el.setAttribute("value", queryCode) });
}

/** The ratings given and the centre's replies; the 好差评 form while the applicant may rate (once more after a reply). */
function withRatings(r: HTMLRewriter, v: CaseView, queryCode: string | undefined) {
	const { given, next } = v.ratings;
	if (given.length > 0) {
		showing(r, ["track-ratings"]);
		const html = given
			.map((g) => {
				const key = g.isDefault ? "rating.given.default" : g.assessNumber === 1 ? "rating.given.first" : "rating.given.second";
				const line = t(key, { on: g.on, level: g.level });
				const reply = g.reply ? t("rating.reply", { on: g.repliedOn ?? "", reply: g.reply }) : null;
				const waiting = !g.reply && (g.level === "不满意" || g.level === "非常不满意") && g.assessNumber === 1;
				const after = reply ?? (waiting ? t("rating.waiting") : null);
				return `<li>${escapeHtml(line)}${after ? `<br>${escapeHtml(after)}` : ""}</li>`;
			})
			.join("");
		r.on("#track-ratings-list", { element: (el) => void el.setInnerContent(html, { html: true }) });
	}
	if (next === null || !queryCode) return;
	showing(r, ["track-rating"]);
	if (next === 2) withTexts(r, { "track-rating-intro": t("rating.intro.second") });
	r.on("#rating-tracking-no", { element: (el) => void el.setAttribute("value", v.trackingNo) });
	r.on("#rating-query-code", { element: (el) => void el.setAttribute("value", queryCode) });
}

/** A complaint on /track/: what it is, where it stands, the answer, and the form to rate the answer. */
function withComplaint(r: HTMLRewriter, v: ComplaintView, queryCode: string | undefined) {
	showing(r, ["track-complaint"]);
	withTexts(r, {
		"complaint-tracking-no": v.trackingNo,
		"complaint-type": v.asPetition ? `${v.type}（${t("complaint.asPetition.short")}）` : v.type,
		"complaint-title": v.title,
		"complaint-centre": v.centre.name,
		"complaint-status": v.statusLabel,
		"complaint-next": v.next,
	});
	if (v.answer) {
		showing(r, ["complaint-answer"]);
		withTexts(r, { "complaint-answer-text": `${v.answer.on}（${v.answer.verdict ?? ""}）：${v.answer.reply}` });
	}
	const rows = v.timeline
		.map((e) => `<li><time datetime="${escapeHtml(e.at)}">${escapeHtml(chinaDateTime(new Date(e.at)))}</time> ${escapeHtml(e.note)}</li>`)
		.join("");
	r.on("#complaint-timeline", { element: (el) => void el.setInnerContent(rows, { html: true }) });
	if (!v.mayRate || !queryCode) return;
	showing(r, ["track-complaint-rating"]);
	r.on("#complaint-rating-tracking-no", { element: (el) => void el.setAttribute("value", v.trackingNo) });
	r.on("#complaint-rating-query-code", { element: (el) => void el.setAttribute("value", queryCode) });
}
