import { type FieldError, fieldLabel } from "./application";
import type { OnlineItem } from "./online-item";
import { type StringKey, t } from "./zh-CN";

/** The labels of the fields every form has, by their input name. */
export const FIXED_LABELS: Record<string, string> = {
	centre: t("apply.label.centre"),
	"applicant.name": t("apply.label.applicant.name"),
	"applicant.idNumber": t("apply.label.applicant.idNumber"),
	"applicant.phone": t("apply.label.applicant.phone"),
	"applicant.village": t("apply.label.applicant.village"),
	consent: t("apply.label.consent"),
	trackingNo: t("track.label.trackingNo"),
	queryCode: t("track.label.queryCode"),
};

/**
 * The Chinese sentence for one field error, the same in the page and the Worker. The key's type is the
 * compiler's check that every code core/ can return (ErrorCode) has its sentence `error.<code>` in the table.
 */
export function errorMessage(error: FieldError, item?: OnlineItem): string {
	const key: StringKey = error.code === "required" && isChoice(error.field, item) ? "error.required.choice" : `error.${error.code}`;
	return t(key, { label: fieldLabel(item, error.field, FIXED_LABELS) });
}

/** Fields a person picks rather than types: 请选择, not 请填写. */
function isChoice(field: string | undefined, item: OnlineItem | undefined): boolean {
	if (field === "centre" || field === "applicant.village") return true;
	const type = field?.startsWith("answers.") ? item?.form.fields.find((f) => f.name === field.slice(8))?.type : undefined;
	return type === "select" || type === "radio" || type === "checkboxes" || type === "village";
}
