import { branch, branches, branchTag, type Ids, type JsonSchema, sample } from "./schema.ts";
import {
  BAD_PERCENT,
  DEEP,
  fieldValues,
  json,
  LONG,
  NEVER_VALID,
  URL_NUL,
  URL_SURROGATE,
  urlValues,
} from "./values.ts";

/**
 * Requests for one operation of the OpenAPI document: a baseline (every parameter and body field
 * valid, ids of the caller's world) and variants that change one thing at a time — each path
 * parameter, query parameter and body field (top level and one nested level) gets missing, wrong
 * type, null, too long, NUL, lone surrogate, out-of-range numbers and impossible dates; each
 * object an unknown field and a NUL in a key; each operation bad JSON, other content types, an
 * empty body, an array, deep nesting with an Idempotency-Key, an over-long path, malformed
 * percent-encoding and a repeated query parameter.
 */

export interface Operation {
  method: string;
  path: string;
  pathParams: Array<{ name: string; schema: JsonSchema }>;
  queryParams: Array<{ name: string; schema: JsonSchema; required: boolean }>;
  /** The JSON body schema; undefined when the route declares none. */
  body: JsonSchema | undefined;
}

export interface Probe {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** Certainly refused by validation (batched between two fingerprints). */
  expectRefused: boolean;
  /** Bad input: a 2xx is a failure too. */
  mustRefuse: boolean;
}

export interface Prepared {
  /** Path parameters: URL-safe real ids. */
  params: Record<string, string>;
  headers: Record<string, string>;
  /** Replaces the generated baseline body (a few operations need a coherent one). */
  body?: unknown;
  /** Ids that differ for this operation (a throwaway subscription's add-on…). */
  ids?: Ids;
}

type Query = Array<[string, string]>;
interface Shape {
  params: Record<string, string>;
  query: Query;
  body: unknown;
}

function urlOf(op: Operation, shape: Shape): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => shape.params[name] ?? "");
  const query = shape.query.map(([k, v]) => `${k}=${v}`).join("&");
  return query ? `${path}?${query}` : path;
}

/** Sets (or with `undefined` deletes) the value at `path` in a deep copy of `body`. */
function setAt(body: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

type Path = Array<string | number>;
interface Location {
  label: string;
  name: string;
  schema: JsonSchema;
  required: boolean;
  /** The body with `value` at this location (undefined deletes it). */
  apply(body: unknown, value: unknown): unknown;
}

/**
 * Body locations: top-level fields, and one nested level (the fields of an object field, of the
 * first item of an array field, of each branch of a oneOf field; the first item of an array of
 * scalars). A nested location whose parent the baseline leaves out (or holds as another branch)
 * gets a complete sample of the parent around the change.
 */
function* bodyFields(top: JsonSchema, body: unknown, ids: Ids): Generator<Location> {
  for (const [name, fs] of Object.entries(top.properties ?? {})) {
    const required = top.required?.includes(name) ?? false;
    yield { label: name, name, schema: fs, required, apply: (b, v) => setAt(b, [name], v) };
    const inner = branch(fs);
    const isArray = inner.type === "array";
    const options = branches(isArray ? (inner.items ?? {}) : fs);
    for (const [i, holder] of options.entries()) {
      const present = (body as Record<string, unknown>)?.[name];
      const fresh = isArray ? [sample(holder, name, ids)] : sample(holder, name, ids);
      const parent = i === 0 ? (present ?? sample(fs, name, ids)) : fresh;
      const tag = options.length > 1 ? `(${branchTag(holder, i)})` : "";
      const around = (sub: Path) => (b: unknown, v: unknown) => setAt(b, [name], setAt(parent, sub, v));
      if (isArray && holder.type !== "object") {
        yield { label: `${name}.0`, name, schema: holder, required: true, apply: around([0]) };
        continue;
      }
      if (holder.type !== "object" || !holder.properties) continue;
      for (const [sub, ss] of Object.entries(holder.properties)) {
        const path: Path = isArray ? [0, sub] : [sub];
        yield {
          label: `${name}${tag}.${path.join(".")}`,
          name: sub,
          schema: ss,
          required: holder.required?.includes(sub) ?? false,
          apply: around(path),
        };
      }
    }
  }
}

/** Objects that get an unknown field: the body and the objects one level down (each oneOf branch). */
function* objectsOf(top: JsonSchema, body: unknown, ids: Ids) {
  yield {
    label: "body",
    strict: top.additionalProperties === false,
    apply: (b: unknown, k: string) => setAt(b, [k], 1),
  };
  for (const [name, fs] of Object.entries(top.properties ?? {})) {
    const inner = branch(fs);
    const isArray = inner.type === "array";
    const options = branches(isArray ? (inner.items ?? {}) : fs);
    for (const [i, holder] of options.entries()) {
      if (holder.type !== "object" || !holder.properties) continue;
      const present = (body as Record<string, unknown>)?.[name];
      const parent =
        i === 0 && present !== undefined && present !== null
          ? present
          : isArray
            ? [sample(holder, name, ids)]
            : sample(holder, name, ids);
      const tag = options.length > 1 ? `(${branchTag(holder, i)})` : "";
      const sub: Path = isArray ? [0] : [];
      yield {
        label: `${name}${tag}${isArray ? ".0" : ""}`,
        strict: holder.additionalProperties === false,
        apply: (b: unknown, k: string) => setAt(b, [name], setAt(parent, [...sub, k], 1)),
      };
    }
  }
}

export function deriveProbes(op: Operation, prepared: Prepared, worldIds: Ids): Probe[] {
  const ids = { ...worldIds, ...prepared.ids };
  const hasBody = op.method !== "GET";
  const base: Shape = {
    params: prepared.params,
    query: [],
    body: hasBody && op.body ? (prepared.body ?? sample(op.body, "body", ids, "", true)) : undefined,
  };
  // Like the body, the baseline query holds the required parameters only: the variants add the
  // others one at a time (every filter at once would leave the lists empty).
  const queryPair = (q: Operation["queryParams"][number]): [string, string] => [
    q.name,
    encodeURIComponent(String(sample(q.schema, q.name, ids))),
  ];
  // ?dryRun=true (the enum's first value) stays: a preview runs the command's code without
  // committing, so every variant gets as deep as a commit would and the target stays as it was.
  for (const q of op.queryParams) if (q.required || q.name === "dryRun") base.query.push(queryPair(q));
  const probes: Probe[] = [];
  const add = (label: string, shape: Shape, expectRefused: boolean, extra: Partial<Probe> = {}) => {
    const payload = shape.body === undefined ? undefined : json(shape.body);
    probes.push({
      label,
      method: op.method,
      url: urlOf(op, shape),
      headers: {
        ...prepared.headers,
        ...(payload === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(payload === undefined ? {} : { payload }),
      expectRefused,
      // An empty path segment may route elsewhere (GET /accounts/ is the list).
      mustRefuse: (expectRefused && !label.endsWith(": empty")) || NEVER_VALID.test(label),
      ...extra,
    });
  };
  add("baseline", base, false);

  for (const p of op.pathParams) {
    const withParam = (v: string) => ({ ...base, params: { ...base.params, [p.name]: v } });
    add(`path ${p.name}: empty`, withParam(""), true);
    add(`path ${p.name}: 10,000 chars`, withParam(LONG), true);
    if (p.schema.maxLength !== undefined)
      add(`path ${p.name}: maxLength+1`, withParam("a".repeat(p.schema.maxLength + 1)), true);
    add(`path ${p.name}: NUL`, withParam(URL_NUL), true);
    add(`path ${p.name}: lone surrogate`, withParam(URL_SURROGATE), true);
  }

  for (const q of op.queryParams) {
    for (const v of urlValues(q.name, q.schema)) {
      if (v.value === undefined && !q.required) continue; // leaving out an optional parameter is valid input
      const query: Query = base.query.filter(([k]) => k !== q.name);
      if (v.value !== undefined) query.push([q.name, v.value]);
      add(`query ${q.name}: ${v.label}`, { ...base, query }, v.value === undefined ? q.required : v.refused);
    }
  }

  // A body that is a oneOf (accounts: reseller | end_customer | direct_customer): each branch
  // gets its own baseline and variants.
  const bodyBranches = hasBody && op.body ? branches(op.body) : [];
  for (const [i, top] of bodyBranches.entries()) {
    const tag = bodyBranches.length > 1 ? ` [${branchTag(top, i)}]` : "";
    const body = i === 0 ? base.body : sample(top, "body", ids, "", true);
    if (i > 0) add(`baseline${tag}`, { ...base, body }, false);
    for (const f of bodyFields(top, body, ids)) {
      // Leaving out an optional field is valid input (and at the top level, the baseline itself).
      for (const v of fieldValues(f.name, f.schema, f.required, ids))
        if (v.label !== "missing" || f.required)
          add(
            `body${tag} ${f.label}: ${v.label}`,
            { ...base, body: f.apply(body, v.value) },
            v.expectRefused,
          );
    }
    for (const o of objectsOf(top, body, ids)) {
      add(`${o.label}${tag}: unknown field`, { ...base, body: o.apply(body, "zzUnknown") }, o.strict);
      add(`${o.label}${tag}: NUL in a key`, { ...base, body: o.apply(body, "a\u0000b") }, o.strict);
    }
  }

  // Per operation.
  const bodySchema = op.body ? branch(op.body) : undefined;
  const noBody = { ...base, body: undefined };
  const firstParam = op.pathParams[0]?.name;
  const withFirstParam = (v: string): Shape =>
    firstParam ? { ...base, params: { ...base.params, [firstParam]: v } } : base;
  if (hasBody) {
    const raw = (label: string, payload: string, type: string, refused: boolean, headers = {}) =>
      add(label, noBody, refused, {
        payload,
        headers: { ...prepared.headers, "content-type": type, ...headers },
      });
    raw("bad JSON", '{"a":', "application/json", true);
    // Fastify parses text/plain itself; a route without a body ignores it.
    raw("text/plain", "hello", "text/plain", !!bodySchema);
    raw("form-urlencoded", "a=b", "application/x-www-form-urlencoded", true);
    raw("empty JSON body", "", "application/json", op.method !== "DELETE");
    raw("JSON null", "null", "application/json", !!bodySchema && !bodySchema.nullable);
    raw("array instead of an object", "[]", "application/json", !!bodySchema);
    raw(
      `${DEEP} nested arrays with an Idempotency-Key`,
      "[".repeat(DEEP) + "]".repeat(DEEP),
      "application/json",
      !!bodySchema,
      { "idempotency-key": `bad-input-${Math.random().toString(36).slice(2)}` },
    );
  }
  if (firstParam) {
    add("over-long path (5,000-char id)", withFirstParam("b".repeat(5_000)), true);
    add("malformed percent-encoding in the path", withFirstParam(BAD_PERCENT), true);
  } else {
    add("over-long path (5,000-char segment)", base, true, {
      url: `${urlOf(op, base).split("?")[0]}/${"b".repeat(5_000)}`,
    });
    add(
      "malformed percent-encoding in the query",
      { ...base, query: [...base.query, ["zz", BAD_PERCENT]] },
      false,
    );
  }
  const first = op.queryParams[0] && queryPair(op.queryParams[0]);
  add(
    "repeated query parameter",
    {
      ...base,
      query: first
        ? [...base.query.filter(([k]) => k !== first[0]), first, first]
        : [
            ["zz", "1"],
            ["zz", "2"],
          ],
    },
    false,
  );
  add("unknown query parameter", { ...base, query: [...base.query, ["zzUnknown", "1"]] }, false);
  return probes;
}
