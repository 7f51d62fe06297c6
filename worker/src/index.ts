import { Hono } from "hono";
import type { AppEnv } from "./app-env";
import { apiError, handleError } from "./lib/errors";
import { limitSetting } from "./lib/rate-limit";
import { DEFAULT_RETENTION_DAYS, eraseComplaintData, erasePersonalData } from "./lib/retention";
import { SECURITY_HEADERS } from "../../core/security-headers";
import { chinaDate } from "../../core/calendar";
import { builtData } from "./lib/built-data";
import { storeMonthlyFigures } from "./services/performance";
import { defaultRatings } from "./services/ratings";
import { sweepSupervision } from "./services/supervision";
import { nearDaysSetting } from "../../core/supervision";
import { applications } from "./routes/applications";
import { catalogue } from "./routes/catalogue";
import { cmsAuth } from "./routes/cms-auth";
import { complaintPage, complaints } from "./routes/complaints";
import { feedback } from "./routes/feedback";
import { guide } from "./routes/guide";
import { health } from "./routes/health";
import { performance, performancePages } from "./routes/performance";
import { applyPage } from "./routes/apply-page";
import { receipt } from "./routes/receipt";
import { search } from "./routes/search";
import { staffAuth, staffGuard } from "./routes/staff-auth";
import { staffAbsence } from "./routes/staff-absence";
import { staffAgent } from "./routes/staff-agent";
import { staffCases } from "./routes/staff-cases";
import { staffComplaints } from "./routes/staff-complaints";
import { staffFeedback } from "./routes/staff-feedback";
import { staffPages } from "./routes/staff-pages";
import { staffRatings } from "./routes/staff-ratings";
import { staffSupervision } from "./routes/staff-supervision";

const app = new Hono<AppEnv>();

app.use(async (c, next) => {
	await next();
	// Responses from the assets binding have immutable headers: copy before adding ours.
	const res = new Response(c.res.body, c.res);
	// A route may set its own policy (the apply form with Turnstile, the CMS sign-in window's opener); every other header is ours.
	for (const [name, value] of Object.entries(SECURITY_HEADERS))
		if (!["Content-Security-Policy", "Cross-Origin-Opener-Policy"].includes(name) || !res.headers.has(name)) res.headers.set(name, value);
	if (c.req.path.startsWith("/api/")) res.headers.set("Cache-Control", "no-store");
	else if (c.req.path === "/items/" && new URL(c.req.url).search !== "") res.headers.set("Cache-Control", "no-cache");
	c.res = undefined;
	c.res = res;
});

// Every back-office path is guarded, whatever order the routes below are mounted in.
app.use("/staff/*", staffGuard);
app.use("/api/staff/*", staffGuard);
app.route("/", staffAuth);
app.route("/", staffPages);
app.route("/", staffRatings);
app.route("/", staffComplaints);
app.route("/", staffSupervision);
app.route("/api/staff/cases", staffCases);
app.route("/api/staff/absence", staffAbsence);
app.route("/api/staff", staffAgent);
app.route("/", staffFeedback);
app.route("/api/health", health);
app.route("/api/applications", applications);
app.route("/api/complaints", complaints);
app.route("/api/performance", performance);
app.route("/", complaintPage);
app.route("/", performancePages);
app.route("/api/feedback", feedback);
app.route("/", catalogue);
app.route("/", guide);
app.route("/", receipt);
app.route("/", applyPage);
app.route("/", search);
app.route("/", cmsAuth);

app.notFound((c) => {
	if (c.req.path.startsWith("/api/")) return apiError(c, 404, "not_found");
	// Pages the Worker does not own yet fall through to the built site (and its 404 page).
	return c.env.ASSETS.fetch(c.req.raw);
});

app.onError(handleError);

/** The hourly Cron Trigger: the 电子监察 sweep alone. Every other run (the daily one, a test's) does everything. */
const HOURLY = "0 * * * *";

export default {
	fetch: app.fetch,
	/**
	 * Every hour, the 电子监察 sweep. Daily besides: erase personal data past its retention period, record
	 * default ratings where a deployment wants them, store this and last month's public figures.
	 */
	async scheduled(controller, env) {
		const now = new Date(controller.scheduledTime);
		const deps = { db: env.DB, assets: env.ASSETS, data: await builtData(env.ASSETS), keys: undefined, now, today: chinaDate(now) };
		const supervision = await sweepSupervision(deps, nearDaysSetting(env.SUPERVISION_NEAR_DAYS));
		if (controller.cron === HOURLY) {
			console.log(JSON.stringify({ level: "info", message: "hourly", supervision }));
			return;
		}
		const days = limitSetting(env.RETENTION_DAYS, DEFAULT_RETENTION_DAYS);
		const erased = await erasePersonalData(env.DB, now, days);
		const complaintsErased = await eraseComplaintData(env.DB, now, days);
		const defaultRated = await defaultRatings(env, now);
		const figures = await storeMonthlyFigures(deps);
		console.log(JSON.stringify({ level: "info", message: "daily", erased, complaintsErased, defaultRated, figures, supervision, days }));
	},
} satisfies ExportedHandler<Env>;
