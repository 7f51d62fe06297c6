import { z } from "zod";
import { FormSchema } from "./form";
import { AcceptanceRuleSchema, DeadlineSchema, ExtensionSchema, ITEM_TYPES, LegalDeadlineSchema } from "./item";

/**
 * 网上办理事项: what the apply page and the Worker know about one item that takes online applications.
 * The build writes the list to dist/items/forms.json; the Worker parses it with this schema before it
 * trusts it (a stale or hand-edited file fails loudly instead of checking applications wrongly).
 */
export const OnlineItemSchema = z.strictObject({
	code: z.string().min(1),
	name: z.string().min(1),
	/** 事项类型, for the 事项类型代码 of a 电子监察 record (core/open-data.ts TASK_TYPE_OF). */
	type: z.enum(ITEM_TYPES).optional(),
	form: FormSchema,
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
	/** The centres offering it, each with the window that handles it and the village stations of its township. */
	centres: z.array(
		z.strictObject({
			slug: z.string().min(1),
			name: z.string().min(1),
			/** The department slug of the window that handles the item there. */
			window: z.string().min(1),
			stations: z.array(z.strictObject({ slug: z.string().min(1), name: z.string().min(1) })),
		}),
	),
});
export type OnlineItem = z.infer<typeof OnlineItemSchema>;
export const OnlineItemsSchema = z.array(OnlineItemSchema);
