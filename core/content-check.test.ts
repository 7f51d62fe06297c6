import { describe, expect, it } from "vitest";
import { CentreSchema, StationSchema } from "./centre";
import { type Catalogue, crossCheck, fieldPath } from "./content-check";
import { ItemSchema } from "./item";
import { validItem } from "./item.fixture";

const item = ItemSchema.parse(validItem());

const centre = CentreSchema.parse({
	name: "青石镇便民服务中心",
	township: "青石镇",
	address: "人民路12号",
	hours: "周一至周五",
	marketDays: "逢二五八",
	phone: "0838-6210000",
	complaintPhone: "0838-6210999",
	windows: [{ department: "minzheng", number: "1号窗口", phone: "0838-6210001" }],
	items: [{ code: "dibao" }],
});

const station = StationSchema.parse({
	name: "石桥村便民服务站",
	village: "石桥村",
	centre: "qingshi",
	address: "村委会",
	hours: "周一至周五",
	agent: { name: "王秀兰", phone: "13900001101" },
	items: ["dibao"],
});

function catalogue(): Catalogue {
	return {
		items: [{ id: "dibao", file: "content/items/dibao.md", data: item }],
		departments: [
			{ id: "minzheng", file: "content/departments/minzheng.yaml", data: { name: "民政", fullName: "民政办", description: "……" } },
		],
		centres: [{ id: "qingshi", file: "content/centres/qingshi.yaml", data: centre }],
		stations: [{ id: "shiqiao", file: "content/stations/shiqiao.yaml", data: station }],
		events: [
			{
				id: "e",
				file: "content/events/e.yaml",
				data: {
					name: "一件事",
					summary: "……",
					steps: [
						{ code: "dibao", note: "先办" },
						{ code: "dibao", note: "再办" },
					],
					keywords: [],
				},
			},
		],
		calendars: [],
		deployment: [{ id: "deployment", file: "content/deployment/deployment.yaml", data: { province: "浙江省", city: "示范市" } }],
	};
}

const TODAY = new Date("2026-11-28");

describe("crossCheck", () => {
	it("passes a consistent catalogue", () => {
		expect(crossCheck(catalogue(), TODAY)).toEqual({ errors: [], warnings: [] });
	});

	it("names the file and field when an item's code and file name differ, or its department is unknown", () => {
		const c = catalogue();
		c.items[0] = { ...c.items[0], id: "di-bao", data: { ...item, department: "nope" } };
		const { errors } = crossCheck(c, TODAY);
		expect(errors).toContainEqual(expect.stringMatching(/^content\/items\/dibao\.md：code：编码「dibao」必须和文件名「di-bao」一致/));
		expect(errors).toContainEqual(expect.stringMatching(/^content\/items\/dibao\.md：department：部门「nope」不存在/));
	});

	it("takes 本省规定 only from the province the site serves, and needs to know that province", () => {
		const c = catalogue();
		const provincial = (basis: string) => ({ ...item, legalDeadline: { ...item.legalDeadline, source: "本省规定" as const, basis } });
		c.items[0] = { ...c.items[0], data: provincial("《浙江省社会救助条例》第十一条") };
		expect(crossCheck(c, TODAY).errors).toEqual([]);
		c.items[0] = { ...c.items[0], data: provincial("《重庆市畜禽养殖场养殖小区备案程序管理办法》第八条") };
		expect(crossCheck(c, TODAY).errors).toEqual([
			expect.stringMatching(
				/^content\/items\/dibao\.md：legalDeadline → basis：「本省规定」只能是本站所在省（浙江省）的规定；.*请把 source 改成「地方做法」/,
			),
		]);
		expect(crossCheck({ ...catalogue(), deployment: [] }, TODAY).errors).toEqual([
			expect.stringMatching(/^content\/deployment\/：要有且只有一个 deployment.yaml/),
		]);
	});

	it("refuses a guide that still has 待填写 from the scaffold", () => {
		const c = catalogue();
		c.items[0] = { ...c.items[0], data: { ...item, summary: "待填写（一句话）" } };
		expect(crossCheck(c, TODAY).errors).toEqual([expect.stringMatching(/^content\/items\/dibao\.md：还有「待填写」的内容/)]);
	});

	it("catches a centre offering an unknown item, twice, or without a window for it", () => {
		const c = catalogue();
		c.centres[0].data = {
			...centre,
			windows: [{ department: "renshe", number: "1号窗口", phone: "0838-6210001" }],
			items: [{ code: "dibao" }, { code: "dibao" }, { code: "ghost" }],
		};
		const { errors } = crossCheck(c, TODAY);
		expect(errors).toContainEqual(expect.stringMatching(/windows → 第1项 → department：部门「renshe」不存在/));
		expect(errors).toContainEqual(expect.stringMatching(/items → 第1项：本中心没有「minzheng」窗口/));
		expect(errors).toContainEqual(expect.stringMatching(/items → 第2项：事项「dibao」重复列出/));
		expect(errors).toContainEqual(expect.stringMatching(/items → 第3项：事项「ghost」不存在/));
	});

	it("catches a station whose centre is unknown or does not handle its item", () => {
		const c = catalogue();
		c.stations[0].data = { ...station, centre: "nowhere" };
		expect(crossCheck(c, TODAY).errors).toEqual([
			expect.stringMatching(/^content\/stations\/shiqiao\.yaml：centre：便民服务中心「nowhere」不存在/),
		]);
		const d = catalogue();
		d.centres[0].data = { ...centre, items: [] };
		d.stations[0].data = { ...station };
		expect(crossCheck(d, TODAY).errors).toEqual([expect.stringMatching(/所属中心没有办理「dibao」/)]);
	});

	it("catches a life event step that names no item, and a calendar year written twice", () => {
		const c = catalogue();
		c.events[0].data.steps[1] = { code: "ghost", note: "……" };
		const cal = { year: 2026, source: "通知", holidays: [{ name: "元旦", from: "2026-01-01", to: "2026-01-01" }], workdays: [] };
		c.calendars = [
			{ id: "2026", file: "content/calendar/2026.yaml", data: cal },
			{ id: "2026b", file: "content/calendar/2026b.yaml", data: cal },
		];
		const { errors } = crossCheck(c, TODAY);
		expect(errors).toContainEqual(expect.stringMatching(/events\/e\.yaml：steps → 第2项 → code：事项「ghost」不存在/));
		expect(errors).toContainEqual(expect.stringMatching(/2026b\.yaml：year：2026 年已经写在 content\/calendar\/2026\.yaml 里/));
	});
});

describe("fieldPath", () => {
	it("writes array positions the way an editor counts", () => {
		expect(fieldPath(["materials", 1, "source"])).toBe("materials → 第2项 → source");
	});
});
