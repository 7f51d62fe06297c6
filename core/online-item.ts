import { z } from "zod";
import { FormSchema } from "./form";
import { AcceptanceRuleSchema, DeadlineSchema, ExtensionSchema, ITEM_TYPES, LegalDeadlineSchema } from "./item";

/**
 * 事项要素 the back office and the 电子监察 sweep need of an item whose cases they show: name, type, the
 * clock's rules, the materials a 补正 picks from. The build writes every online item's facts to
 * dist/items/facts.json (a few hundred bytes an item, whatever the number of centres and stations).
 */
export const ItemFactsSchema = z.strictObject({
	code: z.string().min(1),
	name: z.string().min(1),
	/** 事项类型, for the 事项类型代码 of a 电子监察 record (core/open-data.ts TASK_TYPE_OF). */
	type: z.enum(ITEM_TYPES).optional(),
	/** 受理时限 (acceptanceRuleOf): how soon a case must be accepted or answered, and whether silence is 视为受理. */
	acceptance: AcceptanceRuleSchema.optional(),
	/** 法定办结时限 with its basis: the board shows it beside the promise, and 超法定时限 when it is past. */
	legalDeadline: LegalDeadlineSchema.optional(),
	/** What the clock may stop for (suspensionReasonsOf); an item without any cannot be suspended. */
	suspension: z.array(z.strictObject({ name: z.string().min(1), basis: z.string().min(1) })).optional(),
	/** 延长 the centre head may allow once (extensionOf); none where no rule provides one. */
	extension: ExtensionSchema.optional(),
	/** 承诺办结时限, for the back office's clock. */
	promisedDeadline: DeadlineSchema.optional(),
	/** The names of the 申请材料, which a 补正 notice picks from. */
	materials: z.array(z.string()).default([]),
	/** Whether a village agent may apply for the villager (全程代办). */
	agentAllowed: z.boolean().default(false),
});
export type ItemFacts = z.infer<typeof ItemFactsSchema>;
export const ItemFactsIndexSchema = z.array(ItemFactsSchema);

/**
 * 网上办理事项: what the apply page and the Worker know about one item that takes online applications:
 * its facts, its form and the centres offering it (by name, never their village stations: those come
 * per township from /centres/<slug>/data.json). The build writes one file per item,
 * dist/items/<code>/form.json; the Worker parses it with this schema before it trusts it (a stale or
 * hand-edited file fails loudly instead of checking applications wrongly).
 */
export const OnlineItemSchema = ItemFactsSchema.extend({
	form: FormSchema,
	/** The centres offering it, each with the window that handles it. */
	centres: z.array(
		z.strictObject({
			slug: z.string().min(1),
			name: z.string().min(1),
			/** The department slug of the window that handles the item there. */
			window: z.string().min(1),
		}),
	),
});
export type OnlineItem = z.infer<typeof OnlineItemSchema>;
export type OnlineCentre = OnlineItem["centres"][number];

/** A village station as a choice: its slug and the village's name. */
export interface Village {
	slug: string;
	name: string;
}

/**
 * An item as the application check needs it: the chosen centre (or any centre) carries its villages.
 * A centre without `stations` has not been loaded: its villages cannot be judged and are refused.
 */
export type ApplyItem = Omit<OnlineItem, "centres"> & { centres: (OnlineCentre & { stations?: readonly Village[] })[] };

/** The item with one township's villages put on its centre, for checking an application to that centre. */
export function withVillages(item: OnlineItem, centre: string, villages: readonly Village[] | undefined): ApplyItem {
	return { ...item, centres: item.centres.map((c) => (c.slug === centre && villages ? { ...c, stations: villages } : c)) };
}
