/** Test data shared by core tests: a complete, valid item as an editor writes it; each test breaks one thing. */
export function validItem(): Record<string, unknown> {
	return {
		code: "dibao",
		name: "最低生活保障（申请、审核确认）",
		type: "行政给付",
		department: "minzheng",
		level: "township",
		summary: "家庭人均收入低于当地低保标准的，可以申请低保。",
		legalBasis: [{ law: "社会救助暂行办法", article: "第十一条", clause: "申请最低生活保障，按照下列程序办理……", verified: true }],
		conditions: ["户籍在本乡镇"],
		materials: [{ name: "户口簿", form: "原件和复印件", source: "本人持有" }],
		steps: [
			{ name: "申请", description: "到窗口提出申请" },
			{ name: "审核", description: "乡镇审核" },
		],
		legalDeadline: { days: 30, unit: "工作日", basis: "《最低生活保障审核确认办法》第二十二条", source: "法规" },
		promisedDeadline: { days: 25, unit: "工作日" },
		visits: 1,
		result: { name: "审核确认结果", type: "其他" },
		faq: [
			{ q: "要钱吗？", a: "不收费。" },
			{ q: "能代办吗？", a: "能。" },
		],
		reviewBy: "2027-06-30",
	};
}
