import type { Context } from "hono";
import type { Staff } from "../../../core/staff";
import { strings, t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { centreData } from "../lib/centre-data";
import type { Deps } from "../services/deps";
import type { RunningClock } from "../services/case-clock";
import { builtPage, escapeHtml, showing } from "../lib/pages";

/** What every back-office page shares: who is signed in, place names, the due-date words, the shell. */

export type C = Context<AppEnv>;
export const me = (c: C) => c.get("staff") as Staff;

export const DUE_WORDS = {
	green: "staff.board.green",
	yellow: "staff.board.yellow",
	red: "staff.board.red",
	legal: "staff.board.legal",
	deemed: "staff.board.deemed",
} as const;

export const lookup = (key: string): string | undefined => (strings as Record<string, string>)[key];
export const kindLabel = (kind: string) => lookup(`staff.kind.${kind}`) ?? kind;

export interface PlaceNames {
	centres: Map<string, string>;
	/** By `centre/station`. */
	stations: Map<string, string>;
}

/**
 * Every centre's name (built data), and the village stations' names of only the centres a page shows
 * (each township's /centres/<slug>/data.json, kept per isolate): never the whole city's stations.
 */
export async function placeNames(deps: Deps, centres: Iterable<string | null | undefined>): Promise<PlaceNames> {
	const wanted = [...new Set([...centres].filter((x): x is string => typeof x === "string" && x !== ""))];
	const names: PlaceNames = { centres: deps.data.centres, stations: new Map() };
	for (const data of await Promise.all(wanted.map((slug) => centreData(deps.assets, slug))))
		for (const s of data?.stations ?? []) names.stations.set(`${data!.slug}/${s.slug}`, s.name);
	return names;
}

/** Who is signed in: name, role in Chinese, centre and window or station (window names from the shell's data-windows). */
export function withStaffBar(r: HTMLRewriter, staff: Staff, names: PlaceNames) {
	r.on("#staff-me", {
		element(el) {
			const windows = windowNames(el.getAttribute("data-windows"));
			el.removeAttribute("data-windows");
			const centre = staff.centre ? (names.centres.get(staff.centre) ?? staff.centre) : t("staff.place.city");
			const place = [centre];
			if (staff.window && staff.post)
				place.push(t("staff.place.window", { window: windows[staff.window] ?? staff.window, post: staff.post }));
			if (staff.station && staff.centre) place.push(names.stations.get(`${staff.centre}/${staff.station}`) ?? staff.station);
			const text = `${escapeHtml(t("staff.bar.signedIn"))}<strong>${escapeHtml(staff.name)}</strong>（${escapeHtml(
				t(`staff.role.${staff.role}`),
			)}，${escapeHtml(place.join(" · "))}）`;
			el.setInnerContent(text, { html: true });
		},
	});
	showing(r, staff.role === "agent" ? ["staff-bar-apply"] : ["staff-bar-supervision", "staff-bar-feedback"]);
}

/** The window names a shell carries in a data-windows attribute (department slug → name). */
export function windowNames(attribute: string | null): Record<string, string> {
	try {
		return JSON.parse(unescapeAttribute(attribute ?? "{}")) as Record<string, string>;
	} catch {
		// The build wrote it; a broken one only costs the windows' names.
		return {};
	}
}

/** An attribute's value as written in the HTML (HTMLRewriter hands it over with its character references). */
export function unescapeAttribute(value: string): string {
	return value.replace(/&(?:quot|amp|lt|gt|#(\d+)|#x([\da-f]+));/gi, (ref, dec?: string, hex?: string) => {
		if (dec) return String.fromCodePoint(Number(dec));
		if (hex) return String.fromCodePoint(parseInt(hex, 16));
		return { "&quot;": '"', "&amp;": "&", "&lt;": "<", "&gt;": ">" }[ref.toLowerCase()] ?? ref;
	});
}

/** The running limit: 受理期限 or 办结期限, the colour's word (never the colour alone), the date, and the days left or over. */
export function dueHtml(clock: RunningClock | null): string {
	if (!clock) return escapeHtml(t("staff.clock.none"));
	const unit = clock.unit;
	const word = t(DUE_WORDS[clock.colour]);
	const left =
		clock.remaining > 0
			? t("staff.clock.remaining", { n: clock.remaining, unit })
			: clock.remaining === 0
				? t("staff.clock.today")
				: t("staff.clock.overdue", { n: -clock.remaining, unit });
	const kind = escapeHtml(t(`staff.clock.${clock.kind}`));
	const promised = `${kind} <span class="app-staff-word app-staff-word--${clock.colour}">${escapeHtml(word)}</span> ${escapeHtml(clock.dueOn)}，${escapeHtml(left)}`;
	if (!clock.legal) return promised;
	// The legal limit beside the promise; past it is its own, louder state.
	const legal = escapeHtml(t("staff.clock.legal", { date: clock.legal.dueOn }));
	const over = clock.legal.overdue
		? ` <strong class="app-staff-word app-staff-word--legal">${escapeHtml(t("staff.clock.overLegal"))}</strong>`
		: "";
	return `${promised}；${legal}${over}`;
}

export async function shell(c: C, path: string): Promise<Response> {
	const page = await builtPage(c.env.ASSETS, new URL(c.req.url).origin, path);
	if (!page) throw new Error(`the build has no ${path} page`);
	return page;
}
