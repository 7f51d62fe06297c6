import { encode } from "uqr";

/**
 * A QR code as one SVG path, made at build time: each row's dark runs become one rectangle,
 * which keeps the markup a few hundred bytes instead of one element per module.
 */
export function qrSvg(text: string): { size: number; path: string } {
	const { data, size } = encode(text, { ecc: "M", border: 2 });
	let path = "";
	data.forEach((row, y) => {
		for (let x = 0; x < size; x++) {
			if (!row[x]) continue;
			const start = x;
			while (x < size && row[x]) x++;
			path += `M${start} ${y}h${x - start}v1h${start - x}z`;
		}
	});
	return { size, path };
}
