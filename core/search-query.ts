/**
 * A search query as people type or speak it (我妈七十九了明年能领高龄补贴吗, 低宝, canjizheng), taken apart
 * the same way in the browser and in the Worker: normalised text, the age it names, and the words that
 * carry meaning once the function words are dropped.
 */
import { isPinyinQuery } from "./pinyin-key";

/** Longest query looked at; the rest of a pasted paragraph is ignored. */
export const MAX_QUERY_LENGTH = 64;

/**
 * Function words and words of asking that say nothing about which item is meant: pronouns, particles,
 * question words, modal verbs, and the generic verbs of 办事 (办, 弄, 找).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
	(
		"我 我们 你 您 你们 他 她 它 他们 咱 咱们 俺 自己 大家 人家 的 地 得 了 着 过 吗 呢 吧 啊 呀 嘛 哦 么 哈 嗯 " +
		"满 要 想 想要 能 能不能 可以 可不可以 可否 会 会不会 该 应该 需要 需不需要 要不要 用不用 不用 得要 必须 " +
		"怎么 怎么样 怎样 如何 咋 咋办 怎么办 什么 啥 啥子 哪 哪里 哪儿 哪个 去哪 在哪 在哪里 多少 多久 多长 几 " +
		"是 是不是 有 有没有 没有 没 不 不要 不是 还 还是 也 都 就 才 又 再 和 跟 与 及 或 或者 给 把 被 在 到 从 对 向 " +
		"这 那 这个 那个 这些 那些 这样 那样 一下 一个 个 些 请问 请 问 问下 问一下 谢谢 你好 您好 麻烦 帮 帮忙 " +
		"办 办理 去 去办 来 弄 搞 找 手续 家 家里 我家 我妈 我爸 妈 爸 妈妈 爸爸 老妈 老爸 今年 明年 去年 现在 已经 马上 快 " +
		"刚 刚刚 以后 之后 时候 知道 了解 告诉 一般 然后 所以 因为 如果 但是 可是 时间 情况 事 事情 东西 一些 为什么 呗"
	).split(" "),
);

/** Particles that cling to a word the segmenter returns (养了, 低保吗) and are trimmed from its ends. */
const CLINGING = /^[了的吗呢吧啊呀嘛]+|[了的吗呢吧啊呀嘛]+$/g;
/** A count with or without its measure word (几十只, 三亩, 5000元): how much, not what. */
const COUNT = /^[\d几十百千万两零〇一二三四五六七八九多]+[只头个亩块元斤年天月次间张户口]?$/u;
/** Anything that is neither a letter nor a digit (punctuation, quotes, spaces, symbols). */
const NOT_WORD = /[^\p{L}\p{N}]/gu;

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUMERAL = "[零〇一二两三四五六七八九十百]";

/** A Chinese number up to 百 (十六, 七十九, 八十, 一百零二), or null if it is not one. */
export function chineseNumber(text: string): number | null {
	const m = /^(?:([一二两三四五六七八九])?百(?:零([一二三四五六七八九]))?)?(?:([一二两三四五六七八九])?(十))?([一二三四五六七八九])?$/.exec(
		text,
	);
	if (!m || text === "") return null;
	const [, hundreds, hundredUnits, tens, ten, units] = m;
	let n = text.includes("百") ? (hundreds ? DIGITS[hundreds] : 1) * 100 : 0;
	if (hundredUnits) n += DIGITS[hundredUnits];
	if (ten) n += (tens ? DIGITS[tens] : 1) * 10;
	if (units) n += DIGITS[units];
	return n;
}

/** A number of years in a query: 八十岁, 80岁, 七十九了, 满60, 今年七十, 八十多岁. */
const AGE_PATTERNS = [
	new RegExp(`(\\d{1,3}|${NUMERAL}{1,5})\\s*多?\\s*(?:周岁|岁|了)`, "u"),
	new RegExp(`(?:年满|满|今年|快)(\\d{1,3}|${NUMERAL}{1,5})`, "u"),
];

/** The age a query names (1–120), and the query without it. */
export function parseAge(text: string): { age: number | null; rest: string } {
	for (const pattern of AGE_PATTERNS) {
		const m = pattern.exec(text);
		if (!m) continue;
		const n = /^\d+$/.test(m[1]) ? Number(m[1]) : chineseNumber(m[1]);
		if (n !== null && n >= 1 && n <= 120) return { age: n, rest: text.slice(0, m.index) + " " + text.slice(m.index + m[0].length) };
	}
	return { age: null, rest: text };
}

export interface SearchQuery {
	/** As typed, normalised (NFKC, lower case, trimmed), at most MAX_QUERY_LENGTH characters. */
	text: string;
	/** The text without spaces, punctuation or quotes: what aliases are looked for in. */
	compact: string;
	/** The words that carry meaning, in order, without function words or the age. */
	words: string[];
	/** The age named, where there is one. */
	age: number | null;
	/** The query is typed pinyin (dibao, can ji zheng, db). */
	pinyin: boolean;
}

let segmenter: Intl.Segmenter | undefined;

/** The words of a Chinese text (Intl.Segmenter, zh), without function words and clinging particles. */
export function contentWords(text: string): string[] {
	segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
	const words: string[] = [];
	for (const s of segmenter.segment(text)) {
		if (!s.isWordLike) continue;
		const word = s.segment.replace(CLINGING, "");
		if (word && !STOP_WORDS.has(word) && !COUNT.test(word) && !words.includes(word)) words.push(word);
	}
	return words;
}

/** Takes a query apart; an empty result (no text) means there is nothing to search for. */
export function parseQuery(raw: string): SearchQuery {
	const text = raw.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_LENGTH);
	const compact = text.replace(NOT_WORD, "");
	if (isPinyinQuery(text)) return { text, compact, words: [], age: null, pinyin: true };
	const { age, rest } = parseAge(text);
	return { text, compact, words: contentWords(rest), age, pinyin: false };
}
