import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Catalogue, EN, type StringKey } from "./strings.en.ts";

export type { StringKey };

/**
 * The string catalogues by language. English is built in; every `strings.<lang>.json` in this
 * folder is loaded at start-up (a translation is a file, not a change of code). A catalogue may
 * leave keys out: those fall back to English. `registerCatalogue` adds one at run time (tests).
 */
const catalogues = new Map<string, Partial<Catalogue>>([["en", EN]]);

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export function registerCatalogue(language: string, strings: Partial<Record<StringKey, string>>): void {
  if (!LANGUAGE.test(language)) throw new TypeError(`'${language}' is not a language tag`);
  const unknown = Object.keys(strings).filter((k) => !(k in EN));
  if (unknown.length > 0) throw new TypeError(`Unknown string keys in '${language}': ${unknown.join(", ")}`);
  catalogues.set(language, { ...strings });
}

function loadFiles(): void {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const file of readdirSync(dir)) {
    const m = /^strings\.([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\.json$/.exec(file);
    if (m) registerCatalogue(m[1]!, JSON.parse(readFileSync(join(dir, file), "utf8")));
  }
}
loadFiles();

/** The languages with a catalogue (English first). */
export function languages(): string[] {
  return [...catalogues.keys()];
}

/** The catalogue of a language tag: the exact tag, then its language (de-AT → de), then English. */
function catalogueOf(language: string | null | undefined): Partial<Catalogue> {
  const tag = (language ?? "en").trim();
  const [primary, region] = tag.split(/[-_]/);
  const canonical = region ? `${primary!.toLowerCase()}-${region}` : tag.toLowerCase();
  return (
    catalogues.get(tag) ??
    catalogues.get(canonical) ??
    catalogues.get(canonical.toLowerCase()) ??
    catalogues.get(primary!.toLowerCase()) ??
    EN
  );
}

/** A translator for `language` (regional → its language → English): `t(key, { name })` fills `{name}` placeholders. */
export function translator(language: string | null | undefined) {
  const strings = catalogueOf(language);
  return (key: StringKey, values: Record<string, string | number> = {}): string =>
    (strings[key] ?? EN[key]).replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}
