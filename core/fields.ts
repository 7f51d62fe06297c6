import { z } from "zod";

/** Field builders shared by the content schemas, each with a Chinese message that names the field. */

/** A required piece of text; `what` names it in the message, e.g. 材料名称. */
export const requiredText = (what: string) =>
	z
		.string({ error: `请填写${what}` })
		.trim()
		.min(1, `${what}不能为空`);

/** An ASCII slug used in addresses and references: dibao, linshi-jiuzhu. */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const slug = (what: string) => z.string({ error: `请填写${what}` }).regex(SLUG, `${what}只能用小写字母、数字和连字符`);
