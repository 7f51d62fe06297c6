import { z } from "zod";
import { requiredText as text, slug } from "./fields";
import { PUBLIC_PHONE_HINT, isPublicPhone } from "./phone";

const phone = (what: string) =>
	z
		.string({ error: `请填写${what}` })
		.trim()
		.refine(isPublicPhone, `${what}格式不对：${PUBLIC_PHONE_HINT}`);

/** 逢场天 (market days): 逢二五八 means the 2nd, 5th, 8th, 12th … 28th of each month. */
export const MARKET_DAYS = /^逢[一二三四五六七八九十]{1,5}$/;

/** One window (窗口) of a centre: which department sits there and its direct phone. */
export const WindowSchema = z.strictObject({
	/** The department's slug in content/departments/. */
	department: slug("窗口对应的部门"),
	/** 窗口号, e.g. 3号窗口. */
	number: text("窗口号"),
	phone: phone("窗口电话"),
});

/** A centre's local version of one item: which window, and anything that differs here. */
export const OfferedItemSchema = z.strictObject({
	/** The item's code in content/items/. */
	code: slug("事项编码"),
	/** The department slug of the window that handles it here, when not the item's own department. */
	window: slug("办理窗口").optional(),
	/** Extra local note, e.g. 每周三上午集中受理. */
	note: text("本地说明").optional(),
});

/** 乡镇（街道）便民服务中心 (township centre). */
export const CentreSchema = z.strictObject({
	/** Full name, e.g. 青石镇便民服务中心. */
	name: text("中心名称"),
	/** The township (乡镇/街道) it serves. */
	township: text("所属乡镇"),
	address: text("中心地址"),
	/** Opening hours in plain words. */
	hours: text("办公时间"),
	/** 逢场天, e.g. 逢二五八; omitted where there is no market. */
	marketDays: z.string().trim().regex(MARKET_DAYS, "逢场天请写成「逢二五八」这样的格式").optional(),
	/** What changes on market days, e.g. 逢场天中午不休息. */
	marketDayNote: text("逢场天安排").optional(),
	/** 咨询电话. */
	phone: phone("咨询电话"),
	/** 投诉电话 (the centre's supervision line). */
	complaintPhone: phone("投诉电话"),
	windows: z.array(WindowSchema).min(1, "至少要有一个窗口"),
	items: z.array(OfferedItemSchema).min(1, "至少要办理一个事项"),
	/** Marks fictional data of the sample city. */
	sample: z.boolean().default(false),
});
export type Centre = z.infer<typeof CentreSchema>;

/** 村（社区）便民服务站 (village station), run by a village agent (代办员). */
export const StationSchema = z.strictObject({
	/** Full name, e.g. 石桥村便民服务站. */
	name: text("服务站名称"),
	/** The village or community. */
	village: text("所属村（社区）"),
	/** The slug of its township centre in content/centres/. */
	centre: slug("所属便民服务中心"),
	address: text("服务站地址"),
	hours: text("办公时间"),
	/** 代办员: the villager's helper for 全程代办. */
	agent: z.strictObject({ name: text("代办员姓名"), phone: phone("代办员电话") }),
	/** Item codes the station takes (on the spot or as an agent). */
	items: z.array(slug("事项编码")).min(1, "至少要办理一个事项"),
	sample: z.boolean().default(false),
});
export type Station = z.infer<typeof StationSchema>;
