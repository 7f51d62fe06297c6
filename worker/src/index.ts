import { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { MESSAGES, errorResponse, handleError } from "./lib/errors";
import { SECURITY_HEADERS } from "./lib/security-headers";
import { health } from "./routes/health";

const app = new Hono<AppEnv>();

app.use(async (c, next) => {
	await next();
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
	if (c.req.path.startsWith("/api/")) c.res.headers.set("Cache-Control", "no-store");
});

app.route("/api/health", health);

app.notFound((c) => {
	if (c.req.path.startsWith("/api/")) return errorResponse(c, 404, [{ code: "not_found", message: MESSAGES.not_found }]);
	// Pages the Worker does not own yet fall through to the built site (and its 404 page).
	return c.env.ASSETS.fetch(c.req.raw);
});

app.onError(handleError);

export default app;
