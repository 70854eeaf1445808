/**
 * Every rule of the policy pack, on one compliant and one non-compliant fixture
 * (__tests__/fixtures/guardrails-rules.ts). A rule without fixtures fails the first test.
 */
import { evaluate, findingLine, RULES, RULES_BY_ID } from "../modules/guardrails";
import { FIXTURES } from "./fixtures/guardrails-rules";

/** Rules that forbid a resource type outright: compliant = the type is absent, so nothing is evaluated. */
const ABSENCE_RULES = new Set<string>([]);

function run(ruleId: string, which: 0 | 1) {
  const rule = RULES_BY_ID.get(ruleId)!;
  return evaluate([{ name: `fixture-${which ? "bad" : "good"}`, json: FIXTURES[ruleId][which] }], [rule]).findings.filter((f) => f.ruleId === ruleId);
}

describe("policy pack rules", () => {
  it("every rule has a compliant and a non-compliant fixture, and every fixture names a rule", () => {
    expect(RULES.map((r) => r.id).filter((id) => !FIXTURES[id])).toEqual([]);
    expect(Object.keys(FIXTURES).filter((id) => !RULES_BY_ID.has(id))).toEqual([]);
  });

  it("rule ids are unique and every rule has a title, types and a fix", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.types.length).toBeGreaterThan(0);
      expect(r.fix.length).toBeGreaterThan(5);
    }
  });

  describe.each(RULES.map((r) => [r.id]))("%s", (id) => {
    it("passes the compliant fixture", () => {
      const f = run(id, 0);
      expect(f.filter((x) => x.result !== "pass").map((x) => findingLine(x))).toEqual([]);
      // The rule really evaluated the fixture (a pass finding), unless compliance means "not declared".
      expect(f.some((x) => x.result === "pass")).toBe(!ABSENCE_RULES.has(id));
    });
    it("fails the non-compliant fixture with attribute, expected value and fix", () => {
      const f = run(id, 1).filter((x) => x.result === "fail");
      expect(f.length).toBeGreaterThan(0);
      for (const x of f) {
        expect(x.attribute).toBeTruthy();
        expect(x.expected).toBeTruthy();
        expect(findingLine(x)).toContain(id);
        expect(findingLine(x)).toContain(x.address);
        expect(findingLine(x)).toContain("Fix:");
      }
    });
  });
});
