/**
 * Charts drawn as SVG text on the server: no script, readable by a screen reader through its title and
 * description (the numbers are always also in a table next to it), printable, a few hundred bytes each.
 */

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const round = (n: number) => Math.round(n * 10) / 10;

export interface Series {
	name: string;
	/** One value per label, null where there is none (drawn as a gap). */
	values: (number | null)[];
	/** A CSS class for its colour and dash, so two series differ without colour alone. */
	className: string;
}

/**
 * A line chart of per-cent values (0–100) over `labels` (months). `title` and `description` are what
 * assistive technology reads; the page's table carries the numbers.
 */
export function lineChart(labels: string[], series: Series[], title: string, description: string): string {
	const width = 320;
	const height = 160;
	const left = 28;
	const bottom = 20;
	const x = (i: number) => round(left + (labels.length <= 1 ? 0 : (i * (width - left - 8)) / (labels.length - 1)));
	const y = (v: number) => round(height - bottom - (v / 100) * (height - bottom - 8));
	const grid = [0, 50, 100]
		.map(
			(v) =>
				`<line class="app-chart__grid" x1="${left}" x2="${width - 4}" y1="${y(v)}" y2="${y(v)}"/><text x="0" y="${y(v) + 4}">${v}%</text>`,
		)
		.join("");
	const lines = series
		.map((s) => {
			const points = s.values.flatMap((v, i) => (v === null ? [] : [`${x(i)},${y(v)}`]));
			const dots = s.values.map((v, i) => (v === null ? "" : `<circle cx="${x(i)}" cy="${y(v)}" r="2.5"/>`)).join("");
			return `<g class="${escape(s.className)}"><polyline fill="none" points="${points.join(" ")}"/>${dots}</g>`;
		})
		.join("");
	const ticks = labels
		.map((l, i) =>
			i === 0 || i === labels.length - 1 ? `<text x="${x(i)}" y="${height - 4}" text-anchor="middle">${escape(l)}</text>` : "",
		)
		.join("");
	return svg(width, height, title, description, grid + lines + ticks);
}

/** A horizontal bar per row (a window's 按时办结率, say), 0–100 per cent, with its value written beside it. */
export function barChart(rows: { label: string; value: number | null }[], title: string, description: string): string {
	const width = 320;
	const bar = 18;
	const gap = 8;
	const left = 96;
	const height = Math.max(1, rows.length) * (bar + gap);
	const body = rows
		.map((r, i) => {
			const top = i * (bar + gap);
			const w = r.value === null ? 0 : round(((width - left - 40) * r.value) / 100);
			const value = r.value === null ? "—" : `${r.value}%`;
			return (
				`<text x="0" y="${top + 13}">${escape(r.label)}</text>` +
				`<rect class="app-chart__bar" x="${left}" y="${top}" width="${w}" height="${bar}"/>` +
				`<text x="${left + w + 4}" y="${top + 13}">${escape(value)}</text>`
			);
		})
		.join("");
	return svg(width, height, title, description, body);
}

function svg(width: number, height: number, title: string, description: string, body: string): string {
	const id = `chart-${Math.abs(hash(title + description)).toString(36)}`;
	return (
		`<svg class="app-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg">` +
		`<title id="${id}-t">${escape(title)}</title><desc id="${id}-d">${escape(description)}</desc>${body}</svg>`
	);
}

function hash(s: string): number {
	let h = 0;
	for (const ch of s) h = (Math.imul(31, h) + ch.charCodeAt(0)) | 0;
	return h;
}
