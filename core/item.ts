import { z } from "zod";
import { SLUG, requiredText as text } from "./fields";
import { FormSchema } from "./form";
import { t } from "./zh-CN";

/**
 * 服务事项 (service item): one guide (办事指南), following the elements of the national
 * 政务服务事项实施清单. Keys are English, values Chinese. A value that differs by place
 * (phone, address, window) belongs to the centre, never to the item.
 */

/** 事项类型: the statutory kinds of administrative power and public service. */
export const ITEM_TYPES = ["行政许可", "行政确认", "行政给付", "行政奖励", "行政备案", "其他行政权力", "公共服务"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Where an item is handled: 乡镇(街道)便民服务中心, 村(社区)便民服务站, or both. */
export const LEVELS = ["township", "village", "both"] as const;

/** 工作日 count on the working-day calendar; 自然日 count every day. */
export const DAY_UNITS = ["工作日", "自然日"] as const;

/** The article reference as printed in the law: 第十一条, 第三十二条第一款, 第九条第（二）项 … */
const ARTICLE = /^第[一二三四五六七八九十百零]+条(第[一二三四五六七八九十]+款)?(第[（(]?[一二三四五六七八九十]+[）)]?项)?$/;

/** 设定依据/实施依据: one article of one law, with its clause text. */
export const LegalBasisSchema = z.strictObject({
	/** The law's full official name without 《》, e.g. 中华人民共和国行政许可法 or 社会救助暂行办法. */
	law: text("法律法规全称").refine((s) => !/[《》]/.test(s), "法律法规名称不要带书名号《》，页面会自动加上"),
	/** Issuing body and document number, e.g. 国务院令第649号 (optional). */
	issuer: z.string().trim().min(1).optional(),
	/** The article exactly as numbered in the law, e.g. 第十一条 or 第三十二条第一款. */
	article: z.string().trim().regex(ARTICLE, "条款写法应为「第十一条」或「第三十二条第一款」这样的中文编号"),
	/** The clause text, quoted word for word. */
	clause: text("条款原文"),
	/** true once an editor has checked the clause against the official text; false makes the build warn. */
	verified: z.boolean().default(false),
});
export type LegalBasis = z.infer<typeof LegalBasisSchema>;

/** A time limit: a number of working days (工作日) or calendar days (自然日). 0 means 即办 (done on the spot). */
export const DeadlineSchema = z.strictObject({
	days: z.number().int("天数必须是整数").min(0, "天数不能是负数").max(365, "天数不能超过365"),
	unit: z.enum(DAY_UNITS, { error: "单位只能是「工作日」或「自然日」" }),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

/**
 * Where an item's limit comes from, which decides what the guide calls it: 法律 (a national law), 法规 (a national
 * regulation, departmental rule or State Council department's binding rule), 本省规定 (a rule of the province
 * the site serves, content/deployment.yaml) — each a 法定时限 — or 地方做法 (another province's or county's rule,
 * an analogy, or the office's own figure where no law sets one): a 参考时限, never called 法定.
 */
export const DEADLINE_SOURCES = ["法律", "法规", "本省规定", "地方做法"] as const;
export type DeadlineSource = (typeof DEADLINE_SOURCES)[number];

/** Whether a limit from this source is set by law where the site serves (法定时限), not a reference. */
export const isStatutory = (source: DeadlineSource) => source !== "地方做法";

/** A citation with its article: 《…》第…条. */
const CITES_ARTICLE = /《[^》]+》(（[^）]*）)?第[一二三四五六七八九十百零〇\d]+条/;

/** 延长: how much longer the head may allow, once, and the rule that lets them. */
export const ExtensionSchema = DeadlineSchema.extend({
	/** e.g. 《中华人民共和国行政许可法》第四十二条. */
	basis: text("延长办理期限的依据"),
});
export type Extension = z.infer<typeof ExtensionSchema>;

/**
 * 行政许可法第四十二条: 二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知
 * 申请人 — the extension of every 行政许可 item whose own law sets none.
 */
export const PERMIT_EXTENSION: Extension = {
	days: 10,
	unit: "工作日",
	basis: "《中华人民共和国行政许可法》第四十二条",
};

/** 办结时限 as the law (or, where none does, a reference) sets it, with where and of what kind. */
export const LegalDeadlineSchema = DeadlineSchema.extend({
	/** The rule that sets this limit, e.g. 《最低生活保障审核确认办法》第二十二条; for 地方做法, what it was taken from and that no law sets one. */
	basis: text("办结时限的依据"),
	/** What kind of rule the basis is: it decides whether the guide may call the limit 法定时限. */
	source: z.enum(DEADLINE_SOURCES, { error: `时限来源 source 只能是：${DEADLINE_SOURCES.join("、")}` }),
	/** false until someone has checked the figure against the rule's official text; the content check warns. */
	verified: z.boolean().default(true),
	/** 延长 where the item's own rule sets one (市场主体登记管理条例第十九条: 3 working days); see extensionOf. */
	extension: ExtensionSchema.optional(),
}).refine((d) => !isStatutory(d.source) || CITES_ARTICLE.test(d.basis), {
	path: ["basis"],
	message:
		"法定时限要写明规定它的法规名称和条款，例如《中华人民共和国行政许可法》第四十二条；没有法律法规规定时限的，请把 source 写成「地方做法」，并写明参照的是哪里的规定",
});

/** What the guide calls an item's limit: 法定时限 where law sets it, else 参考时限. */
export const deadlineLabel = (source: DeadlineSource) => t(isStatutory(source) ? "item.deadlines.legal" : "item.deadlines.reference");

/**
 * 受理时限: how soon after receiving an application the office must accept it, refuse it or send the
 * one-time 补正 notice, and what silence means. Data, with its basis, because the law differs by kind of
 * item: 行政许可 under 行政许可法 (PERMIT_ACCEPTANCE), 信访 under 信访工作条例, most others none.
 */
export const AcceptanceRuleSchema = z.strictObject({
	/** Counted from the day of receipt (not counted itself), in working or calendar days as the rule says. */
	within: DeadlineSchema,
	/** Whether silence past it makes the application accepted from the day of receipt (视为受理). */
	deemed: z.boolean(),
	/** Where the rule is set, article by article. */
	basis: text("受理时限的依据"),
});
export type AcceptanceRule = z.infer<typeof AcceptanceRuleSchema>;

/**
 * Every 行政许可 item's rule: 《中华人民共和国行政许可法》第三十二条第一款第（四）项 — materials incomplete or
 * not in the statutory form are answered 当场或者在五日内 with everything to correct, 逾期不告知的，自收到申请
 * 材料之日起即为受理 — read with 第八十二条 (the law's limits are working days, 不含法定节假日).
 */
export const PERMIT_ACCEPTANCE: AcceptanceRule = {
	within: { days: 5, unit: "工作日" },
	deemed: true,
	basis: "《中华人民共和国行政许可法》第三十二条第一款第（四）项、第八十二条",
};

/** An item's acceptance rule: its own, else 行政许可法's for a 行政许可 item, else none (no law sets one). */
export function acceptanceRuleOf(item: { type: ItemType; acceptance?: AcceptanceRule | undefined }): AcceptanceRule | undefined {
	return item.acceptance ?? (item.type === "行政许可" ? PERMIT_ACCEPTANCE : undefined);
}

/** An item's extension: its own rule's, else 行政许可法第四十二条's for a 行政许可 item, else none. */
export function extensionOf(item: { type: ItemType; legalDeadline: { extension?: Extension | undefined } }): Extension | undefined {
	return item.legalDeadline.extension ?? (item.type === "行政许可" ? PERMIT_EXTENSION : undefined);
}

/**
 * 行政许可法第四十五条: 依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在本节规定的
 * 期限内 — the procedures every 行政许可 item may pause its clock for.
 */
export const PERMIT_PROCEDURES = ["听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审"] as const;
const PERMIT_PROCEDURES_BASIS = "《中华人民共和国行政许可法》第四十五条";

/** A reason a case's clock may stop (挂起): a procedure whose time the law leaves out, and that law. */
export interface SuspensionReason {
	name: string;
	basis: string;
}

/**
 * The reasons an item's cases may be suspended for: 行政许可法第四十五条's procedures for a 行政许可 item, and
 * the item's own special procedures (a 公示 its law names). An item whose limit already includes its 公示
 * (低保: 审核确认办法第二十二条) lists none, so it cannot be suspended for it.
 */
export function suspensionReasonsOf(item: {
	type: ItemType;
	specialProcedures: { name: string; description: string; basis?: string | undefined }[];
}): SuspensionReason[] {
	const own = item.specialProcedures.map((p) => ({ name: p.name, basis: p.basis ?? p.description }));
	const permit = item.type === "行政许可" ? PERMIT_PROCEDURES.map((name) => ({ name, basis: PERMIT_PROCEDURES_BASIS })) : [];
	return [...permit, ...own.filter((p) => !permit.some((x) => x.name === p.name))];
}

/** 申请材料: one thing the applicant brings or uploads. */
export const MaterialSchema = z.strictObject({
	/** 材料名称. */
	name: text("材料名称"),
	/** 原件 / 复印件 / 原件和复印件. */
	form: z.enum(["原件", "复印件", "原件和复印件"], { error: "材料形式只能是「原件」「复印件」或「原件和复印件」" }),
	/** 纸质 / 电子 / 纸质或电子. */
	medium: z.enum(["纸质", "电子", "纸质或电子"], { error: "材料载体只能是「纸质」「电子」或「纸质或电子」" }).default("纸质"),
	/** 份数. */
	copies: z.number().int().min(1, "份数至少为1").max(20).default(1),
	/** 必须 / 可选 / 容缺 (may be handed in after acceptance). */
	requirement: z.enum(["必须", "可选", "容缺"], { error: "是否必须只能是「必须」「可选」或「容缺」" }).default("必须"),
	/** 来源渠道: who issues it or where to get it. */
	source: text("材料的来源渠道（在哪里开具或领取）"),
	/** Notes for the applicant (规格, 有效期, 什么情况下需要). */
	note: z.string().trim().min(1).optional(),
});
export type Material = z.infer<typeof MaterialSchema>;

/** 办理流程: one step of the procedure, shown in the 流程图. */
export const StepSchema = z.strictObject({
	/** Short name of the step, e.g. 申请, 受理, 审核, 公示, 确认, 办结. */
	name: text("流程步骤名称"),
	/** Who does what in this step. */
	description: text("流程步骤说明"),
});

/** 收费: one fee, with the rule that allows it. No basis, no fee. */
export const FeeSchema = z.strictObject({
	name: text("收费项目名称"),
	/** e.g. 每证10元. */
	amount: text("收费标准"),
	basis: text("收费依据"),
});

/** 常见问题. */
export const FaqSchema = z.strictObject({
	q: text("问题"),
	a: text("回答"),
});

export const ItemSchema = z
	.strictObject({
		/** Stable ASCII code used in addresses (/items/<code>/); printed QR codes depend on it, so never change it. */
		code: z.string({ error: "请填写事项编码 code" }).regex(SLUG, "事项编码只能用小写字母、数字和连字符，例如 dibao"),
		/** 事项名称, as in the official catalogue. */
		name: text("事项名称"),
		/** 事项类型. */
		type: z.enum(ITEM_TYPES, { error: `事项类型只能是：${ITEM_TYPES.join("、")}` }),
		/** 实施部门/窗口: the slug of a file in content/departments/. */
		department: z
			.string({ error: "请填写实施部门 department" })
			.regex(/^[a-z0-9-]+$/, "部门请填 content/departments/ 里的文件名，例如 minzheng"),
		/** 办理层级. */
		level: z.enum(LEVELS, { error: "办理层级只能是 township、village 或 both" }),
		/** One-sentence summary shown in lists and search results. */
		summary: text("一句话简介"),
		/** 设定依据. */
		legalBasis: z.array(LegalBasisSchema).min(1, "至少要有一条办理依据"),
		/** 受理条件. */
		conditions: z.array(text("受理条件")).min(1, "至少要写一条受理条件"),
		/** 数量限制 (e.g. 一户只能拥有一处宅基地), if any. */
		quantityLimit: z.string().trim().min(1).optional(),
		/** 申请材料. */
		materials: z.array(MaterialSchema).min(1, "至少要列一项申请材料"),
		/** 办理流程. */
		steps: z.array(StepSchema).min(2, "办理流程至少要有两个步骤"),
		/** 特别程序 whose time does not count towards the deadline (公示, 调查, 专家评审 …). */
		specialProcedures: z
			.array(
				z.strictObject({
					name: text("特别程序名称"),
					limit: text("特别程序时限"),
					description: text("特别程序说明"),
					/** The rule that leaves its time out of the limit; the case page offers it as a reason to 暂停计时. */
					basis: z.string().trim().min(1).optional(),
				}),
			)
			.default([]),
		/** 法定办结时限. */
		legalDeadline: LegalDeadlineSchema,
		/** 受理时限 where a rule other than 行政许可法's sets one (信访: 信访工作条例第二十三条); see acceptanceRuleOf. */
		acceptance: AcceptanceRuleSchema.optional(),
		/** 承诺办结时限; 0 days makes it a 即办件. Never longer than the legal one. */
		promisedDeadline: DeadlineSchema,
		/** 到办事现场次数 (跑动次数). */
		visits: z.union([z.literal(0), z.literal(1), z.literal(2)], { error: "跑动次数只能是 0、1 或 2" }),
		/** Whether it can be applied for online. */
		online: z.boolean().default(false),
		/** 代办: whether a village agent may apply on the villager's behalf, and what the 委托 needs. */
		agent: z
			.strictObject({
				allowed: z.boolean(),
				authorization: z.string().trim().min(1).optional(),
			})
			.refine((a) => !a.allowed || a.authorization, { message: "可以代办时，请写明委托需要什么（authorization）", path: ["authorization"] })
			.default({ allowed: false }),
		/** 收费; an empty list means 不收费. */
		fees: z.array(FeeSchema).default([]),
		/** 办理结果. */
		result: z.strictObject({
			/** 结果名称, e.g. 最低生活保障金领取证 or 审核确认结果. */
			name: text("办理结果名称"),
			/** 结果类型. */
			type: z.enum(["证照", "批文", "证明", "其他"], { error: "结果类型只能是「证照」「批文」「证明」或「其他」" }),
		}),
		/** 常见问题. */
		faq: z.array(FaqSchema).min(2, "至少要写两条常见问题"),
		/** Words citizens type to find it (search keywords). */
		keywords: z.array(text("关键词")).default([]),
		/** 俗称: what people call it, e.g. 低保 or 吃低保. */
		aliases: z.array(text("俗称")).default([]),
		/** Shown among 大家常办的事 on the home page. */
		popular: z.boolean().default(false),
		/** 复核日期: when an editor must check the guide again; a date in the past makes the build warn. */
		reviewBy: z.coerce.date({ error: "复核日期 reviewBy 请写成 2027-06-30 这样的日期" }),
		/** 最后核对日期: the day an editor last checked the whole guide against the rules; the guide page shows it. */
		reviewed: z.coerce.date({ error: "最后核对日期 reviewed 请写成 2026-11-30 这样的日期" }).optional(),
		/** 网上申请表: the online form, for items that take applications online (/items/<code>/apply/). */
		form: FormSchema.optional(),
	})
	.superRefine((item, ctx) => {
		if (item.form && !item.online) {
			ctx.addIssue({ code: "custom", path: ["form"], message: "有网上申请表的事项要把 online 设为 true" });
		}
		if (exceedsLegal(item.promisedDeadline, item.legalDeadline)) {
			ctx.addIssue({
				code: "custom",
				path: ["promisedDeadline"],
				message: `承诺时限（${item.promisedDeadline.days}个${item.promisedDeadline.unit}）不能长于${deadlineLabel(item.legalDeadline.source)}（${item.legalDeadline.days}个${item.legalDeadline.unit}），请缩短承诺时限`,
			});
		}
	});
export type Item = z.infer<typeof ItemSchema>;

/**
 * Whether a promised limit is longer than the legal one. Across units we compare the longest
 * calendar span a working-day count can take without holidays (5 working days in 7 days).
 */
export function exceedsLegal(promised: Deadline, legal: Deadline): boolean {
	const asCalendarDays = (d: Deadline) => (d.unit === "自然日" ? d.days : Math.ceil((d.days * 7) / 5));
	if (promised.unit === legal.unit) return promised.days > legal.days;
	return asCalendarDays(promised) > asCalendarDays(legal);
}

/** 即办件 (done on the spot) when the promise is 0 days, else 承诺件. */
export function itemKind(item: Pick<Item, "promisedDeadline">): "即办件" | "承诺件" {
	return item.promisedDeadline.days === 0 ? "即办件" : "承诺件";
}

/** Warnings that do not stop the build: unverified citations and guides past their review date. */
export function itemWarnings(item: Item, today: Date): string[] {
	const warnings: string[] = [];
	item.legalBasis.forEach((basis, i) => {
		if (!basis.verified) {
			warnings.push(`legalBasis → 第${i + 1}项：《${basis.law}》${basis.article} 尚未核对原文，请对照官方文本核对后把 verified 改为 true`);
		}
	});
	if (!item.legalDeadline.verified) {
		warnings.push(
			`legalDeadline：${item.legalDeadline.days}个${item.legalDeadline.unit}（${item.legalDeadline.basis}）尚未核对原文，核对后把 verified 改为 true`,
		);
	}
	if (item.reviewBy.getTime() < today.getTime()) {
		warnings.push(`reviewBy：复核日期 ${item.reviewBy.toISOString().slice(0, 10)} 已过，请复核本指南并更新日期`);
	}
	return warnings;
}
