// What changed in content/ that a reviewer must look at, in plain Chinese: a deadline, a fee, a legal basis, a
// material added or removed, a phone number. `npm run content:diff -- <base>` prints it; CI posts it on the
// pull request. Pure: it reads the files' text before and after, never Git.
import { parse as parseYaml } from "yaml";

/** One changed file: its path under the repository and its text before and after (absent when added or deleted). */
export interface ChangedFile {
	file: string;
	before?: string;
	after?: string;
}

type Data = Record<string, unknown>;
interface Deadline {
	days: number;
	unit: string;
	source?: string;
	basis?: string;
}
interface Named {
	name: string;
}

function read(file: string, text: string | undefined): Data | undefined {
	if (text === undefined) return undefined;
	const body = file.endsWith(".yaml") ? text : (/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "");
	try {
		return (parseYaml(body) as Data | null) ?? {};
	} catch {
		return undefined;
	}
}

const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const deadline = (d: unknown) => {
	const x = d as Deadline | undefined;
	return x ? `${x.days}个${x.unit}` : "（无）";
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Lines for a list of named things: added, removed, and (for those kept) how `describe` differs. */
function namedChanges<T extends Named>(what: string, before: T[], after: T[], describe: (x: T) => string = (x) => x.name): string[] {
	const lines: string[] = [];
	const old = new Map(before.map((x) => [x.name, x]));
	const now = new Map(after.map((x) => [x.name, x]));
	for (const [name, x] of now) {
		const was = old.get(name);
		if (!was) lines.push(`新增${what}：${describe(x)}`);
		else if (!same(was, x)) lines.push(`修改${what}「${name}」：${describe(was)} → ${describe(x)}`);
	}
	for (const [name, x] of old) if (!now.has(name)) lines.push(`删除${what}：${describe(x)}`);
	return lines;
}

/** A scalar as text; anything else (a mistyped list, an object) as its JSON. */
const str = (v: unknown, fallback = ""): string => {
	if (v === undefined || v === null) return fallback;
	if (typeof v === "string") return v;
	return typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
};
const material = (m: Data & Named) => `${m.name}（${str(m.form)}，${str(m.requirement, "必须")}，${str(m.copies, "1")}份）`;
const fee = (f: Data & Named) => `${f.name}：${str(f.amount)}，依据${str(f.basis)}`;
const basisName = (b: Data) => `《${str(b.law)}》${str(b.article)}`;

function legalBasisChanges(before: Data[], after: Data[]): string[] {
	const keyed = (xs: Data[]): (Data & Named)[] => xs.map((b) => ({ ...b, name: basisName(b) }));
	return namedChanges("办理依据", keyed(before), keyed(after), (b) => `${b.name}${b.clause ? `「${str(b.clause)}」` : ""}`);
}

/** A guide (content/items/*.md): its deadlines, fees, legal basis, materials, visits, online. */
export function itemChanges(b: Data, a: Data): string[] {
	const lines: string[] = [];
	if (!same(b.promisedDeadline, a.promisedDeadline))
		lines.push(`承诺时限：${deadline(b.promisedDeadline)} → ${deadline(a.promisedDeadline)}`);
	const [lb, la] = [b.legalDeadline as Deadline | undefined, a.legalDeadline as Deadline | undefined];
	if (!same(lb, la)) {
		lines.push(`法定（参考）时限：${deadline(lb)} → ${deadline(la)}`);
		if (lb?.source !== la?.source) lines.push(`时限来源：${lb?.source ?? "（无）"} → ${la?.source ?? "（无）"}`);
		if (lb?.basis !== la?.basis) lines.push(`时限依据：${lb?.basis ?? "（无）"} → ${la?.basis ?? "（无）"}`);
	}
	lines.push(...namedChanges("收费", list<Data & Named>(b.fees), list<Data & Named>(a.fees), fee));
	lines.push(...legalBasisChanges(list<Data>(b.legalBasis), list<Data>(a.legalBasis)));
	lines.push(...namedChanges("申请材料", list<Data & Named>(b.materials), list<Data & Named>(a.materials), material));
	if (b.visits !== a.visits) lines.push(`跑动次数：${String(b.visits)} → ${String(a.visits)}`);
	if (Boolean(b.online) !== Boolean(a.online)) lines.push(`网上申请：${b.online ? "可以" : "不可以"} → ${a.online ? "可以" : "不可以"}`);
	if (!same(b.agent, a.agent)) lines.push("代办（村代办员能否代办、委托要求）有改动");
	return lines;
}

/** Phones of a centre or station, by what they are: 咨询电话, 投诉电话, 3号窗口（yibao）电话, 代办员电话. */
export function phonesOf(d: Data): Map<string, string> {
	const phones = new Map<string, string>();
	if (typeof d.phone === "string") phones.set("咨询电话", d.phone);
	if (typeof d.complaintPhone === "string") phones.set("投诉电话", d.complaintPhone);
	for (const w of list<Data>(d.windows)) phones.set(`${String(w.number)}（${String(w.department)}）电话`, String(w.phone));
	const agent = d.agent as Data | undefined;
	if (agent?.phone) phones.set(`代办员${str(agent.name)}电话`, str(agent.phone));
	return phones;
}

/** A centre or a station: its phones, address, hours and the items it takes. */
export function placeChanges(b: Data, a: Data): string[] {
	const lines: string[] = [];
	const [pb, pa] = [phonesOf(b), phonesOf(a)];
	for (const [what, phone] of pa) {
		const was = pb.get(what);
		if (was === undefined) lines.push(`新增${what}：${phone}`);
		else if (was !== phone) lines.push(`${what}：${was} → ${phone}`);
	}
	for (const [what, phone] of pb) if (!pa.has(what)) lines.push(`删除${what}：${phone}`);
	if (b.address !== a.address) lines.push(`地址：${String(b.address)} → ${String(a.address)}`);
	if (b.hours !== a.hours) lines.push(`办公时间：${String(b.hours)} → ${String(a.hours)}`);
	const codes = (d: Data) => list<Data | string>(d.items).map((x) => (typeof x === "string" ? x : String(x.code)));
	const [cb, ca] = [codes(b), codes(a)];
	const added = ca.filter((c) => !cb.includes(c));
	const removed = cb.filter((c) => !ca.includes(c));
	if (added.length > 0) lines.push(`新增办理事项：${added.join("、")}`);
	if (removed.length > 0) lines.push(`不再办理事项：${removed.join("、")}`);
	return lines;
}

/** The lines a reviewer reads for one file; the file's own name heads them. */
export function fileSummary(change: ChangedFile): string[] {
	const [b, a] = [read(change.file, change.before), read(change.file, change.after)];
	const title = str((a ?? b)?.name, change.file);
	const head = `**${title}**（${change.file}）`;
	if (change.after !== undefined && !a) return [head, "- ⚠️ 文件格式有误，内容检查会指出具体位置"];
	if (!b) return [head, "- 新增文件：请整篇审核"];
	if (!a) return [head, "- 删除文件：请确认不再需要（打印的二维码可能指向它）"];
	const lines = change.file.startsWith("content/items/")
		? itemChanges(b, a)
		: /^content\/(centres|stations)\//.test(change.file)
			? placeChanges(b, a)
			: [];
	return lines.length > 0 ? [head, ...lines.map((l) => `- ${l}`)] : [];
}

/** The whole summary in Markdown: the files with changes a reviewer must check, then the rest by name. */
export function contentDiffSummary(changes: ChangedFile[]): string {
	const important = changes.map((c) => ({ c, lines: fileSummary(c) })).filter((x) => x.lines.length > 0);
	const others = changes.filter((c) => !important.some((x) => x.c === c)).map((c) => c.file);
	const parts = ["## 内容改动摘要", ""];
	if (changes.length === 0) parts.push("content/ 里没有改动。");
	else if (important.length === 0) parts.push("没有时限、收费、办理依据、申请材料或电话的改动。");
	else {
		parts.push("以下改动请审核人逐条核对（时限、收费、依据、材料、电话）：", "");
		for (const { lines } of important) parts.push(...lines, "");
	}
	if (others.length > 0) parts.push(`其他改动的文件（文字说明等）：${others.join("、")}`);
	return parts.join("\n").trimEnd() + "\n";
}
