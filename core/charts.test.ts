import { describe, expect, it } from "vitest";
import { barChart, lineChart } from "./charts";

describe("SVG charts", () => {
	it("draws a labelled line chart that leaves a gap for a month without a value, and escapes text", () => {
		const svg = lineChart(
			["2026-01", "2026-02", "2026-03"],
			[{ name: "按时", values: [90, null, 100], className: "a<b" }],
			"按时办结率 <趋势>",
			"说明",
		);
		expect(svg).toMatch(/^<svg class="app-chart"[^>]*role="img" aria-labelledby="(chart-\w+)-t \1-d"/);
		expect(svg).toContain("<title id=");
		expect(svg).toContain("按时办结率 &lt;趋势&gt;");
		expect(svg).toContain('class="a&lt;b"');
		// Two points and two dots: the null month is skipped, not drawn as zero.
		expect(svg.match(/<circle /g)).toHaveLength(2);
		expect(svg).toContain("2026-01");
		expect(svg).toContain("2026-03");
	});

	it("draws a bar per row with its value, and — for none", () => {
		const svg = barChart(
			[
				{ label: "民政", value: 80 },
				{ label: "医保", value: null },
			],
			"各窗口",
			"说明",
		);
		expect(svg.match(/<rect /g)).toHaveLength(2);
		expect(svg).toContain(">80%<");
		expect(svg).toContain(">—<");
		expect(svg).toContain('width="0"');
	});
});
