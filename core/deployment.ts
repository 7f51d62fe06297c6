import { z } from "zod";
import { requiredText as text } from "./fields";

/**
 * Where the site serves (content/deployment/deployment.yaml): the province decides which rules are
 * 本省规定 — a guide's limit of that source must cite a rule of this province, or it is a 地方做法.
 */
export const DeploymentSchema = z.strictObject({
	/** 所在省（自治区、直辖市）, as rules name it: 浙江省. */
	province: text("本站所在的省（province）"),
	/** 所在市. */
	city: text("本站所在的市（city）"),
});
export type Deployment = z.infer<typeof DeploymentSchema>;
