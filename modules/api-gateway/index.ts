import { createHash } from "node:crypto";
import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayRequestValidator } from "@cdktf/provider-aws/lib/api-gateway-request-validator";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Construct, type ITerraformDependable } from "../../foundation/cdk";
import { ConfigError } from "../../foundation/errors";
import { waive } from "../guardrails/waive";
import { assumeRoleFor } from "../iam/policy";
import { RegionalWebAcl } from "./waf";

export interface ApiRoute {
  readonly method: string;
  /** `/api/sessions/{id}`. */
  readonly path: string;
  /** Key of `functions`. */
  readonly function: string;
}

export interface ApiTarget {
  /** Function name (lambda permission). */
  readonly functionName: string;
  /** Invoke ARN of the alias `current` (integration URI). */
  readonly aliasInvokeArn: string;
  /** Alias name (permission qualifier). */
  readonly aliasName: string;
}

export interface RestApiProps {
  readonly name: string;
  readonly stageName: string;
  readonly routes: readonly ApiRoute[];
  readonly functions: Readonly<Record<string, ApiTarget>>;
  /** `cognito` needs `userPoolArn`. */
  readonly authorization: { readonly type: "cognito"; readonly userPoolArn: string } | { readonly type: "iam" };
  /** Steady requests per second and burst, stage-wide. */
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  readonly accessLogGroupName: string;
  readonly accessLogRetentionDays: number;
  /** CMK of the access log group. */
  readonly kmsKeyArn: string;
  /** A REGIONAL WAF web ACL on the stage; absent = none. */
  readonly waf?: { readonly name: string; readonly rateLimitPer5Min: number };
  /**
   * Create the account-level CloudWatch role setting (one per account and region; exactly one environment does).
   * Absent = it exists already (applied by the owning environment first).
   */
  readonly accountCloudwatchRoleName?: string;
}

/** `/api/sessions/{id}` → `api_sessions_id` (stable logical ids: addresses are state). */
export function pathKey(path: string): string {
  return path.replace(/[{}]/g, "").split("/").filter(Boolean).join("_").replace(/[^A-Za-z0-9_]/g, "_") || "root";
}

/**
 * A REGIONAL REST API with Lambda proxy integrations on the alias `current` of each function (API Gateway
 * Developer Guide): resources from the routes, a Cognito user pool or IAM authorizer on every method, one
 * deployment redeployed when the routes change (`triggers` over their hash), a stage with X-Ray, JSON access
 * logs to a CMK-encrypted log group, stage-wide throttling and metrics, optional WAF. Each function grants
 * `lambda:InvokeFunction` to this API only (`source_arn = <execution_arn>/*&#47;*`).
 */
export class RestApi extends Construct {
  readonly api: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;
  readonly accessLogGroup: CloudwatchLogGroup;
  readonly methods: ApiGatewayMethod[] = [];
  readonly webAcl?: RegionalWebAcl;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    this.api = new ApiGatewayRestApi(this, "api", {
      name: props.name,
      endpointConfiguration: { types: ["REGIONAL"] },
      // The API is reached only through the stage URL (or CloudFront in front of it); no API keys.
      apiKeySource: "HEADER",
      // A replacement (e.g. a new endpoint type) exists before the old API goes, so the stage URL output moves over.
      lifecycle: { createBeforeDestroy: true },
    });
    const apiId = this.api.id;

    // Resource tree: one aws_api_gateway_resource per distinct path prefix.
    const resources = new Map<string, ApiGatewayResource>();
    const resourceFor = (path: string): string => {
      if (path === "") return this.api.rootResourceId;
      const existing = resources.get(path);
      if (existing) return existing.id;
      const cut = path.lastIndexOf("/");
      const parentId = resourceFor(path.slice(0, cut));
      const r = new ApiGatewayResource(this, `res_${pathKey(path)}`, { restApiId: apiId, parentId, pathPart: path.slice(cut + 1) });
      resources.set(path, r);
      return r.id;
    };

    const authorizer = props.authorization.type === "cognito"
      ? new ApiGatewayAuthorizer(this, "authorizer", {
          name: `${props.name}-cognito`,
          restApiId: apiId,
          type: "COGNITO_USER_POOLS",
          providerArns: [props.authorization.userPoolArn],
          identitySource: "method.request.header.Authorization",
        })
      : undefined;

    // Required path parameters and headers (the Authorization header of the authorizer) are checked by API
    // Gateway before the function runs; bodies are validated by the functions (proxy integrations, no models).
    const validator = new ApiGatewayRequestValidator(this, "validator", { restApiId: apiId, name: "parameters", validateRequestParameters: true, validateRequestBody: false });
    const deps: ITerraformDependable[] = [];
    const permitted = new Set<string>();
    for (const route of props.routes) {
      const target = props.functions[route.function];
      if (!target) throw new ConfigError(this.node.path, "E_API_ROUTE_FUNCTION", `route ${route.method} ${route.path} names the unknown function "${route.function}".`);
      const key = `${route.method}_${pathKey(route.path)}`;
      const method = new ApiGatewayMethod(this, `method_${key}`, {
        restApiId: apiId,
        resourceId: resourceFor(route.path),
        httpMethod: route.method,
        authorization: authorizer ? "COGNITO_USER_POOLS" : "AWS_IAM",
        authorizerId: authorizer?.id,
        requestValidatorId: validator.id,
        requestParameters: Object.fromEntries(
          [...route.path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => [`method.request.path.${m[1]}`, true]),
        ),
      });
      const integration = new ApiGatewayIntegration(this, `integration_${key}`, {
        restApiId: apiId,
        resourceId: method.resourceId,
        httpMethod: method.httpMethod,
        type: "AWS_PROXY",
        // Lambda proxy integrations always call Lambda with POST.
        integrationHttpMethod: "POST",
        uri: target.aliasInvokeArn,
      });
      this.methods.push(method);
      deps.push(method, integration);
      if (!permitted.has(route.function)) {
        permitted.add(route.function);
        new LambdaPermission(this, `invoke_${route.function.replace(/-/g, "_")}`, {
          statementId: "AllowApiGatewayInvoke",
          action: "lambda:InvokeFunction",
          functionName: target.functionName,
          qualifier: target.aliasName,
          principal: "apigateway.amazonaws.com",
          sourceArn: `${this.api.executionArn}/*/*`,
        });
      }
    }

    const redeploy = createHash("sha256").update(JSON.stringify({ routes: props.routes, auth: props.authorization.type })).digest("hex");
    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: apiId,
      triggers: { redeployment: redeploy },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: deps,
    });

    this.accessLogGroup = new CloudwatchLogGroup(this, "access_logs", {
      name: props.accessLogGroupName,
      retentionInDays: props.accessLogRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    if (props.accessLogRetentionDays < 365) {
      waive(this.accessLogGroup, "CKV_AWS_338", "retention follows the environment's logRetentionDays (cost); long-term audit trails live in CloudTrail");
    }
    const account = props.accountCloudwatchRoleName ? this.accountSetting(props.accountCloudwatchRoleName) : undefined;
    this.stage = new ApiGatewayStage(this, "stage", {
      restApiId: apiId,
      stageName: props.stageName,
      deploymentId: deployment.id,
      xrayTracingEnabled: true,
      accessLogSettings: {
        destinationArn: this.accessLogGroup.arn,
        format: JSON.stringify({
          requestId: "$context.requestId",
          ip: "$context.identity.sourceIp",
          requestTime: "$context.requestTime",
          httpMethod: "$context.httpMethod",
          resourcePath: "$context.resourcePath",
          status: "$context.status",
          responseLength: "$context.responseLength",
          integrationLatency: "$context.integrationLatency",
          user: "$context.authorizer.claims.sub",
        }),
      },
      dependsOn: account ? [account] : undefined,
    });
    const settings = new ApiGatewayMethodSettings(this, "settings", {
      restApiId: apiId,
      stageName: this.stage.stageName,
      methodPath: "*/*",
      settings: {
        throttlingRateLimit: props.throttling.rateLimit,
        throttlingBurstLimit: props.throttling.burstLimit,
        metricsEnabled: true,
        loggingLevel: "ERROR",
        // Request/response bodies may carry prompts and tokens: never in execution logs.
        dataTraceEnabled: false,
      },
    });
    waive(settings, "CKV_AWS_225", "responses are per-user session state; a stage cache would serve one user's answer to another (caching stays off)");
    if (props.waf) {
      this.webAcl = new RegionalWebAcl(this, "waf", { name: props.waf.name, rateLimitPer5Min: props.waf.rateLimitPer5Min });
      waive(this.stage, "CKV2_AWS_77", "the attached web ACL enforces AWSManagedRulesKnownBadInputsRuleSet with override none (Log4JRCE included); the policy pack's CKV_AWS_192 checks the ACL itself");
      new Wafv2WebAclAssociation(this, "waf_association", { resourceArn: this.stage.arn, webAclArn: this.webAcl.acl.arn });
    }
  }

  /** The account-level setting API Gateway uses to write stage logs (AmazonAPIGatewayPushToCloudWatchLogs). */
  private accountSetting(roleName: string): ApiGatewayAccount {
    const role = new IamRole(this, "cloudwatch_role", {
      name: roleName,
      description: "API Gateway writes stage access and execution logs (account setting, one per region)",
      assumeRolePolicy: assumeRoleFor("apigateway.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "cloudwatch_role_policy", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
    });
    return new ApiGatewayAccount(this, "account", { cloudwatchRoleArn: role.arn });
  }

  /** `https://<id>.execute-api.<region>.amazonaws.com/<stage>`. */
  get invokeUrl(): string {
    return this.stage.invokeUrl;
  }
}
