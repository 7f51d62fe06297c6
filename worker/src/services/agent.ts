import { checkApplication } from "../../../core/application";
import { type Mandate, checkMandate } from "../../../core/mandate";
import type { Staff } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import { markPaperForwarded } from "../db/case-writes";
import type { StaffCase } from "../db/cases";
import { hmacHex, queryCodeFor } from "../lib/crypto";
import { type ApiError, apiErrorOf, fieldErrorsOf } from "../lib/errors";
import { applyItemFor } from "../lib/item-data";
import { createCase, scopedIdempotencyKey } from "./case-create";
import type { Deps } from "./deps";

/** Where the Idempotency-Key came from (see scopedIdempotencyKey). */
export type AgentIdempotencyKey = { from: "header"; key: string } | { from: "form"; key: string | undefined };

export type AgentApplyResult =
	| {
			ok: true;
			/** False when the key had already made this case: the same case again. */
			created: boolean;
			trackingNo: string;
			queryCode: string;
			submittedAt: string;
			centre: { slug: string; name: string };
			/** For the receipt the agent hands over: whose application, on what 委托. */
			applicantName: string;
			mandate: Mandate;
	  }
	/** Errors with the API's field paths: application.applicant.village, mandate.basis. */
	| { ok: false; status: 403 | 422 | 503; errors: ApiError[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * 全程代办, the one rule set of the JSON API and the agent's form page: a village agent applies for a
 * villager of their own station, for an item an agent may do, with the 委托 recorded (who: the agent;
 * when: the 委托's date and the moment it was recorded; on what authority: its basis). The case is
 * stored with the agent's id and the 委托 encrypted.
 */
export async function applyForVillager(
	deps: Deps,
	agent: Staff,
	rawApplication: unknown,
	rawMandate: unknown,
	idempotencyKey: AgentIdempotencyKey,
): Promise<AgentApplyResult> {
	if (agent.role !== "agent")
		return { ok: false, status: 403, errors: [apiErrorOf("forbidden", { words: "staff.apply.error.forbidden" })] };
	const raw = isRecord(rawApplication) ? rawApplication : {};
	const applyItem = await applyItemFor(deps.assets, raw.item, raw.centre);
	const find = (code: string) => (code === applyItem?.code ? applyItem : undefined);
	const checked = checkApplication(rawApplication, find, deps.today);
	const mandate = checkMandate(rawMandate, deps.today);
	const errors: ApiError[] = checked.ok ? [] : fieldErrorsOf(checked.errors, applyItem, "application.");
	if (!mandate.ok) errors.push(...mandate.errors);
	if (checked.ok) errors.push(...scopeErrors(agent, checked.value.item, checked.value.centre, checked.value.applicant.village, deps));
	if (errors.length > 0 || !checked.ok || !mandate.ok) return { ok: false, status: 422, errors };

	const { keys } = deps;
	if (!keys) return { ok: false, status: 503, errors: [apiErrorOf("not_configured")] };
	const application = checked.value;
	const centre = applyItem!.centres.find((x) => x.slug === application.centre)!;
	const fingerprint = await hmacHex(keys.fingerprint, JSON.stringify({ application, mandate: mandate.value, agent: agent.id }));
	const scoped = await scopedIdempotencyKey(keys, idempotencyKey, fingerprint, deps.today, "page-");
	const made = await createCase(deps.db, keys, {
		application,
		idempotencyKey: `agent-${agent.id}-${scoped}`,
		fingerprint,
		now: deps.now,
		centre: { slug: centre.slug, name: centre.name, window: centre.window },
		agent: { id: agent.id, mandate: { ...mandate.value, agent: agent.name, recordedAt: deps.now.toISOString() } },
	});
	if (made === "key_reused") return { ok: false, status: 422, errors: [apiErrorOf("idempotency_key_reused")] };
	return {
		ok: true,
		created: made.created,
		trackingNo: made.trackingNo,
		queryCode: await queryCodeFor(keys, made.trackingNo),
		submittedAt: made.submittedAt,
		centre: { slug: centre.slug, name: centre.name },
		applicantName: application.applicant.name,
		mandate: mandate.value,
	};
}

/** An agent applies only at their own centre, for their own village, for an item an agent may do. */
function scopeErrors(agent: Staff, itemCode: string, centre: string, village: string, deps: Deps): ApiError[] {
	const item = deps.data.items.get(itemCode);
	const errors: ApiError[] = [];
	if (centre !== agent.centre) {
		const name = (agent.centre ? deps.data.centres.get(agent.centre) : undefined) ?? t("apply.label.centre");
		errors.push(apiErrorOf("agent.scope", { field: "application.centre", words: "staff.apply.error.centre", values: { centre: name } }));
	}
	if (centre !== agent.centre || village !== agent.station)
		errors.push(apiErrorOf("agent.scope", { field: "application.applicant.village" }));
	if (!item?.agentAllowed) errors.push(apiErrorOf("agent.not_allowed", { field: "application.item" }));
	return errors;
}

/** 全程代办: the agent says the paper forms reached the centre; once, and when it was recorded. */
export async function paperForwarded(deps: Deps, agent: Staff, found: StaffCase): Promise<string | null> {
	return found.paperForwardedAt ?? (await markPaperForwarded(deps.db, agent.id, found, deps.now.toISOString()));
}
