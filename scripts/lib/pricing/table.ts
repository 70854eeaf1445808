/**
 * The committed price table of `npm run cost`: USD, on-demand, Linux, no free tier, per region.
 *
 * Where the numbers come from: AWS's public pricing pages and the AWS Price List (bulk API offer files), as they
 * stood on `PRICES_AS_OF`. The tool never calls a pricing API (the build machines and CI have no route to AWS
 * pricing endpoints and estimates must be reproducible in a review), so this file IS the price list: when AWS
 * changes a price, edit the number here, bump `PRICES_AS_OF` and the unit tests recompute their hand-checked
 * figures from it. Figures marked `approx` are rounded list prices that vary with the engine, tier or volume
 * band; docs/cost.md says which caveats apply.
 *
 * Units are in the key names: `Hour` per hour, `GbMonth` per GB-month, `Gb` per GB transferred or processed,
 * `PerMillion` per million requests, `Month` per month.
 */

/** Date the figures below were last checked against the public sources. */
export const PRICES_AS_OF = "2025-06-01";

/** Public sources of every figure (the AWS Price List offer index and the service pricing pages). */
export const PRICE_SOURCES = {
  priceList: "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.json",
  ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
  ebs: "https://aws.amazon.com/ebs/pricing/",
  vpc: "https://aws.amazon.com/vpc/pricing/",
  privatelink: "https://aws.amazon.com/privatelink/pricing/",
  elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
  fargate: "https://aws.amazon.com/fargate/pricing/",
  cloudfront: "https://aws.amazon.com/cloudfront/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  secretsmanager: "https://aws.amazon.com/secrets-manager/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  s3: "https://aws.amazon.com/s3/pricing/",
  ecr: "https://aws.amazon.com/ecr/pricing/",
  guardduty: "https://aws.amazon.com/guardduty/pricing/",
  config: "https://aws.amazon.com/config/pricing/",
  rds: "https://aws.amazon.com/rds/postgresql/pricing/",
  aurora: "https://aws.amazon.com/rds/aurora/pricing/",
  elasticache: "https://aws.amazon.com/elasticache/pricing/",
  dynamodb: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
  lambda: "https://aws.amazon.com/lambda/pricing/",
  apigateway: "https://aws.amazon.com/api-gateway/pricing/",
  sqs: "https://aws.amazon.com/sqs/pricing/",
  sns: "https://aws.amazon.com/sns/pricing/",
  eventbridge: "https://aws.amazon.com/eventbridge/pricing/",
  cognito: "https://aws.amazon.com/cognito/pricing/",
  route53: "https://aws.amazon.com/route53/pricing/",
  cloudmap: "https://aws.amazon.com/cloud-map/pricing/",
  efs: "https://aws.amazon.com/efs/pricing/",
  stepfunctions: "https://aws.amazon.com/step-functions/pricing/",
} as const;

/** AWS bills a month as 730 hours in its pricing examples and calculator. */
export const HOURS_PER_MONTH = 730;

export interface RegionPrices {
  /** EC2 on-demand Linux, per instance-hour. */
  readonly ec2Hour: Readonly<Record<string, number>>;
  /** EBS gp3 storage. */
  readonly ebsGp3GbMonth: number;
  /** Public IPv4 address (Elastic IP, ALB node, any in-use public address), per hour. */
  readonly publicIpv4Hour: number;
  readonly natHour: number;
  readonly natGb: number;
  /** Interface VPC endpoint, per endpoint per AZ. */
  readonly interfaceEndpointHour: number;
  readonly interfaceEndpointGb: number;
  readonly albHour: number;
  readonly albLcuHour: number;
  readonly nlbHour: number;
  readonly nlbLcuHour: number;
  readonly fargateVcpuHour: number;
  readonly fargateGbHour: number;
  /** approx: Fargate Spot prices float; the typical discount (~70 %) is used. */
  readonly fargateSpotVcpuHour: number;
  readonly fargateSpotGbHour: number;
  /** CloudFront to viewers in the region's own geography (Japan for Tokyo, United States for us-east-1), first 10 TB. */
  readonly cloudfrontGb: number;
  /** CloudFront HTTPS requests, per 10,000. */
  readonly cloudfrontHttpsPer10k: number;
  readonly wafAclMonth: number;
  readonly wafRuleMonth: number;
  readonly wafPerMillion: number;
  readonly kmsKeyMonth: number;
  readonly kmsPer10k: number;
  readonly secretMonth: number;
  /** Standard-resolution alarm, per metric. */
  readonly alarmMonth: number;
  readonly alarmHighResMonth: number;
  readonly compositeAlarmMonth: number;
  readonly dashboardMonth: number;
  /** Custom or detailed-monitoring metric, first 10,000 (EC2 detailed monitoring publishes 7 per instance). */
  readonly metricMonth: number;
  readonly logsIngestGb: number;
  readonly logsStorageGbMonth: number;
  /** Vended logs (VPC flow logs) delivered to S3, first 10 TB. */
  readonly vendedLogsS3Gb: number;
  readonly s3StandardGbMonth: number;
  readonly ecrGbMonth: number;
  /** approx: GuardDuty foundational analysis, first volume band. */
  readonly guardDutyEventsPerMillion: number;
  readonly guardDutyLogGb: number;
  readonly configItem: number;
  readonly configEvaluation: number;
  /** RDS single-AZ on-demand (PostgreSQL list price; MySQL/MariaDB are a few % lower), per instance-hour. */
  readonly rdsHour: Readonly<Record<string, number>>;
  /** RDS gp2/gp3 storage, single-AZ (Multi-AZ doubles it). */
  readonly rdsStorageGbMonth: number;
  /** Aurora PostgreSQL-compatible (Aurora Standard), per instance-hour. */
  readonly auroraHour: Readonly<Record<string, number>>;
  readonly auroraAcuHour: number;
  readonly auroraStorageGbMonth: number;
  readonly auroraIoPerMillion: number;
  /** ElastiCache (Redis OSS) on-demand, per node-hour. */
  readonly elasticacheHour: Readonly<Record<string, number>>;
  /** approx: ElastiCache Serverless (Redis OSS) data stored, per GB-hour (minimum 1 GB). */
  readonly elasticacheServerlessGbHour: number;
  readonly dynamoWritePerMillion: number;
  readonly dynamoReadPerMillion: number;
  readonly dynamoStorageGbMonth: number;
  readonly dynamoWcuHour: number;
  readonly dynamoRcuHour: number;
  readonly lambdaPerMillion: number;
  readonly lambdaGbSecondX86: number;
  readonly lambdaGbSecondArm: number;
  readonly apiRestPerMillion: number;
  readonly apiHttpPerMillion: number;
  readonly apiWebsocketPerMillion: number;
  readonly sqsStandardPerMillion: number;
  readonly sqsFifoPerMillion: number;
  readonly snsPerMillion: number;
  readonly eventBridgePerMillion: number;
  readonly schedulerPerMillion: number;
  /** Cognito user pools per MAU by feature tier (Lite, Essentials, Plus). */
  readonly cognitoMau: { readonly LITE: number; readonly ESSENTIALS: number; readonly PLUS: number };
  readonly route53ZoneMonth: number;
  readonly cloudMapInstanceMonth: number;
  readonly efsStandardGbMonth: number;
  readonly sfnPer1000Transitions: number;
  /** approx: Step Functions Express, per million requests (duration not counted). */
  readonly sfnExpressPerMillion: number;
}

/**
 * Prices that were the same in every region of this table on `PRICES_AS_OF` (global list prices: WAF, KMS,
 * Secrets Manager, CloudWatch alarms/metrics/dashboards, Lambda, SQS, SNS, EventBridge, Cognito, Route 53, …).
 * A region added later spreads this only after checking its pages say the same; it overrides what differs.
 */
const SAME_IN_EVERY_REGION = {
  publicIpv4Hour: 0.005,
  interfaceEndpointGb: 0.01,
  albLcuHour: 0.008,
  nlbLcuHour: 0.006,
  wafAclMonth: 5,
  wafRuleMonth: 1,
  wafPerMillion: 0.6,
  kmsKeyMonth: 1,
  kmsPer10k: 0.03,
  secretMonth: 0.4,
  alarmMonth: 0.1,
  alarmHighResMonth: 0.3,
  compositeAlarmMonth: 0.5,
  dashboardMonth: 3,
  metricMonth: 0.3,
  ecrGbMonth: 0.1,
  configItem: 0.003,
  configEvaluation: 0.001,
  lambdaPerMillion: 0.2,
  lambdaGbSecondX86: 0.0000166667,
  lambdaGbSecondArm: 0.0000133334,
  sqsStandardPerMillion: 0.4,
  sqsFifoPerMillion: 0.5,
  snsPerMillion: 0.5,
  eventBridgePerMillion: 1,
  schedulerPerMillion: 1,
  cognitoMau: { LITE: 0.0055, ESSENTIALS: 0.015, PLUS: 0.02 },
  route53ZoneMonth: 0.5,
  cloudMapInstanceMonth: 0.1,
  sfnPer1000Transitions: 0.025,
  sfnExpressPerMillion: 1,
} as const satisfies Partial<RegionPrices>;

const tokyo: RegionPrices = {
  ...SAME_IN_EVERY_REGION,
  ec2Hour: {
    "t3.micro": 0.0136, "t3.small": 0.0272, "t3.medium": 0.0544, "t3.large": 0.1088, "t3.xlarge": 0.2176, "t3.2xlarge": 0.4352,
    "t3a.small": 0.0245, "t3a.medium": 0.049, "t3a.large": 0.0979, "t3a.xlarge": 0.1958,
    "m6i.large": 0.124, "m6i.xlarge": 0.248, "m6i.2xlarge": 0.496,
    "m7i.large": 0.1302, "m7i.xlarge": 0.2604, "m7i.2xlarge": 0.5208,
    "c6i.large": 0.107, "c6i.xlarge": 0.214, "c7i.large": 0.1124, "c7i.xlarge": 0.2247,
    "r6i.large": 0.152, "r6i.xlarge": 0.304,
  },
  ebsGp3GbMonth: 0.096,
  natHour: 0.062,
  natGb: 0.062,
  interfaceEndpointHour: 0.014,
  albHour: 0.0243,
  nlbHour: 0.0243,
  fargateVcpuHour: 0.05056,
  fargateGbHour: 0.00553,
  fargateSpotVcpuHour: 0.01517,
  fargateSpotGbHour: 0.00166,
  cloudfrontGb: 0.114,
  cloudfrontHttpsPer10k: 0.012,
  logsIngestGb: 0.76,
  logsStorageGbMonth: 0.033,
  vendedLogsS3Gb: 0.38,
  s3StandardGbMonth: 0.025,
  guardDutyEventsPerMillion: 4.72,
  guardDutyLogGb: 1.18,
  rdsHour: {
    "db.t3.micro": 0.026, "db.t3.small": 0.052, "db.t3.medium": 0.104, "db.t3.large": 0.208,
    "db.t4g.micro": 0.025, "db.t4g.small": 0.05, "db.t4g.medium": 0.1, "db.t4g.large": 0.2,
    "db.m6g.large": 0.198, "db.m6g.xlarge": 0.396, "db.m6i.large": 0.22, "db.m7g.large": 0.21, "db.m7g.xlarge": 0.42,
    "db.r6g.large": 0.281, "db.r6g.xlarge": 0.562, "db.r7g.large": 0.298, "db.r7g.xlarge": 0.596,
  },
  rdsStorageGbMonth: 0.138,
  auroraHour: {
    "db.t3.medium": 0.125, "db.t4g.medium": 0.113, "db.t4g.large": 0.227,
    "db.r6g.large": 0.313, "db.r6g.xlarge": 0.626, "db.r6g.2xlarge": 1.252,
    "db.r7g.large": 0.333, "db.r7g.xlarge": 0.666, "db.r7g.2xlarge": 1.332, "db.r6i.large": 0.35,
  },
  auroraAcuHour: 0.15,
  auroraStorageGbMonth: 0.12,
  auroraIoPerMillion: 0.24,
  elasticacheHour: {
    "cache.t3.micro": 0.026, "cache.t3.small": 0.052, "cache.t3.medium": 0.104,
    "cache.t4g.micro": 0.025, "cache.t4g.small": 0.05, "cache.t4g.medium": 0.099,
    "cache.m6g.large": 0.195, "cache.m7g.large": 0.21, "cache.r6g.large": 0.261, "cache.r6g.xlarge": 0.522,
    "cache.r7g.large": 0.275, "cache.r7g.xlarge": 0.55,
  },
  elasticacheServerlessGbHour: 0.151,
  dynamoWritePerMillion: 0.715,
  dynamoReadPerMillion: 0.143,
  dynamoStorageGbMonth: 0.285,
  dynamoWcuHour: 0.000742,
  dynamoRcuHour: 0.0001484,
  apiRestPerMillion: 4.25,
  apiHttpPerMillion: 1.29,
  apiWebsocketPerMillion: 1.29,
  efsStandardGbMonth: 0.36,
};
const virginia: RegionPrices = {
  ...SAME_IN_EVERY_REGION,
  ec2Hour: {
    "t3.micro": 0.0104, "t3.small": 0.0208, "t3.medium": 0.0416, "t3.large": 0.0832, "t3.xlarge": 0.1664, "t3.2xlarge": 0.3328,
    "t3a.small": 0.0188, "t3a.medium": 0.0376, "t3a.large": 0.0752, "t3a.xlarge": 0.1504,
    "m6i.large": 0.096, "m6i.xlarge": 0.192, "m6i.2xlarge": 0.384,
    "m7i.large": 0.1008, "m7i.xlarge": 0.2016, "m7i.2xlarge": 0.4032,
    "c6i.large": 0.085, "c6i.xlarge": 0.17, "c7i.large": 0.08925, "c7i.xlarge": 0.1785,
    "r6i.large": 0.126, "r6i.xlarge": 0.252,
  },
  ebsGp3GbMonth: 0.08,
  natHour: 0.045,
  natGb: 0.045,
  interfaceEndpointHour: 0.01,
  albHour: 0.0225,
  nlbHour: 0.0225,
  fargateVcpuHour: 0.04048,
  fargateGbHour: 0.004445,
  fargateSpotVcpuHour: 0.01214,
  fargateSpotGbHour: 0.00133,
  cloudfrontGb: 0.085,
  cloudfrontHttpsPer10k: 0.01,
  logsIngestGb: 0.5,
  logsStorageGbMonth: 0.03,
  vendedLogsS3Gb: 0.25,
  s3StandardGbMonth: 0.023,
  guardDutyEventsPerMillion: 4,
  guardDutyLogGb: 1,
  rdsHour: {
    "db.t3.micro": 0.018, "db.t3.small": 0.036, "db.t3.medium": 0.072, "db.t3.large": 0.145,
    "db.t4g.micro": 0.016, "db.t4g.small": 0.032, "db.t4g.medium": 0.065, "db.t4g.large": 0.129,
    "db.m6g.large": 0.159, "db.m6g.xlarge": 0.318, "db.m6i.large": 0.178, "db.m7g.large": 0.168, "db.m7g.xlarge": 0.336,
    "db.r6g.large": 0.225, "db.r6g.xlarge": 0.45, "db.r7g.large": 0.239, "db.r7g.xlarge": 0.478,
  },
  rdsStorageGbMonth: 0.115,
  auroraHour: {
    "db.t3.medium": 0.082, "db.t4g.medium": 0.073, "db.t4g.large": 0.146,
    "db.r6g.large": 0.26, "db.r6g.xlarge": 0.52, "db.r6g.2xlarge": 1.04,
    "db.r7g.large": 0.276, "db.r7g.xlarge": 0.552, "db.r7g.2xlarge": 1.104, "db.r6i.large": 0.29,
  },
  auroraAcuHour: 0.12,
  auroraStorageGbMonth: 0.1,
  auroraIoPerMillion: 0.2,
  elasticacheHour: {
    "cache.t3.micro": 0.017, "cache.t3.small": 0.034, "cache.t3.medium": 0.068,
    "cache.t4g.micro": 0.016, "cache.t4g.small": 0.032, "cache.t4g.medium": 0.065,
    "cache.m6g.large": 0.149, "cache.m7g.large": 0.158, "cache.r6g.large": 0.206, "cache.r6g.xlarge": 0.412,
    "cache.r7g.large": 0.219, "cache.r7g.xlarge": 0.438,
  },
  elasticacheServerlessGbHour: 0.125,
  dynamoWritePerMillion: 0.625,
  dynamoReadPerMillion: 0.125,
  dynamoStorageGbMonth: 0.25,
  dynamoWcuHour: 0.00065,
  dynamoRcuHour: 0.00013,
  apiRestPerMillion: 3.5,
  apiHttpPerMillion: 1,
  apiWebsocketPerMillion: 1,
  efsStandardGbMonth: 0.3,
};
/** Price tables by region. A region missing here fails the estimate naming it (add its column deliberately). */
export const PRICES: Readonly<Record<string, RegionPrices>> = {
  "ap-northeast-1": tokyo,
  "us-east-1": virginia,
};

/** A price the table does not hold (an instance class, node type or region): names it and the file to extend. */
export class PricingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PricingError";
  }
}

export function regionPrices(region: string): RegionPrices {
  const p = PRICES[region];
  if (!p) throw new PricingError(`no price table for region ${region}; priced regions: ${Object.keys(PRICES).join(", ")} (scripts/lib/pricing/table.ts)`);
  return p;
}
