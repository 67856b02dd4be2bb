import {
  bounds,
  branch,
  type Ids,
  isDateField,
  isRecord,
  type JsonSchema,
  refusedBySchema,
  sample,
  wrongType,
} from "./schema.ts";

/** The bad values tried for a body field or a URL parameter, by JSON schema. */

export const LONG = "a".repeat(10_000);
const NUL = "a\u0000b";
const SURROGATE = "x\ud800y";
export const URL_NUL = "a%00b";
export const URL_SURROGATE = "x%ED%A0%80y";
export const BAD_PERCENT = "%E0%A4%A";
/** Numbers JavaScript cannot hold (1e400 is Infinity to JSON.parse) go into the JSON text as written. */
const raw = (text: string) => `__raw:${text}__`;
const rawNumber = (v: unknown) =>
  typeof v === "string" && v.startsWith("__raw:") ? Number(v.slice(6, -2)) : v;
const NUMBERS: unknown[] = [
  2147483648,
  -2147483649,
  raw("9223372036854775808"),
  1e308,
  -1,
  0.5,
  "NaN",
  raw("1e400"),
];
const URL_NUMBERS = [
  "2147483648",
  "-2147483649",
  "9223372036854775808",
  "1e308",
  "-1",
  "0.5",
  "NaN",
  "Infinity",
];
const DATES = ["0000-01-01", "9999-12-31", "2026-02-30", "+275760-09-13"];
export const DEEP = 100_000;
/** Never valid input, whatever the schema says: NUL, lone surrogates, days PostgreSQL or the calendar lack. */
export const NEVER_VALID = /NUL|lone surrogate|date (0000-01-01|2026-02-30|\+275760-09-13)|1e400/;

export function json(body: unknown): string {
  return JSON.stringify(body).replace(/"__raw:([^"]*)__"/g, "$1");
}

export /** The values tried for one body field or query parameter, with whether the schema refuses each. */
function fieldValues(name: string, schema: JsonSchema, required: boolean, ids: Ids) {
  const s = branch(schema);
  const out: Array<{ label: string; value: unknown }> = [
    { label: "missing", value: undefined },
    { label: "wrong type", value: wrongType(schema) },
    { label: "null", value: null },
  ];
  if (s.type === "string") {
    out.push({ label: "10,000 chars", value: LONG });
    if (s.maxLength !== undefined && s.maxLength < 10_000)
      out.push({ label: `maxLength+1 (${s.maxLength + 1})`, value: "a".repeat(s.maxLength + 1) });
    out.push({ label: "NUL", value: NUL }, { label: "lone surrogate", value: SURROGATE });
    // A number in a string (money, versions): as many digits as the field takes, beyond any bigint.
    const digits = Math.min(s.maxLength ?? 40, 40);
    if (digits >= 19) out.push({ label: `${digits} digits`, value: "9".repeat(digits) });
    if (isDateField(name, s)) for (const d of DATES) out.push({ label: `date ${d}`, value: d });
  }
  if (s.type === "integer" || s.type === "number") {
    for (const n of NUMBERS)
      out.push({ label: `number ${String(n).replace(/^__raw:(.*)__$/, "$1")}`, value: n });
    const { lo, hi } = bounds(s);
    for (const n of [lo - 1, hi + 1])
      if (Number.isSafeInteger(n) && !NUMBERS.includes(n)) out.push({ label: `number ${n}`, value: n });
  }
  if (s.type === "array") {
    // The same item twice (ids, entries, add-ons): a list must not reach a unique constraint with it.
    const item = sample(s.items ?? {}, name, ids);
    if ((s.maxItems ?? 2) >= 2)
      out.push({ label: "the same item twice", value: [item, structuredClone(item)] });
    const n = (s.maxItems ?? 0) + 1;
    if (s.maxItems !== undefined && n <= 5001) {
      const item = sample(s.items ?? {}, name, ids);
      out.push({ label: `maxItems+1 (${n})`, value: Array.from({ length: n }, () => item) });
    }
  }
  if (isRecord(s)) {
    const inner = sample(s.additionalProperties as JsonSchema, "k", ids);
    out.push(
      { label: "NUL in a key", value: { "k\u0000": inner } },
      { label: "lone surrogate in a key", value: { "x\ud800y": inner } },
      { label: "NUL in a value", value: { k: NUL } },
      { label: "lone surrogate in a value", value: { k: SURROGATE } },
      { label: "10,000 chars in a value", value: { k: LONG } },
      { label: "object as a value", value: { k: { deep: [1] } } },
    );
  }
  return out.map((v) => ({
    ...v,
    expectRefused: v.value === undefined ? required : refusedBySchema(schema, rawNumber(v.value)),
  }));
}

export function urlValues(name: string, raw: JsonSchema) {
  const s = branch(raw);
  const out: Array<{ label: string; value: string | undefined; refused: boolean }> = [
    { label: "missing", value: undefined, refused: false },
    { label: "empty", value: "", refused: false },
    { label: "10,000 chars", value: LONG, refused: s.maxLength !== undefined || !!s.enum },
    { label: "NUL", value: URL_NUL, refused: !!s.enum || !!s.pattern || s.type !== "string" },
    {
      label: "lone surrogate",
      value: URL_SURROGATE,
      refused: !!s.enum || !!s.pattern || s.type !== "string",
    },
  ];
  if (s.maxLength !== undefined && s.maxLength < 10_000)
    out.push({
      label: `maxLength+1 (${s.maxLength + 1})`,
      value: "a".repeat(s.maxLength + 1),
      refused: true,
    });
  if (s.enum) out.push({ label: "not in the enum", value: "zz-not-allowed", refused: true });
  if (s.type === "integer" || s.type === "number") {
    out.push({ label: "wrong type", value: "abc", refused: true });
    for (const n of URL_NUMBERS)
      out.push({ label: `number ${n}`, value: n, refused: refusedBySchema(s, Number(n)) });
  }
  if (isDateField(name, s))
    for (const d of DATES) out.push({ label: `date ${d}`, value: d.replace("+", "%2B"), refused: false });
  return out;
}
