import { z } from "zod";
import { slug } from "./fields";

/** 一件事 (life event): an ordered bundle of items a citizen needs for one thing in life. */
export const LifeEventSchema = z.strictObject({
	/** e.g. 新生儿出生一件事. */
	name: z.string().trim().min(1, "请填写一件事的名称"),
	summary: z.string().trim().min(1, "请填写一句话简介"),
	/** The items in the order they are done, each with why it is needed here. */
	steps: z
		.array(
			z.strictObject({
				code: slug("事项编码"),
				note: z.string().trim().min(1, "请写明这一步为什么要办、什么时候办"),
			}),
		)
		.min(2, "一件事至少包含两个事项"),
	keywords: z.array(z.string().trim().min(1)).default([]),
});
export type LifeEvent = z.infer<typeof LifeEventSchema>;
