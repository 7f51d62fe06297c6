import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { apiError } from "../lib/errors";
import { places } from "../lib/places";
import { showPerformance } from "../pages/performance";
import { csvFile } from "../../../core/csv";
import { PERFORMANCE_COLUMNS, performanceFile, performanceRow } from "../../../core/performance";
import { t } from "../../../core/zh-CN";
import { guides } from "../lib/guides";
import { allStoredFigures, storedFigures } from "../services/performance";

/**
 * GET /api/performance?centre=<slug> (or nothing for the whole city): the public monthly figures the
 * daily job stored, the last 12 months, oldest first. No personal data: items and reasons only.
 */
export const performance = new Hono<AppEnv>();
/** The public pages: /performance/ (the city) and /centres/<slug>/performance/. */
export const performancePages = new Hono<AppEnv>();

performancePages.get("/performance/", (c) => showPerformance(c, null));
performancePages.get("/centres/:slug/performance/", (c) => showPerformance(c, c.req.param("slug")));

performance.get("/", async (c) => {
	const centre = c.req.query("centre");
	if (centre !== undefined && !(await places(c.env.ASSETS, [])).some((p) => p.slug === centre))
		return apiError(c, 404, "not_found", { words: "performance.unknownCentre" });
	const months = await storedFigures(c.env.DB, centre ? "centre" : "city", centre ?? "all");
	return c.json({ scope: centre ? { centre } : { city: true }, months });
});

/**
 * The monthly figures as open data, from what the daily job stored: performance.csv (UTF-8 with BOM,
 * Chinese headers, a row per month and scope), performance.json (the same with keys, the licence and when
 * the figures were last computed, parsed by core's PerformanceFileSchema before it is sent), and overdue.csv (each case past its promise: month, centre, item, reason).
 */
performancePages.get("/api/open-data/:file{performance\\.csv|performance\\.json|overdue\\.csv}", async (c) => {
	const [{ rows, computedAt }, known, items] = await Promise.all([
		allStoredFigures(c.env.DB),
		places(c.env.ASSETS, "all"),
		guides(c.env.ASSETS),
	]);
	const nameOf = (scope: string, key: string) => {
		if (scope === "city") return t("perf.city");
		const [centre, slug] = key.split("/");
		const place = known.find((p) => p.slug === centre);
		if (scope === "centre") return place?.name ?? key;
		const part = (scope === "window" ? place?.windows : place?.stations)?.find((x) => x.slug === slug)?.name ?? slug;
		return `${place?.name ?? centre} ${part}`;
	};
	const file = c.req.param("file");
	const csv = (body: string, name: string) =>
		new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"` } });
	if (file === "overdue.csv") {
		const overdue = rows
			.filter((r) => r.scope === "centre")
			.flatMap((r) =>
				r.figures.overdue.map((o) => [r.figures.month, nameOf("centre", r.key), items.get(o.item)?.name ?? o.item, o.reason]),
			);
		return csv(csvFile(["统计月份", "便民服务中心", "事项名称", "超期原因"], overdue), "overdue.csv");
	}
	const flat = rows.map((r) => performanceRow(r.scope, nameOf(r.scope, r.key), r.figures));
	if (file === "performance.csv")
		return csv(
			csvFile(
				PERFORMANCE_COLUMNS.map(([zh]) => zh),
				flat.map((row) => PERFORMANCE_COLUMNS.map(([, key]) => String(row[key] ?? ""))),
			),
			"performance.csv",
		);
	return c.json(performanceFile(flat, computedAt));
});
