import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { applicationFromForm } from "../../../core/application";
import { EVENT_OF } from "../../../core/case";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { setAbsence } from "../db/staff";
import { hasPersonalDataInUrl, isSameOrigin } from "../lib/guards";
import { notFoundPage } from "../lib/pages";
import { formEntriesOr } from "../lib/request-body";
import { mandateFromForm, pageErrorOf, showAgentForm, showAgentItems } from "../pages/agent-apply";
import { DONE_KINDS, type FormAction, showCase, withReasonChecked } from "../pages/staff-case";
import { kindLabel, me } from "../pages/staff-common";
import { showList } from "../pages/staff-list";
import { applyForVillager, paperForwarded } from "../services/agent";
import { depsOf } from "../services/deps";
import { enteredBy, followUpCase, followUpSettings, rateCase, ratingFromForm } from "../services/ratings";
import { commandFromForm, editOverdueReason, performAction, revealId, visibleCase } from "../services/staff-cases";
import { onlineItem } from "../lib/item-data";

/**
 * The back office's pages: the shells Astro built (/staff/, /staff/case/, /staff/apply/…) filled for the
 * signed-in staff member (pages/), and the plain-form posts behind them, which call the same services as
 * the JSON API: one rule set. The staff guard runs before (index.ts), which also marks /staff/ no-store.
 */
export const staffPages = new Hono<AppEnv>();

staffPages.use(
	"/staff/*",
	createMiddleware<AppEnv>(async (c, next) => {
		if (c.req.method !== "GET" && c.req.method !== "HEAD" && !isSameOrigin(c.req.raw))
			return showList(c, await depsOf(c), 403, { errors: [{ message: t("api.crossSite") }] });
		if (hasPersonalDataInUrl(new URL(c.req.url)))
			return showList(c, await depsOf(c), 400, { errors: [{ message: t("api.personalDataInUrl") }], query: {} });
		await next();
	}),
);

staffPages.get("/staff/", async (c) => showList(c, await depsOf(c), 200));

/** The filter form posts: a phone or ID number searched for must not end up in an address. */
staffPages.post("/staff/", async (c) => {
	const entries = await formEntriesOr(c.req.raw);
	const query = Object.fromEntries((Array.isArray(entries) ? entries : []).filter(([k]) => ["status", "item", "window", "q"].includes(k)));
	return showList(c, await depsOf(c), 200, { query });
});

// The case shell alone is no page: a case is always /staff/cases/<办件编号>/.
staffPages.get("/staff/case/", (c) => notFoundPage(c));

/** AB岗 as a plain form: an A post marks itself away or back (the rule of POST /api/staff/absence, for oneself). */
staffPages.post("/staff/absence/", async (c) => {
	const staff = me(c);
	const entries = await formEntriesOr(c.req.raw);
	const absent = Array.isArray(entries) ? entries.find(([k]) => k === "absent")?.[1] : undefined;
	if (absent !== "true" && absent !== "false")
		return showList(c, await depsOf(c), 422, { errors: [{ message: t("staff.absence.invalid") }] });
	if (staff.post !== "A") return showList(c, await depsOf(c), 403, { errors: [{ message: t("staff.absence.forbidden") }] });
	await setAbsence(c.env.DB, staff.id, staff.id, absent === "true", new Date().toISOString());
	return c.redirect("/staff/", 303);
});

staffPages.get("/staff/cases/:trackingNo/", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const done = c.req.query("done");
	const notice = done && DONE_KINDS.has(done) ? t("staff.done", { what: kindLabel(done) }) : undefined;
	return showCase(c, deps, found, 200, { notice });
});

staffPages.post("/staff/cases/:trackingNo/actions/", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const entries = await formEntriesOr(c.req.raw);
	if (!Array.isArray(entries)) return showCase(c, deps, found, entries, { errors: [{ message: t("staff.form.contentType") }] });
	const action = entries.find(([k]) => k === "action")?.[1] ?? "";
	const outcome = await performAction(deps, me(c), found, commandFromForm(entries));
	if (outcome.ok) return c.redirect(`/staff/cases/${found.trackingNo}/?done=${EVENT_OF[action as FormAction] ?? ""}`, 303);
	// Shown again as it is now (another clerk may have moved it on), with what this clerk typed.
	const now = (await visibleCase(deps, me(c), found.trackingNo)) ?? found;
	return showCase(c, deps, now, outcome.status, {
		apiErrors: withReasonChecked(outcome.errors, action, entries),
		failed: { action, entries },
	});
});

/** The full ID number, once, as its own audited action (the rule of POST /api/staff/cases/:no/reveal-id). */
staffPages.post("/staff/cases/:trackingNo/reveal-id/", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const shown = await revealId(deps, me(c), found);
	if (!shown.ok) return showCase(c, deps, found, shown.status, { errors: shown.errors });
	return showCase(c, deps, found, 200, { revealed: shown.idNumber, notice: t("staff.case.revealed") });
});

/** 好差评 typed in for the applicant (the rule of POST /api/staff/cases/:no/rating): at the window, or a station's paper card. */
staffPages.post("/staff/cases/:trackingNo/rating/", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const entries = await formEntriesOr(c.req.raw);
	if (!Array.isArray(entries)) return showCase(c, deps, found, entries, { errors: [{ message: t("staff.form.contentType") }] });
	const { keys } = deps;
	if (!keys) return showCase(c, deps, found, 503, { errors: [{ message: t("api.notConfigured") }] });
	const rated = await rateCase({ ...deps, keys }, found, ratingFromForm(entries), enteredBy(me(c), followUpSettings(c.env)));
	if (rated.ok) return c.redirect(`/staff/cases/${found.trackingNo}/?done=rated`, 303);
	return showCase(c, deps, found, rated.status, { apiErrors: rated.errors, failed: { action: "rate", entries } });
});

/** A 差评's follow-up step as a plain form (the rule of POST /api/staff/cases/:no/follow-up). */
staffPages.post("/staff/cases/:trackingNo/follow-up/", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const entries = await formEntriesOr(c.req.raw);
	if (!Array.isArray(entries)) return showCase(c, deps, found, entries, { errors: [{ message: t("staff.form.contentType") }] });
	const { keys } = deps;
	if (!keys) return showCase(c, deps, found, 503, { errors: [{ message: t("api.notConfigured") }] });
	const step = entries.find(([k]) => k === "step")?.[1] ?? "";
	const done = await followUpCase({ ...deps, keys }, me(c), found, Object.fromEntries(entries));
	if (done.ok) return c.redirect(`/staff/cases/${found.trackingNo}/?done=${step === "contact" ? "rating_contact" : "rating_replied"}`, 303);
	return showCase(c, deps, found, done.status, {
		apiErrors: done.errors,
		failed: { action: step === "contact" ? "contact" : "resolve", entries },
	});
});

/** The head corrects the published 超期原因 (the rule of POST /api/staff/cases/:no/overdue-reason). */
staffPages.post("/staff/cases/:trackingNo/overdue-reason/", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const entries = await formEntriesOr(c.req.raw);
	if (!Array.isArray(entries)) return showCase(c, deps, found, entries, { errors: [{ message: t("staff.form.contentType") }] });
	const saved = await editOverdueReason(deps, me(c), found, Object.fromEntries(entries));
	if (saved.ok) return c.redirect(`/staff/cases/${found.trackingNo}/?done=overdue_reason`, 303);
	return showCase(c, deps, found, saved.status, { apiErrors: saved.errors, failed: { action: "overdue", entries } });
});

/** 全程代办: the agent says the paper forms reached the centre (the rule of POST /api/staff/cases/:no/paper-forwarded). */
staffPages.post("/staff/cases/:trackingNo/paper-forwarded/", async (c) => {
	const agent = me(c);
	const deps = await depsOf(c);
	const found = await visibleCase(deps, agent, c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	if (agent.role !== "agent") return showCase(c, deps, found, 403, { errors: [{ message: t("staff.paper.forbidden") }] });
	await paperForwarded(deps, agent, found);
	return c.redirect(`/staff/cases/${found.trackingNo}/?done=paper_forwarded`, 303);
});

/** The items a village agent may apply for on a villager's behalf, as far as the agent's centre offers them. */
staffPages.get("/staff/apply/", async (c) => showAgentItems(c, await depsOf(c)));

/** An item's 代为申请 form: the agent's centre and village selected, and a fresh key against a double submit. */
staffPages.get("/staff/apply/:code/", async (c) => {
	const staff = me(c);
	const values: [string, string][] = [["idempotencyKey", crypto.randomUUID()]];
	if (staff.centre) values.push(["centre", staff.centre]);
	if (staff.station) values.push(["applicant.village", staff.station]);
	return showAgentForm(c, await depsOf(c), c.req.param("code"), 200, { values });
});

/**
 * 代为申请 as a plain form (the rule of POST /api/staff/applications): the receipt in the form's place
 * (201), or the form again with every problem and every value as sent.
 */
staffPages.post("/staff/apply/:code/", async (c) => {
	const staff = me(c);
	const code = c.req.param("code");
	const deps = await depsOf(c);
	if (!deps.data.items.get(code)?.agentAllowed) return notFoundPage(c);
	if (staff.role !== "agent") return showAgentForm(c, deps, code, 403, {});
	const entries = await formEntriesOr(c.req.raw);
	if (!Array.isArray(entries)) return showAgentForm(c, deps, code, entries, { errors: [{ message: t("staff.form.contentType") }] });
	// The item is the page's, whatever the form says.
	const values = entries.filter(([k]) => k !== "item");
	const key = values.find(([k]) => k === "idempotencyKey")?.[1];
	const fields = values.filter(([k]) => k !== "idempotencyKey" && !k.startsWith("mandate."));
	const online = await onlineItem(deps.assets, code);
	const application = applicationFromForm([["item", code], ...fields], (x) => (x === code ? online : undefined));
	const result = await applyForVillager(deps, staff, application, mandateFromForm(values), { from: "form", key });
	if (!result.ok) return showAgentForm(c, deps, code, result.status, { errors: result.errors.map(pageErrorOf), values });
	return showAgentForm(c, deps, code, 201, { receipt: result });
});
