#!/usr/bin/env python3
"""
The repo's AWS emulator: moto's server application, bound to 127.0.0.1 only, with one response fix.

    python3 scripts/emulator/moto_server.py --port-file .emulator/port [--port 0]

Started by scripts/emulator/start.sh. Port 0 (the default) lets the kernel pick a free port at bind time, so
there is no window between "find a free port" and "listen on it"; the bound port is written to --port-file
once the socket is listening. The host is not configurable on purpose: the emulator accepts any credentials
and must never be reachable from another machine.
"""
import argparse
import json
import os
import signal
import sys

from werkzeug.serving import make_server

# Stacks attach AWS managed policies (AmazonEC2ContainerServiceforEC2Role, AmazonSSMManagedInstanceCore, …);
# moto knows them only when asked to load them, else AttachRolePolicy fails with NoSuchEntity.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

import rollout_patches  # noqa: E402 - next to this file (sys.path[0] is the script's directory)
import data_patches  # noqa: E402 - next to this file

HOST = "127.0.0.1"

ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113."
ECS_SERVICE_ACTIONS = {"CreateService", "UpdateService", "DescribeServices", "DeleteService"}


def strip_empty_network_configuration(body: bytes) -> bytes:
    """Remove `"networkConfiguration": {}` from every service object of an ECS service response.

    Why: moto 5.2 stores `{}` when a service is created without networkConfiguration (every bridge-mode
    service, moto/ecs/models.py `Service.__init__`) and returns it. Real ECS omits the field. The AWS
    provider 5.100.0 flattens a present-but-empty networkConfiguration by dereferencing its (absent)
    awsvpcConfiguration and crashes on `aws_ecs_service` create/read; the AWS CLI and ecspresso would
    also see a bogus attribute that real ECS never returns. Dropping the empty object makes the emulator
    answer like ECS does. A non-empty networkConfiguration (awsvpc services) is left untouched.
    """
    try:
        doc = json.loads(body)
    except ValueError:
        return body
    changed = False
    services = list(doc.get("services") or [])
    if isinstance(doc.get("service"), dict):
        services.append(doc["service"])
    for svc in services:
        if isinstance(svc, dict) and svc.get("networkConfiguration") == {}:
            del svc["networkConfiguration"]
            changed = True
        for dep in (svc.get("deployments") or []) if isinstance(svc, dict) else []:
            if isinstance(dep, dict) and dep.get("networkConfiguration") == {}:
                del dep["networkConfiguration"]
                changed = True
    return json.dumps(doc).encode() if changed else body


class EcsServiceResponseFix:
    """WSGI middleware: buffers only ECS service responses and applies strip_empty_network_configuration."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not (target.startswith(ECS_TARGET_PREFIX) and target[len(ECS_TARGET_PREFIX):] in ECS_SERVICE_ACTIONS):
            return self.app(environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"], captured["exc_info"] = status, headers, exc_info
            return lambda data: None  # moto never uses the legacy write() callable

        chunks = self.app(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        body = strip_empty_network_configuration(body)
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(captured["status"], headers, captured["exc_info"])
        return [body]


# Request context the emulator's bucket policies are evaluated with. The emulator listens on loopback only, so
# no request ever crosses a network: it is treated like a TLS request (aws:SecureTransport = true).
LOOPBACK_REQUEST_CONTEXT = {"aws:SecureTransport": "true"}


def bool_condition(expected, actual: str) -> bool:
    """IAM `Bool` condition operator: case-insensitive "true"/"false" comparison."""
    values = expected if isinstance(expected, list) else [expected]
    return str(actual).lower() in [str(v).lower() for v in values]


def evaluate_bucket_policies_with_transport_context() -> None:
    """Evaluate bucket-policy conditions like S3 does, so the `DenyInsecureTransport` statement every project
    bucket carries (modules/secure-bucket) does not deny every object call.

    Why: moto 5.2 evaluates bucket policies on object calls (moto/s3/responses.py, `bucket.get_permission`)
    but (1) passes no request context, (2) knows only the `StringEquals` operator and treats any other
    condition as matching (moto/iam/policy_conditions.py `verify_condition`), and (3) returns DENIED for a
    statement whose condition does not match, whatever its Effect (moto/iam/access_control.py
    `IAMPolicyStatement.is_action_permitted`). So `Deny s3:* if Bool aws:SecureTransport = false` denies
    every GetObject/PutObject/HeadObject and the Terraform S3 backend fails with 403 Forbidden on the state
    object. Here moto learns the `Bool` operator, policies are evaluated with LOOPBACK_REQUEST_CONTEXT, and a
    statement whose condition does not match does not apply (IAM semantics). Statements without conditions
    are evaluated by moto unchanged.
    """
    from moto.iam import policy_conditions
    from moto.iam.access_control import IAMPolicyStatement, PermissionResult
    from moto.s3.models import FakeBucket

    policy_conditions.CONDITION_OPERATIONS.setdefault("Bool", bool_condition)

    def get_permission(self, action: str, resource: str):
        if self.policy is None:
            return PermissionResult.NEUTRAL
        statements = json.loads(self.policy.decode()).get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        permitted = False
        for raw in statements:
            statement = IAMPolicyStatement(raw)
            if raw.get("Condition") and not statement._check_conditions(LOOPBACK_REQUEST_CONTEXT):
                continue  # the statement does not apply to this request
            result = statement.is_action_permitted(action, resource, None, LOOPBACK_REQUEST_CONTEXT)
            if result == PermissionResult.DENIED:
                return result
            permitted = permitted or result == PermissionResult.PERMITTED
        return PermissionResult.PERMITTED if permitted else PermissionResult.NEUTRAL

    FakeBucket.get_permission = get_permission


def roll_ecs_deployments_on_update() -> None:
    """Make UpdateService with a new task definition start (and, in the emulator, finish) a deployment.

    Why: moto 5.2's `update_service` (moto/ecs/models.py) sets the service's taskDefinition but leaves
    `deployments` as they were at CreateService, so DescribeServices keeps reporting the create-time revision
    as PRIMARY. ecspresso (and `aws ecs wait services-stable`) confirm a deploy by the PRIMARY deployment's
    taskDefinition (the deploy waits until the PRIMARY deployment runs the registered revision), so every rollout against plain moto looks failed. ECS
    replaces the PRIMARY deployment with one for the new revision; the emulator runs no tasks, so the new
    deployment is reported as finished at once (a single COMPLETED PRIMARY deployment, running = desired).
    """
    from moto.core.utils import utcnow
    from moto.ecs.models import EC2ContainerServiceBackend
    from moto.moto_api._internal import mock_random

    original = EC2ContainerServiceBackend.update_service

    def update_service(self, service_properties):
        requested = service_properties.get("task_definition")
        service = original(self, service_properties)
        if not requested or not service.deployments or service.deployment_controller.get("type") != "ECS":
            return service
        # ECS stores and reports the full ARN whatever form (family:revision, ARN) the request used.
        service.task_definition = self.describe_task_definition(requested).arn
        if service.deployments[0].get("taskDefinition") == service.task_definition:
            return service
        deployment_id = f"ecs-svc/{mock_random.randint(0, 32**12)}"
        now = utcnow()
        service.deployments = [
            {
                **service.deployments[0],
                "id": deployment_id,
                "taskDefinition": service.task_definition,
                "desiredCount": service.desired_count,
                "runningCount": service.desired_count,
                "pendingCount": 0,
                "failedTasks": 0,
                "rolloutState": "COMPLETED",
                "rolloutStateReason": f"ECS deployment {deployment_id} completed.",
                "createdAt": now,
                "updatedAt": now,
            }
        ]
        return service

    EC2ContainerServiceBackend.update_service = update_service


def sort_task_definition_lists() -> None:
    """Honour ListTaskDefinitions `sort` (ASC by family and revision, the default, or DESC).

    Why: moto 5.2 ignores `sort` (moto/ecs/responses.py `list_task_definitions`) and returns revisions in
    registration order. ecspresso finds the latest revision (`--latest-task-definition`) and the previous one
    for `rollback` with ListTaskDefinitions `sort: DESC`, so against plain moto it would pick the
    oldest revision.
    """
    from moto.ecs.responses import EC2ContainerServiceResponse

    original = EC2ContainerServiceResponse.list_task_definitions

    def revision_key(arn: str):
        family, _, revision = arn.rsplit("/", 1)[-1].rpartition(":")
        return family, int(revision) if revision.isdigit() else 0

    def list_task_definitions(self):
        result = original(self)
        arns = getattr(result, "result", {}).get("taskDefinitionArns")
        if isinstance(arns, list):
            arns.sort(key=revision_key, reverse=str(self._get_param("sort", "ASC")).upper() == "DESC")
        return result

    EC2ContainerServiceResponse.list_task_definitions = list_task_definitions


def apply_patches() -> None:
    """Every moto fix of this launcher (also applied by scripts/emulator/check_rollout_patches.py)."""
    evaluate_bucket_policies_with_transport_context()
    roll_ecs_deployments_on_update()
    sort_task_definition_lists()
    # ecspresso's rollouts (ECS and CodeDeploy controllers): scripts/emulator/rollout_patches.py.
    rollout_patches.apply_all()
    # The data tier's (Application Auto Scaling tags, ElastiCache member clusters and subnet group deletion, RDS ids,
    # SQS redrive allow policy): scripts/emulator/data_patches.py, checked by check_data_patches.py.
    data_patches.apply_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1; 0 = a free port (default)")
    parser.add_argument("--port-file", required=True, help="file that receives the bound port once listening")
    args = parser.parse_args()

    apply_patches()
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(HOST, args.port, EcsServiceResponseFix(app), threaded=True)
    port = server.server_port
    # moto builds some URLs (queue URLs, presigned URLs) from MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)

    def stop(_signum, _frame):
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    tmp = f"{args.port_file}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"{port}\n")
    os.replace(tmp, args.port_file)
    print(f"moto {__import__('moto').__version__} listening on http://{HOST}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
