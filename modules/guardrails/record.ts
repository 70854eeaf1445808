/**
 * Copy every waive() call into the synthesized JSON of its stack (`"//".waivers` — Terraform ignores `"//"`
 * keys), so the evaluator, `npm run policy` over cdktf.out and any later reviewer read waivers from the same
 * file as the resources they cover. Called once by buildApp after every construct exists.
 */
import { TerraformStack, type IConstruct } from "../../foundation/cdk";
import type { RecordedWaiver } from "./types";
import { waiversOn } from "./waive";

export function recordWaivers(root: IConstruct): void {
  for (const stack of root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
    const list: RecordedWaiver[] = stack.node
      .findAll()
      .flatMap((c) => waiversOn(c).map((w) => ({ ruleId: w.ruleId, reason: w.reason, scope: c.node.path })));
    if (list.length) stack.addOverride("//.waivers", list);
  }
}
