import { acceptanceRuleOf, extensionOf, suspensionReasonsOf } from "../../core/item";
import type { ItemFacts, OnlineItem } from "../../core/online-item";
import { loadCatalogue } from "./content";

/**
 * Every item that takes online applications, as the apply page and the Worker both read it: the
 * form, and the centres offering the item (their villages are per township, in /centres/<slug>/data.json).
 */
export async function onlineItems(): Promise<OnlineItem[]> {
	const { items, centresOffering } = await loadCatalogue();
	return items
		.filter((item) => item.form)
		.map((item) => ({
			code: item.code,
			name: item.name,
			type: item.type,
			form: item.form!,
			acceptance: acceptanceRuleOf(item),
			legalDeadline: item.legalDeadline,
			extension: extensionOf(item),
			suspension: suspensionReasonsOf(item),
			promisedDeadline: item.promisedDeadline,
			materials: item.materials.map((m) => m.name),
			agentAllowed: item.agent.allowed,
			centres: centresOffering(item.code).map((c) => ({
				slug: c.slug,
				name: c.name,
				window: c.items.find((o) => o.code === item.code)?.window ?? item.department,
			})),
		}));
}

/** The facts of every online item without its form and centres (/items/facts.json, for the back office). */
export async function itemFacts(): Promise<ItemFacts[]> {
	return (await onlineItems()).map(({ form: _form, centres: _centres, ...facts }) => facts);
}
