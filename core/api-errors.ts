import type { StringKey } from "./zh-CN";

/**
 * The codes of the API's error envelope `{ errors: [{ code, message, field? }] }` besides the field
 * errors of a form (ErrorCode, worded by errorMessage), each with its words in the string table. The
 * `satisfies` is the compiler's check that no code is without words; a route may give more precise
 * words from the table for the same code.
 */
export const API_ERROR_WORDS = {
	not_found: "api.notFound",
	method_not_allowed: "api.methodNotAllowed",
	bad_request: "api.badRequest",
	internal: "api.internal",
	body_content_type: "api.contentType",
	body_too_large: "api.tooLarge",
	body_encoding: "api.encoding",
	body_json: "api.json",
	cross_site: "api.crossSite",
	personal_data_in_url: "api.personalDataInUrl",
	turnstile: "api.turnstile",
	not_configured: "api.notConfigured",
	rate_limited: "api.rateLimited",
	idempotency_key_required: "api.idempotency.required",
	idempotency_key_format: "api.idempotency.format",
	idempotency_key_reused: "api.idempotency.mismatch",
	lookup_failed: "lookup.failed",
	unauthenticated: "staff.unauthenticated",
	not_staff: "staff.notStaff",
	unavailable: "staff.unavailable",
	forbidden: "staff.error.forbidden",
	illegal_transition: "staff.error.transition",
	stale: "staff.error.stale",
	correction_once: "staff.error.correctionOnce",
	deemed_accepted: "staff.error.deemed",
	extension_once: "staff.error.extensionOnce",
	no_extension: "staff.error.noExtension",
	no_suspension: "staff.error.noSuspension",
	erased: "staff.error.erased",
	bad_filter: "staff.error.badFilter",
	bad_range: "staff.error.exportRange",
	invalid: "staff.error.commandBody",
	not_ratable: "rating.error.notRatable",
	already_rated: "rating.error.already",
	rating_wait_reply: "rating.error.waitReply",
	follow_up_step: "followUp.error.none",
	complaint_state: "complaint.error.state",
	no_overdue_reason: "staff.error.overdueReason.none",
	supervision_swept: "supervision.error.swept",
	supervision_closed: "supervision.error.closed",
	complaint_not_rateable: "complaint.error.notRateable",
	"agent.scope": "staff.apply.error.village",
	"agent.not_allowed": "staff.apply.error.notAllowed",
} as const satisfies Record<string, StringKey>;

export type ApiErrorCode = keyof typeof API_ERROR_WORDS;
