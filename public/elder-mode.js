// 长辈版 (elder mode): larger text and spacing, remembered on this device. Loaded in <head> as a plain
// script so the page never flashes at the small size; without JavaScript the switch stays hidden.
(function () {
	var KEY = "bianmin.elder";
	var root = document.documentElement;
	try {
		if (localStorage.getItem(KEY) === "1") root.setAttribute("data-elder", "");
	} catch {
		// Storage blocked: start at the normal size.
	}

	document.addEventListener("DOMContentLoaded", function () {
		var found = document.getElementById("elder-toggle");
		if (!found) return;
		var button = found;
		var render = function () {
			var active = root.hasAttribute("data-elder");
			button.setAttribute("aria-pressed", active ? "true" : "false");
		};
		button.hidden = false;
		render();
		button.addEventListener("click", function () {
			var active = !root.hasAttribute("data-elder");
			if (active) root.setAttribute("data-elder", "");
			else root.removeAttribute("data-elder");
			try {
				localStorage.setItem(KEY, active ? "1" : "0");
			} catch {
				// Private mode: the switch still works for this page.
			}
			render();
		});
	});
})();
