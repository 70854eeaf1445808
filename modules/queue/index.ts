import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { SqsQueueRedriveAllowPolicy } from "@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy";
import { Construct } from "../../foundation/cdk";
import { ConfigError } from "../../foundation/errors";
import { policyDocument, type Statement } from "../iam/policy";

export interface QueueProps {
  readonly name: string;
  readonly dlqName: string;
  /** Seconds; with a consumer ≥ 6 × its timeout (checked here and in envs/validate.ts). */
  readonly visibilityTimeoutSeconds: number;
  readonly retentionSeconds: number;
  readonly dlqRetentionSeconds: number;
  /** Receives before a message moves to the DLQ (redrive policy). */
  readonly maxReceiveCount: number;
  /** CMK (SSE-KMS) of both queues. */
  readonly kmsKeyArn: string;
  /** Timeout of the function fed by the queue (checked against the visibility timeout); absent = no consumer. */
  readonly consumerTimeoutSeconds?: number;
}

export interface QueueConsumer {
  /** Alias ARN (event source mappings may target a qualified ARN). */
  readonly functionArn: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  readonly maximumConcurrency: number;
}

/** Deny any access to a queue that is not over TLS. */
function denyInsecure(queueArn: string): Statement {
  return { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } };
}

/**
 * An SQS queue with a dead-letter queue (Amazon SQS Developer Guide): both SSE-KMS with the CMK and TLS-only
 * policies; the redrive policy moves a message after `maxReceiveCount` receives, and the DLQ accepts redrives
 * from this queue only. With a consumer, an event source mapping feeds the function alias with partial batch
 * responses (`ReportBatchItemFailures`) and a concurrency cap. Visibility timeout ≥ 6 × function timeout
 * (Lambda Developer Guide, "Using Lambda with Amazon SQS").
 */
export class Queue extends Construct {
  readonly queue: SqsQueue;
  readonly dlq: SqsQueue;
  mapping?: LambdaEventSourceMapping;

  constructor(scope: Construct, id: string, props: QueueProps) {
    super(scope, id);
    const t = props.consumerTimeoutSeconds;
    if (t !== undefined && props.visibilityTimeoutSeconds < 6 * t) {
      throw new ConfigError(this.node.path, "E_QUEUE_VISIBILITY", `visibility timeout ${props.visibilityTimeoutSeconds} s is shorter than 6 × the consumer's timeout (${6 * t} s); raise it.`);
    }
    this.dlq = new SqsQueue(this, "dlq", {
      name: props.dlqName,
      messageRetentionSeconds: props.dlqRetentionSeconds,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
    });
    this.queue = new SqsQueue(this, "queue", {
      name: props.name,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
      messageRetentionSeconds: props.retentionSeconds,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.dlq.arn, maxReceiveCount: props.maxReceiveCount }),
    });
    new SqsQueueRedriveAllowPolicy(this, "dlq_redrive_allow", {
      queueUrl: this.dlq.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [this.queue.arn] }),
    });
    new SqsQueuePolicy(this, "policy", { queueUrl: this.queue.url, policy: policyDocument([denyInsecure(this.queue.arn)]) });
    new SqsQueuePolicy(this, "dlq_policy", { queueUrl: this.dlq.url, policy: policyDocument([denyInsecure(this.dlq.arn)]) });
  }

  /** Feed the function alias (created after the queue: the function's environment names the queues). */
  addConsumer(c: QueueConsumer): LambdaEventSourceMapping {
    this.mapping = new LambdaEventSourceMapping(this, "consumer", {
        eventSourceArn: this.queue.arn,
        functionName: c.functionArn,
        batchSize: c.batchSize,
        maximumBatchingWindowInSeconds: c.maximumBatchingWindowSeconds,
        functionResponseTypes: ["ReportBatchItemFailures"],
        scalingConfig: { maximumConcurrency: c.maximumConcurrency },
    });
    return this.mapping;
  }

  /** What a consumer's role needs on this queue. */
  consumeStatement(): Statement {
    return { Sid: "ConsumeQueue", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"], Resource: this.queue.arn };
  }
}
