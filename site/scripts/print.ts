/** The "打印一次性告知单" button opens the print dialog; without JavaScript it stays hidden (the browser's own print works). */
export function enablePrintButton(): void {
	const button = document.getElementById("print-button");
	if (!button) return;
	button.hidden = false;
	button.addEventListener("click", () => window.print());
}
