import { z } from "zod";

/** 部门/窗口 (department): the window at a centre that handles a group of items. */
export const DepartmentSchema = z.strictObject({
	/** Short name used on windows and filters, e.g. 民政. */
	name: z.string().trim().min(1, "请填写部门简称 name"),
	/** Full name, e.g. 民政办. */
	fullName: z.string().trim().min(1, "请填写部门全称 fullName"),
	/** What the window handles, in one sentence. */
	description: z.string().trim().min(1, "请填写部门简介 description"),
});
export type Department = z.infer<typeof DepartmentSchema>;
