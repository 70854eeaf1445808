/**
 * Logical IDs and output names are a contract: state addresses change only deliberately.
 *
 * `__tests__/fixtures/addresses.json` lists every resource address and output of every synthesized stack. A
 * change here means Terraform will destroy and recreate (or a consumer loses an output): ship a `moved` block
 * (`resource.moveFromId(...)`) with a rename, then regenerate the fixture with
 *   UPDATE_ADDRESSES=1 npx jest __tests__/addresses.test.ts
 * and review the diff in the PR.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allStacks } from "./helpers/synth";

const FIXTURE = join(__dirname, "fixtures", "addresses.json");

function current(): Record<string, { resources: string[]; outputs: string[] }> {
  const out: Record<string, { resources: string[]; outputs: string[] }> = {};
  for (const [name, s] of [...allStacks().entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const resources = Object.entries(s.json.resource ?? {}).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
    out[name] = { resources: resources.sort(), outputs: Object.keys(s.json.output ?? {}).sort() };
  }
  return out;
}

describe("state address contract", () => {
  const now = current();
  if (process.env.UPDATE_ADDRESSES === "1" || !existsSync(FIXTURE)) {
    writeFileSync(FIXTURE, JSON.stringify(now, null, 2) + "\n");
  }
  const pinned = JSON.parse(readFileSync(FIXTURE, "utf8")) as ReturnType<typeof current>;

  it("the same stacks exist", () => {
    expect(Object.keys(now)).toEqual(Object.keys(pinned));
  });

  it.each(Object.keys(pinned))("%s keeps its resource addresses and outputs", (name) => {
    expect(now[name]).toEqual(pinned[name]);
  });
});
