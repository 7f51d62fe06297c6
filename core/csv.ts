/**
 * CSV for spreadsheets (Excel, WPS, LibreOffice): UTF-8 with a byte-order mark so Chinese headers open
 * intact, CRLF line ends (RFC 4180), every cell quoted, and any cell a spreadsheet would run as a formula
 * made inert. The staff export and the open-data files both write through here.
 */

/** One CSV cell: quoted, quotes doubled, and formula-looking text (= + - @ tab CR first) made inert with a leading quote. */
export function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return `"${safe.replace(/"/g, '""')}"`;
}

/** A whole file: the byte-order mark, the header row, one line per row, each line ended by CRLF. */
export function csvFile(header: readonly string[], rows: readonly (readonly string[])[]): string {
	const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(","));
	return `\uFEFF${lines.join("\r\n")}\r\n`;
}
