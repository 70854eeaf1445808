import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "../../foundation/cdk";

/**
 * Alias A and AAAA records for every name of the distribution. `label` keys the construct ids, so adding a name
 * never moves the existing records.
 */
export class DistributionAliasRecords extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly hostedZoneId: string;
      readonly names: readonly { readonly label: string; readonly name: string }[];
      readonly target: { readonly domainName: string; readonly hostedZoneId: string };
    },
  ) {
    super(scope, id);
    for (const { label, name } of props.names) {
      for (const type of ["A", "AAAA"] as const) {
        new Route53Record(this, `${label}_${type.toLowerCase()}`, {
          zoneId: props.hostedZoneId,
          name,
          type,
          alias: { name: props.target.domainName, zoneId: props.target.hostedZoneId, evaluateTargetHealth: false },
        });
      }
    }
  }
}
