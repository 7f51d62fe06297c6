import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TRACKING_ALPHABET, newTrackingNo, parseQueryCode, parseTrackingNo } from "./tracking";

/** core/ has no DOM or Node types; the Web Crypto global exists in every runtime these tests run in. */
const webCrypto = (globalThis as unknown as { crypto: { getRandomValues<T extends Uint8Array>(array: T): T } }).crypto;
const randomBytes = (n: number) => webCrypto.getRandomValues(new Uint8Array(n));

const SHAPE = new RegExp(`^[${TRACKING_ALPHABET}]{4}-[${TRACKING_ALPHABET}]{4}$`);
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe("TRACKING_ALPHABET", () => {
	it("has 23 distinct characters and none of the look-alikes", () => {
		expect(new Set(TRACKING_ALPHABET).size).toBe(TRACKING_ALPHABET.length);
		expect(TRACKING_ALPHABET).toHaveLength(23);
		for (const c of "0O1IL2Z5S8BUV") expect(TRACKING_ALPHABET).not.toContain(c);
	});
});

describe("newTrackingNo", () => {
	it("makes 10,000 numbers of the form XXXX-XXXX from the alphabet, all different, all read back as they are", () => {
		const seen = new Set<string>();
		for (let i = 0; i < 10_000; i++) {
			const no = newTrackingNo(randomBytes);
			expect(no).toMatch(SHAPE);
			expect(parseTrackingNo(no)).toEqual({ ok: true, value: no });
			seen.add(no);
		}
		// 23^8 ≈ 7.8e10 numbers: a duplicate among 10,000 has a chance of about 6e-4.
		expect(seen.size).toBe(10_000);
	});

	it("uses every character of the alphabet", () => {
		const used = new Set<string>();
		for (let i = 0; i < 500; i++) for (const c of newTrackingNo(randomBytes).replace("-", "")) used.add(c);
		expect([...used].sort().join("")).toBe([...TRACKING_ALPHABET].sort().join(""));
	});

	it("skips bytes of 253 and above (rejection sampling), so every character is equally likely", () => {
		// 256 % 23 = 3: bytes 253, 254 and 255 would favour the first three characters.
		const stream = [255, 254, 253, 0, 22, 23, 252, 253, 1, 45, 46, 254, 229, 230, 255, 2];
		const requested: number[] = [];
		const fake = (n: number) => {
			requested.push(n);
			return Uint8Array.from({ length: n }, (_, i) => stream[i % stream.length]);
		};
		const A = TRACKING_ALPHABET;
		expect(newTrackingNo(fake)).toBe(`${A[0]}${A[22]}${A[0]}${A[22]}-${A[1]}${A[22]}${A[0]}${A[22]}`);
		expect(requested).toEqual([16]);
	});

	it("asks for more bytes until it has eight usable ones", () => {
		let calls = 0;
		const mostlyRejected = (n: number) => {
			calls++;
			const bytes = new Uint8Array(n).fill(255);
			bytes[0] = calls; // one usable byte per call
			return bytes;
		};
		const A = TRACKING_ALPHABET;
		expect(newTrackingNo(mostlyRejected)).toBe(`${A[1]}${A[2]}${A[3]}${A[4]}-${A[5]}${A[6]}${A[7]}${A[8]}`);
		expect(calls).toBe(8);
	});

	it("gives each character the same chance over all 253 usable byte values", () => {
		const counts = new Map<string, number>();
		for (let b = 0; b < 253; b++) {
			const c = newTrackingNo(() => new Uint8Array(16).fill(b))[0];
			counts.set(c, (counts.get(c) ?? 0) + 1);
		}
		expect(counts.size).toBe(23);
		expect(new Set(counts.values())).toEqual(new Set([11]));
	});
});

describe("parseTrackingNo", () => {
	it.each([
		["ACDE-3467", "ACDE-3467"],
		["acde-3467", "ACDE-3467"],
		["  ACDE-3467\t", "ACDE-3467"],
		["ACDE3467", "ACDE-3467"],
		["ACDE 3467", "ACDE-3467"],
		["AC-DE-34-67", "ACDE-3467"],
		["ACDE—3467", "ACDE-3467"],
		[fullWidth("acde-3467"), "ACDE-3467"],
		["ＡＣＤＥ　３４６７", "ACDE-3467"],
	])("forgives %j as typed", (input, value) => {
		expect(parseTrackingNo(input)).toEqual({ ok: true, value });
	});

	it.each([..."OIL01S5Z2B8UV"])("refuses the look-alike %s", (c) => {
		expect(parseTrackingNo(`ACDE-346${c}`)).toEqual({ ok: false, code: "tracking.format" });
		expect(parseTrackingNo(`ACDE-346${c.toLowerCase()}`)).toEqual({ ok: false, code: "tracking.format" });
	});

	it.each([
		"ACDE-*",
		"ACDE-%",
		"ACDE-346_",
		"ACDE-346*",
		"%%%%-%%%%",
		"____-____",
		"ACDE-346",
		"ACDE-34677",
		"ACD-E3467X",
		"ACDE-346\u200b7",
	])("refuses %j", (input) => {
		expect(parseTrackingNo(input)).toEqual({ ok: false, code: "tracking.format" });
	});

	it("refuses 1 KB of input without reading it", () => {
		expect(parseTrackingNo(`ACDE-3467${" ".repeat(1024)}`)).toEqual({ ok: false, code: "tracking.format" });
		expect(parseTrackingNo("A".repeat(1024))).toEqual({ ok: false, code: "tracking.format" });
	});

	it.each(["", "   ", "\u3000", "-", " - "])("calls %j empty", (input) => {
		expect(parseTrackingNo(input)).toEqual({ ok: false, code: "tracking.empty" });
	});

	it("returns only ASCII from the alphabet for any input it accepts", () => {
		fc.assert(
			fc.property(fc.string({ unit: "binary", maxLength: 40 }), (input) => {
				const r = parseTrackingNo(input);
				if (r.ok) expect(r.value).toMatch(SHAPE);
				else expect(["tracking.empty", "tracking.format"]).toContain(r.code);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe("parseQueryCode", () => {
	it.each([
		["123456", "123456"],
		["012345", "012345"],
		["１２３４５６", "123456"],
		[" 123 456 ", "123456"],
		["12 34 56", "123456"],
	])("takes %j as %s", (input, value) => {
		expect(parseQueryCode(input)).toEqual({ ok: true, value });
	});

	it.each(["12345", "1234567", "12345a", "abcdef", "123-456", "١٢٣٤٥٦", "12345６7", "*", "1".repeat(1024)])("refuses %j", (input) => {
		expect(parseQueryCode(input)).toEqual({ ok: false, code: "query.format" });
	});

	it.each(["", "  ", "\u3000"])("calls %j empty", (input) => {
		expect(parseQueryCode(input)).toEqual({ ok: false, code: "query.empty" });
	});
});
