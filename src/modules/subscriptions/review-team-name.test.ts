import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildDropboxServicesDefinition } from "../../service-managers/dropbox/index.ts";
import { teamName } from "./subscriptions.rules.ts";

/**
 * Review: R-ORD-07 "The Dropbox team name is the end customer's account name, cut to its first
 * 20 characters". teamName() counts Unicode code points, not characters as a person reads them:
 * a decomposed accent (NFD, as macOS and some imports produce) or a multi-code-point emoji is cut
 * in half, so the same visible name gives different team names, and a cut can leave a bare base
 * letter or a dangling joiner. A cut that ends on a space also leaves a trailing space.
 */
const dbx = buildDropboxServicesDefinition().productTypes.find((t) => t.code === "dropbox")!.policies;

describe("review: R-ORD-07 team name with non-ASCII names", () => {
  it("R-ORD-07 the same visible name gives the same team name in NFC and NFD", () => {
    const name = "Société Générale Éducation";
    assert.equal(teamName(dbx, name.normalize("NFD")), teamName(dbx, name.normalize("NFC")));
  });

  it("R-ORD-07 the cut counts characters as read: 20 of them, never half of one", () => {
    const nfd = "Crème Brûlée Café Désert".normalize("NFD"); // 24 visible characters
    const cut = teamName(dbx, nfd)!;
    const graphemes = [...new Intl.Segmenter("und", { granularity: "grapheme" }).segment(cut)].length;
    assert.equal(graphemes, 20, `cut to ${graphemes} visible characters: ${JSON.stringify(cut)}`);
    const family = "Family 👨‍👩‍👧 Bakery of the North";
    const cutFamily = teamName(dbx, family)!;
    assert.ok(!cutFamily.endsWith("\u200d"), "no dangling zero-width joiner");
    assert.ok(
      cutFamily.includes("👨‍👩‍👧"),
      `the emoji is one character and is kept whole: ${JSON.stringify(cutFamily)}`,
    );
  });

  it("R-ORD-07 a cut ending on a space leaves no trailing space", () => {
    const cut = teamName(dbx, "Acme Industries Ltd Holdings")!; // the 20th character is a space
    assert.equal(cut, cut.trimEnd());
  });
});
