import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "../../foundation/cdk";

export interface AppTableProps {
  /** Table name. */
  readonly name: string;
  /** String partition key and optional string sort key. */
  readonly partitionKey: string;
  readonly sortKey?: string;
  /** TTL attribute (epoch seconds); absent = no TTL. */
  readonly ttlAttribute?: string;
  /** Point-in-time recovery (35 days). */
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  /** CMK of the table. */
  readonly kmsKeyArn: string;
}

/** A DynamoDB table: on-demand, CMK encryption, point-in-time recovery, TTL, deletion protection as configured. */
export class AppTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: AppTableProps) {
    super(scope, id);
    const keys = [props.partitionKey, ...(props.sortKey ? [props.sortKey] : [])];
    this.table = new DynamodbTable(this, "table", {
      name: props.name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: props.partitionKey,
      rangeKey: props.sortKey,
      attribute: keys.map((name) => ({ name, type: "S" })),
      ...(props.ttlAttribute ? { ttl: { attributeName: props.ttlAttribute, enabled: true } } : {}),
      pointInTimeRecovery: { enabled: props.pointInTimeRecovery },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      deletionProtectionEnabled: props.deletionProtection,
    });
  }
}
