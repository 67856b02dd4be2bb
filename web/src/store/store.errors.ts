import { ApiError } from "../api.ts";

/**
 * Turns an API error into field errors for a form: a 400's `details.issues` (paths like
 * "body.quantity") and a refused command's `details.violations` (rule ID + message) land next to
 * the field they name; what names no field is the form's message.
 */
export interface FormErrors {
  fields: Record<string, string>;
  message: string | null;
}

export function formErrorsOf(
  e: unknown,
  fieldOfViolation?: (code: string) => string | undefined,
): FormErrors {
  if (!(e instanceof ApiError)) return { fields: {}, message: "Something went wrong. Please try again." };
  const fields: Record<string, string> = {};
  const issues = (e.details?.issues ?? []) as { path?: string; message: string }[];
  for (const i of issues) {
    const path = String(i.path ?? "").replace(/^(body|querystring|params)\.?/, "");
    if (path && path !== "(input)") fields[path] = i.message;
  }
  const violations = (e.details?.violations ?? []) as { code: string; message: string }[];
  const rest: string[] = [];
  for (const v of violations) {
    const field = fieldOfViolation?.(v.code);
    if (field && !fields[field]) fields[field] = `${v.message} (${v.code})`;
    else rest.push(`${v.message} (${v.code})`);
  }
  const named = Object.keys(fields).length > 0;
  const message = rest.length > 0 ? rest.join(" ") : named ? null : e.message;
  return { fields, message };
}
