// npm run gen:city — writes a whole fictional city of the report's size into a scratch folder, for the scale
// benchmark (bench/scale.mjs): 118 township centres and 2,095 village stations at --scale 1, each centre with 60+
// items and each station 20+, the items cloned to 81 from content/items (new code and name, everything else
// as the editors wrote it). Departments, life events, calendars and the deployment are copied as they are.
// Deterministic: the same --seed and --scale always write the same files. Never writes into content/.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseDocument, stringify } from "yaml";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const CONTENT = join(ROOT, "content");

/** The report's city at scale 1. */
export const REPORT = { centres: 118, stations: 2095, items: 81 } as const;
const CENTRE_ITEMS = [60, 81] as const;
const STATION_ITEMS = [20, 30] as const;
const COPIED = ["departments", "events", "calendar", "deployment"];

export interface CityOptions {
	/** 1, 2 or 4 times the report's centres and stations (the catalogue stays at 81 items). */
	scale: number;
	/** The folder to write <out>/content/ into; its content/ is replaced, anything else left alone. */
	out: string;
	seed?: number;
}

export interface CitySummary {
	out: string;
	centres: number;
	stations: number;
	items: number;
	files: number;
}

export class CityError extends Error {}

// Place-name syllables, each with its pinyin (all different, so a name's slug is its own).
const SYLLABLES = [
	"青qing 石shi 河he 白bai 花hua 桥qiao 林lin 松song 云yun 竹zhu 坪ping 东dong 西xi 南nan 北bei 新xin 民min 龙long",
	" 凤feng 马ma 牛niu 羊yang 金jin 银yin 铜tong 山shan 岭ling 沟gou 湾wan 塘tang 堰yan 坝ba 口kou 家jia 庄zhuang",
	" 寨zhai 田tian 观guan 安an 太tai 永yong 福fu 兴xing 乐le 长chang 春chun 梨li 桃tao 柳liu 高gao 升sheng 水shui",
	" 泉quan 井jing 槐huai 茶cha 古gu 大da 小xiao 上shang 下xia 中zhong 前qian 后hou 红hong 黄huang 顺shun 宝bao 玉yu",
	" 明ming 光guang 德de 仁ren 义yi 文wen 武wu 双shuang 三san 七qi 九jiu 月yue 岗gang 坡po 坎kan 垭ya 滩tan 洲zhou",
	" 湖hu 渡du 埠bu 营ying 城cheng 店dian 铺pu 集ji 站zhan 园yuan 桂gui 莲lian 菊ju 兰lan 梅mei 芦lu 樟zhang 桑sang",
	" 稻dao 粮liang 仓cang 象xiang 康kang 宁ning 瑞rui 荣rong 兆zhao 泽ze 浩hao 碧bi 翠cui 丹dan 紫zi 彩cai 雪xue 雷lei",
]
	.join(" ")
	.split(/\s+/)
	.map((s) => ({ han: s[0], pinyin: s.slice(1) }));
const SURNAMES = [..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"];
const GIVEN = [..."秀兰桂英芳华明伟强军平刚建国玉珍丽红霞志勇德福成海云波春梅金凤文杰小燕"];
const ROADS = ["人民路", "解放路", "建设路", "团结街", "正街", "新街", "河滨路", "中心街"];
const MARKETS = ["逢一四七", "逢二五八", "逢三六九", undefined] as const;
const ORDINALS = ["", "二", "三", "四", "五", "六", "七", "八", "九"];
const CENTRE_HOURS = "周一至周五 上午8:30—12:00，下午14:00—17:30；法定节假日休息，调休上班日照常办公。";
const STATION_HOURS = "周一至周五 上午9:00—12:00，下午14:00—17:00；代办员外出代办时请先打电话。";

/** mulberry32: a small seeded generator, so the city is the same on every machine. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	const pick = <T>(list: readonly T[]) => list[int(0, list.length - 1)];
	/** A random subset of `count` members, in the list's order. */
	const sample = <T>(list: readonly T[], count: number) => {
		const chosen = new Set<number>();
		while (chosen.size < Math.min(count, list.length)) chosen.add(int(0, list.length - 1));
		return [...chosen].sort((x, y) => x - y).map((i) => list[i]);
	};
	return { int, pick, sample };
}
type Random = ReturnType<typeof prng>;

/** Unique place names: two syllables, then 二, 三 … when the pair is taken (石桥村, 石桥二村). */
function namer(random: Random) {
	const used = new Map<string, number>();
	return () => {
		const a = random.pick(SYLLABLES);
		let b = random.pick(SYLLABLES);
		while (b === a) b = random.pick(SYLLABLES);
		const key = a.pinyin + b.pinyin;
		const n = used.get(key) ?? 0;
		used.set(key, n + 1);
		const suffix = n < ORDINALS.length ? ORDINALS[n] : String(n + 1);
		return { han: a.han + b.han + suffix, slug: n === 0 ? key : `${key}${n + 1}` };
	};
}

interface SourceItem {
	code: string;
	department: string;
	level: string;
	text: string;
}

/** content/items/*.md as written, with the frontmatter fields the city needs. */
function readItems(): SourceItem[] {
	return readdirSync(join(CONTENT, "items"))
		.filter((n) => n.endsWith(".md"))
		.sort()
		.map((n) => {
			const text = readFileSync(join(CONTENT, "items", n), "utf8");
			const doc = parseDocument(frontmatter(text).yaml);
			const get = (key: string) => String(doc.get(key));
			return { code: get("code"), department: get("department"), level: get("level"), text };
		});
}

function frontmatter(text: string) {
	const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
	if (!match) throw new CityError(`办事指南缺少 frontmatter：${text.slice(0, 40)}`);
	return { yaml: match[1], body: text.slice(match[0].length) };
}

/** The real items, then clones (dibao-c28 …) up to the report's 81: a new code and name, all else kept. */
function cloneItems(real: SourceItem[]): SourceItem[] {
	const all = [...real];
	for (let n = real.length + 1; all.length < REPORT.items; n++) {
		const source = real[(n - 1) % real.length];
		const { yaml, body } = frontmatter(source.text);
		const doc = parseDocument(yaml);
		const code = `${source.code}-c${n}`;
		doc.set("code", code);
		doc.set("name", `${String(doc.get("name"))}（扩展事项${n}）`);
		all.push({ ...source, code, text: `---\n${doc.toString({ lineWidth: 0 }).trimEnd()}\n---${body}` });
	}
	return all;
}

const header = (what: string) => `# 生成的示例数据（npm run gen:city）：${what}，名称、地址和电话均为虚构。\n`;

interface Place {
	slug: string;
	yaml: string;
}

/** One township centre: 60–81 items, a window for every department among them. */
function centre(random: Random, i: number, name: { han: string; slug: string }, items: SourceItem[]) {
	const township = `${name.han}${random.int(0, 9) < 3 ? "乡" : "镇"}`;
	const offered = random.sample(items, random.int(...CENTRE_ITEMS));
	const departments = [...new Set(offered.map((it) => it.department))].sort();
	const base = 6_000_000 + i * 100;
	const marketDays = random.pick(MARKETS);
	const data = {
		name: `${township}便民服务中心`,
		township,
		address: `示范市${township}${random.pick(ROADS)}${random.int(1, 200)}号`,
		hours: CENTRE_HOURS,
		...(marketDays && { marketDays }),
		phone: `0838-${base}`,
		complaintPhone: `0838-${base + 99}`,
		windows: departments.map((d, w) => ({ department: d, number: `${w + 1}号窗口`, phone: `0838-${base + w + 1}` })),
		items: offered.map((it) => ({ code: it.code })),
		sample: true,
	};
	return { slug: name.slug, township, offered, yaml: header(data.name) + stringify(data, { lineWidth: 0 }) };
}

/** One village station of `centre`: 20–30 of the centre's village-level items. */
function station(random: Random, i: number, name: { han: string; slug: string }, c: ReturnType<typeof centre>): Place {
	const village = `${name.han}${random.int(0, 9) < 2 ? "社区" : "村"}`;
	const local = c.offered.filter((it) => it.level !== "township");
	const data = {
		name: `${village}便民服务站`,
		village,
		centre: c.slug,
		address: `示范市${c.township}${village}${village.endsWith("村") ? "村委会" : "居委会"}办公室`,
		hours: STATION_HOURS,
		agent: {
			name: random.pick(SURNAMES) + random.sample(GIVEN, random.int(1, 2)).join(""),
			phone: `139${String(i).padStart(8, "0")}`,
		},
		items: random.sample(local, random.int(...STATION_ITEMS)).map((it) => it.code),
		sample: true,
	};
	return { slug: name.slug, yaml: header(data.name) + stringify(data, { lineWidth: 0 }) };
}

/** How many stations each centre gets: `total` spread unevenly (6 to 30) over `centres`. */
function spread(random: Random, centres: number, total: number): number[] {
	const counts = Array.from({ length: centres }, (_, i) => Math.floor(total / centres) + (i < total % centres ? 1 : 0));
	for (let moves = 0; moves < centres * 4; moves++) {
		const [from, to, n] = [random.int(0, centres - 1), random.int(0, centres - 1), random.int(1, 4)];
		if (from !== to && counts[from] - n >= 6 && counts[to] + n <= 30) [counts[from], counts[to]] = [counts[from] - n, counts[to] + n];
	}
	return counts;
}

/** Refuses any folder whose content/ would be, hold or sit inside the repository's content/. */
function target(out: string): string {
	const dir = resolve(out, "content");
	if (dir === CONTENT || dir.startsWith(CONTENT + sep) || CONTENT.startsWith(dir + sep))
		throw new CityError(`不能写到 ${out}：生成的城市会覆盖仓库的 content/，请换一个临时目录。`);
	return dir;
}

export function generateCity({ scale, out, seed = 14 }: CityOptions): CitySummary {
	if (![1, 2, 4].includes(scale)) throw new CityError(`--scale 只能是 1、2 或 4，收到「${scale}」。`);
	const dir = target(out);
	const random = prng(seed * 1000 + scale);
	const items = cloneItems(readItems());
	const nextName = namer(random);
	const centres = Array.from({ length: REPORT.centres * scale }, (_, i) => centre(random, i + 1, nextName(), items));
	let stationNo = 0;
	const stations = spread(random, centres.length, REPORT.stations * scale).flatMap((count, c) =>
		Array.from({ length: count }, () => station(random, ++stationNo, nextName(), centres[c])),
	);

	rmSync(dir, { recursive: true, force: true });
	for (const kind of COPIED) cpSync(join(CONTENT, kind), join(dir, kind), { recursive: true });
	for (const kind of ["items", "centres", "stations"]) mkdirSync(join(dir, kind), { recursive: true });
	for (const it of items) writeFileSync(join(dir, "items", `${it.code}.md`), it.text);
	for (const c of centres) writeFileSync(join(dir, "centres", `${c.slug}.yaml`), c.yaml);
	for (const s of stations) writeFileSync(join(dir, "stations", `${s.slug}.yaml`), s.yaml);
	const copied = COPIED.reduce((n, kind) => n + readdirSync(join(dir, kind)).length, 0);
	return {
		out: resolve(out),
		centres: centres.length,
		stations: stations.length,
		items: items.length,
		files: copied + items.length + centres.length + stations.length,
	};
}

const USAGE = `用法：npm run gen:city -- [--scale 1|2|4] [--out <目录>] [--seed <整数>]
  --scale  报告规模的倍数：1 是 118 个中心、2,095 个村站（默认 1）；事项都是 81 个
  --out    写到 <目录>/content/（默认系统临时目录下的 bianmin-city-<倍数>x），从不写仓库的 content/
  --seed   随机种子（默认 14）：同样的种子和倍数，生成的文件完全一样`;

export function main(argv: string[]): { status: number; stdout: string; stderr: string } {
	try {
		const { values } = parseArgs({ args: argv, options: { scale: { type: "string" }, out: { type: "string" }, seed: { type: "string" } } });
		const scale = Number(values.scale ?? "1");
		const seed = Number(values.seed ?? "14");
		if (!Number.isInteger(seed)) throw new CityError(`--seed 要是整数，收到「${values.seed}」。`);
		const s = generateCity({ scale, seed, out: values.out ?? join(tmpdir(), `bianmin-city-${scale}x`) });
		const stdout = `已生成 ${s.centres} 个中心、${s.stations} 个村站、${s.items} 个事项（共 ${s.files} 个文件）：${join(s.out, "content")}\n构建：BIANMIN_CONTENT_ROOT=${s.out} npm run build（输出到 ${join(s.out, "dist")}）`;
		return { status: 0, stdout, stderr: "" };
	} catch (err) {
		if (!(err instanceof CityError) && !(err instanceof TypeError)) throw err;
		return { status: 1, stdout: "", stderr: `✖ ${err.message}\n\n${USAGE}` };
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { status, stdout, stderr } = main(process.argv.slice(2));
	if (status === 0) console.log(stdout);
	else console.error(stderr);
	process.exitCode = status;
}
