import type { Context } from "hono";
import { barChart, lineChart } from "../../../core/charts";
import type { Places } from "../../../core/complaint";
import type { MonthFigures } from "../../../core/performance";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { guides } from "../lib/guides";
import { builtPage, escapeHtml, notFoundPage, showing, withTexts } from "../lib/pages";
import { places } from "../lib/places";
import { storedFigures, storedParts } from "../services/performance";

type C = Context<AppEnv>;

/**
 * 办件情况公开 filled: /performance/ (the city, a row per centre) and /centres/<slug>/performance/ (a
 * centre, a row per window and village station), from the figures the daily job stored. Public and
 * cacheable for a short while: the figures change once a day.
 */
export async function showPerformance(c: C, centre: string | null): Promise<Response> {
	const known = await places(c.env.ASSETS, centre === null ? [] : [centre]);
	if (centre !== null && !known.some((p) => p.slug === centre)) return notFoundPage(c);
	const path = centre === null ? "/performance/" : `/centres/${centre}/performance/`;
	const page = await builtPage(c.env.ASSETS, new URL(c.req.url).origin, path);
	if (!page) return notFoundPage(c);
	const months = await storedFigures(c.env.DB, centre === null ? "city" : "centre", centre ?? "all");
	const r = new HTMLRewriter();
	const latest = months.at(-1);
	if (!latest) {
		showing(r, ["perf-empty"]);
		return answer(r.transform(page));
	}
	const [parts, items] = await Promise.all([storedParts(c.env.DB, centre, latest.month), guides(c.env.ASSETS)]);
	withLatest(r, latest);
	withTrend(r, months);
	withParts(r, parts, known, centre);
	const overdue = latest.overdue.map(
		(o) => `<tr><td>${escapeHtml(items.get(o.item)?.name ?? o.item)}</td><td>${escapeHtml(o.reason)}</td></tr>`,
	);
	if (overdue.length === 0) {
		showing(r, ["perf-overdue-none"]);
		r.on("#perf-overdue", { element: (el) => void el.setAttribute("hidden", "") });
	} else r.on("#perf-overdue-rows", { element: (el) => void el.setInnerContent(overdue.join(""), { html: true }) });
	return answer(r.transform(page));
}

const answer = (res: Response) => {
	const out = new Response(res.body, res);
	out.headers.set("Cache-Control", "public, max-age=600");
	return out;
};

const pct = (n: number | null) => (n === null ? "—" : `${n}%`);
const monthWords = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;

function withLatest(r: HTMLRewriter, f: MonthFigures) {
	withTexts(r, {
		"perf-latest-title": monthWords(f.month),
		"perf-accepted": String(f.accepted),
		"perf-completed": String(f.completed),
		"perf-on-time": pct(f.onTimeRate),
		"perf-legal-on-time": pct(f.legalOnTimeRate),
		"perf-days": f.averageDays === null ? "—" : t("perf.days.value", { days: f.averageDays, promised: f.averagePromisedDays ?? "—" }),
		"perf-speed-up": pct(f.speedUp),
		"perf-rating-rate": pct(f.ratingRate),
		"perf-satisfaction": pct(f.satisfactionRate),
		"perf-bad": String(f.badRatings),
		"perf-fix-rate": pct(f.fixRate),
		"perf-complaints": t("perf.complaints.value", { count: f.complaints, rate: pct(f.complaintsInTime) }),
		"perf-channels": t("perf.channels.value", f.channels),
	});
}

function withTrend(r: HTMLRewriter, months: MonthFigures[]) {
	const labels = months.map((m) => m.month);
	const chart = lineChart(
		labels,
		[
			{ name: t("perf.onTime"), values: months.map((m) => m.onTimeRate), className: "app-chart__on-time" },
			{ name: t("perf.satisfaction"), values: months.map((m) => m.satisfactionRate), className: "app-chart__satisfaction" },
		],
		t("perf.trend.chart"),
		t("perf.trend.chart.desc"),
	);
	r.on("#perf-trend-chart", { element: (el) => void el.setInnerContent(chart, { html: true }) });
	const rows = months
		.map((m) => {
			const cells = [String(m.accepted), String(m.completed), pct(m.onTimeRate), pct(m.satisfactionRate)];
			return `<tr><th scope="row">${escapeHtml(monthWords(m.month))}</th>${cells.map((x) => `<td>${escapeHtml(x)}</td>`).join("")}</tr>`;
		})
		.join("");
	r.on("#perf-trend-rows", { element: (el) => void el.setInnerContent(rows, { html: true }) });
}

function withParts(r: HTMLRewriter, parts: Awaited<ReturnType<typeof storedParts>>, known: Places, centre: string | null) {
	const nameOf = (scope: string, key: string) => {
		if (scope === "centre") return known.find((p) => p.slug === key)?.name ?? key;
		const [c, slug] = key.split("/");
		const place = known.find((p) => p.slug === c);
		const list = scope === "window" ? place?.windows : place?.stations;
		return list?.find((x) => x.slug === slug)?.name ?? slug;
	};
	const named = parts.map((p) => ({ ...p, name: nameOf(p.scope, p.key) }));
	const bars = named.filter((p) => p.scope === (centre === null ? "centre" : "window"));
	const chart = barChart(
		bars.map((p) => ({ label: p.name, value: p.figures.onTimeRate })),
		t(centre === null ? "perf.centres.chart" : "perf.windows.chart"),
		t(centre === null ? "perf.centres.chart.desc" : "perf.windows.chart.desc"),
	);
	r.on("#perf-windows-chart", { element: (el) => void el.setInnerContent(chart, { html: true }) });
	const rows = named
		.map((p) => {
			const f = p.figures;
			const cells = [String(f.completed), pct(f.onTimeRate), pct(f.satisfactionRate), String(f.channels.agent)];
			return `<tr><th scope="row">${escapeHtml(p.name)}</th>${cells.map((x) => `<td>${escapeHtml(x)}</td>`).join("")}</tr>`;
		})
		.join("");
	r.on("#perf-windows-rows", { element: (el) => void el.setInnerContent(rows, { html: true }) });
}
