"""
Patches that let the real ecspresso (kayac/ecspresso v2) create, deploy, wait for and roll back ECS services in
moto 5.2, for both deployment controllers: ECS (rolling) and CODE_DEPLOY (blue/green).

moto runs no containers. Every patch below makes the emulator report what AWS reports once the tasks are up,
at the moment the change is made (or first observed), never a state AWS could not reach. Each function says
why it exists; docs/emulator-gaps.md lists them with the evidence. Applied by scripts/emulator/moto_server.py
before the server starts.
"""
import json
import threading
import time
import uuid
from typing import Any

import yaml

ECS_SERVICE_DEPLOYMENT_SUCCESS = "SUCCESSFUL"


def _epoch() -> float:
    return time.time()


# ----------------------------------------------------------------------------------------------------------------
# ECS
# ----------------------------------------------------------------------------------------------------------------


def _service_deployments(service) -> list:
    """The emulator's ECS service deployments (ListServiceDeployments) of one service, oldest first."""
    if not hasattr(service, "_emulator_service_deployments"):
        service._emulator_service_deployments = []
    return service._emulator_service_deployments


def record_service_deployment(backend, service, source_task_definition: str | None) -> None:
    """Record one service deployment (the object behind ListServiceDeployments/DescribeServiceDeployments)."""
    deployments = _service_deployments(service)
    for d in deployments:
        if d["status"] == "IN_PROGRESS":
            d["status"] = "STOPPED"  # superseded, as ECS reports an interrupted deployment
            d["finishedAt"] = _epoch()
    cluster_name = service.cluster_arn.split("/")[-1]
    dep_id = uuid.uuid4().hex[:22]
    now = _epoch()
    count = service.desired_count
    deployments.append(
        {
            "serviceDeploymentArn": f"arn:aws:ecs:{backend.region_name}:{backend.account_id}:service-deployment/{cluster_name}/{service.name}/{dep_id}",
            "serviceArn": service.arn,
            "clusterArn": service.cluster_arn,
            "createdAt": now,
            "startedAt": now,
            "updatedAt": now,
            "status": "IN_PROGRESS",
            "targetServiceRevision": {
                "arn": f"arn:aws:ecs:{backend.region_name}:{backend.account_id}:service-revision/{cluster_name}/{service.name}/{dep_id}",
                "requestedTaskCount": count,
                "runningTaskCount": count,
                "pendingTaskCount": 0,
            },
            "sourceServiceRevisions": []
            if not source_task_definition
            else [
                {
                    "arn": f"arn:aws:ecs:{backend.region_name}:{backend.account_id}:service-revision/{cluster_name}/{service.name}/source-{dep_id}",
                    "requestedTaskCount": 0,
                    "runningTaskCount": 0,
                    "pendingTaskCount": 0,
                }
            ],
            "_taskDefinition": service.task_definition,
        }
    )


def _public(d: dict) -> dict:
    return {k: v for k, v in d.items() if not k.startswith("_")}


def run_service_tasks_at_once() -> None:
    """CreateService reports the desired tasks running and its deployment COMPLETED; CODE_DEPLOY services get
    their PRIMARY task set.

    Why: moto 5.2 (moto/ecs/models.py `Service.__init__`) starts every service with `runningCount` 0 (or the
    fixed MOTO_ECS_SERVICE_RUNNING) and `rolloutState: IN_PROGRESS`, so ecspresso's wait after create
    (ECS's `ServicesStable` waiter: one deployment, runningCount == desiredCount) never ends. For the
    CODE_DEPLOY controller moto returns `taskSets: []`; ECS creates the service's first, PRIMARY task set
    (task definition, load balancer, network configuration of the service, STEADY_STATE), which CodeDeploy
    later replaces. Every created service also records a service deployment (see `service_deployment_api`).
    """
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.create_service

    def create_service(self, *args, **kwargs):
        service = original(self, *args, **kwargs)
        service.running_count = service.desired_count
        service.pending_count = 0
        for d in service.deployments:
            d.update(runningCount=service.desired_count, pendingCount=0, rolloutState="COMPLETED",
                     rolloutStateReason=f"ECS deployment {d['id']} completed.")
        if service.deployment_controller.get("type") == "CODE_DEPLOY" and not service.task_sets:
            nc = service.network_configuration or None
            task_set = self.create_task_set(
                service.name, service.cluster_arn, service.task_definition,
                network_configuration=nc, load_balancers=service.load_balancers,
                service_registries=service.service_registries,
                launch_type="FARGATE" if not service.launch_type or service.launch_type == "FARGATE" else service.launch_type,
                capacity_provider_strategy=getattr(service, "capacity_provider_strategy", None),
                platform_version=service.platform_version,
                # scale None: moto would start tasks through RunTask, which needs container instances.
            )
            _steady(task_set, service.desired_count, "PRIMARY")
        else:
            record_service_deployment(self, service, None)
        return service

    EC2ContainerServiceBackend.create_service = create_service


def _steady(task_set, count: int, status: str) -> None:
    task_set.status = status
    task_set.stabilityStatus = "STEADY_STATE"
    task_set.computed_desired_count = count
    task_set.computedDesiredCount = count
    task_set.running_count = count
    task_set.runningCount = count
    task_set.pending_count = 0
    task_set.pendingCount = 0


def service_deployment_api() -> None:
    """ListServiceDeployments and DescribeServiceDeployments (ECS, 2025), for the ECS controller.

    Why: moto 5.2 implements neither (moto/ecs/responses.py); ecspresso v2.8 waits for `deploy
    --wait-until deployed` with them (wait.go `WaitServiceDeployCompleted`: ListServiceDeployments
    status=IN_PROGRESS, then DescribeServiceDeployments until SUCCESSFUL) and its ECS-controller rollback
    lists them first (rollback.go `findActiveECSDeploymentArn`), failing with "failed to list service
    deployments" against plain moto. Deployments are recorded at CreateService and at every UpdateService that
    starts a deployment (patches above/below). A deployment is IN_PROGRESS until it is first described, then
    SUCCESSFUL: the emulator has no tasks to wait for, and a caller that listed it in progress sees the
    transition exactly once, as with ECS.
    """
    from moto.ecs.models import EC2ContainerServiceBackend
    from moto.ecs.responses import EC2ContainerServiceResponse

    def list_service_deployments(self) -> str:
        cluster = self._get_param("cluster", "default")
        service = self.ecs_backend._get_service(cluster, self._get_param("service").split("/")[-1])
        statuses = self._get_param("status") or []
        found = [d for d in reversed(_service_deployments(service)) if not statuses or d["status"] in statuses]
        keys = ("serviceDeploymentArn", "serviceArn", "clusterArn", "startedAt", "createdAt", "finishedAt", "status")
        return json.dumps({"serviceDeployments": [{k: d[k] for k in keys if k in d} | {"targetServiceRevisionArn": d["targetServiceRevision"]["arn"]} for d in found]})

    def describe_service_deployments(self) -> str:
        arns = self._get_param("serviceDeploymentArns") or []
        found, failures = [], []
        backend: EC2ContainerServiceBackend = self.ecs_backend
        by_arn = {d["serviceDeploymentArn"]: d for s in backend.services.values() for d in _service_deployments(s)}
        for arn in arns:
            d = by_arn.get(arn)
            if d is None:
                failures.append({"arn": arn, "reason": "MISSING"})
                continue
            if d["status"] == "IN_PROGRESS":
                d.update(status=ECS_SERVICE_DEPLOYMENT_SUCCESS, finishedAt=_epoch(), updatedAt=_epoch())
            found.append(_public(d))
        return json.dumps({"serviceDeployments": found, "failures": failures})

    EC2ContainerServiceResponse.list_service_deployments = list_service_deployments
    EC2ContainerServiceResponse.describe_service_deployments = describe_service_deployments


def scale_reports_running_count() -> None:
    """UpdateService with a new desiredCount reports the new count on the PRIMARY deployment too.

    Why: moto 5.2's update_service sets the service's runningCount to a new desiredCount but leaves the
    deployment's `desiredCount`/`runningCount` at their create-time values; ECS's `ServicesStable` waiter and
    ecspresso's status compare those. Also records the service deployment a task-definition change starts
    (see `service_deployment_api`).
    """
    from moto.ecs.models import EC2ContainerServiceBackend

    original = EC2ContainerServiceBackend.update_service

    def update_service(self, service_properties):
        cluster = service_properties.get("cluster", "default")
        name = str(service_properties.get("service", "")).split("/")[-1]
        before = self._get_service(cluster, name).deployments
        before_id = before[0]["id"] if before else None
        before_td = before[0].get("taskDefinition") if before else None
        service = original(self, service_properties)
        for d in service.deployments:
            if d.get("status") == "PRIMARY":
                d.update(desiredCount=service.desired_count, runningCount=service.desired_count, pendingCount=0)
        if service.deployments and service.deployments[0]["id"] != before_id:
            record_service_deployment(self, service, before_td)
        return service

    EC2ContainerServiceBackend.update_service = update_service


def task_set_counts_in_responses() -> None:
    """Task sets are returned with their running/desired counts and stability.

    Why: moto 5.2 serializes TaskSet objects from their attributes and has no counts on them, so
    DescribeServices/DescribeTaskSets show `runningCount` 0 for a STEADY_STATE task set; the emulator's task
    sets (see `run_service_tasks_at_once`, `codedeploy_ecs_deployments`) carry the counts ECS would report.
    """
    from moto.ecs.models import TaskSet

    for attr in ("computed_desired_count", "running_count", "pending_count"):
        if not hasattr(TaskSet, attr):
            setattr(TaskSet, attr, 0)


def autoscaling_target_suspended_state() -> None:
    """A scalable target registered without SuspendedState reports the three flags false, as AWS does.

    Why: moto 5.2 returns `SuspendedState: null` (moto/applicationautoscaling/responses.py returns the stored
    value), and ecspresso v2.8.5 (format.go `formatScalableTarget`) dereferences the flags: `deploy` of a service
    with a scalable target panics (nil pointer) before it starts. (The scalable targets' tag calls are
    scripts/emulator/data_patches.py `application_autoscaling_tags`.)
    """
    from moto.applicationautoscaling.models import FakeScalableTarget

    original_init = FakeScalableTarget.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        if not self.suspended_state:
            self.suspended_state = {"DynamicScalingInSuspended": False, "DynamicScalingOutSuspended": False, "ScheduledScalingSuspended": False}

    FakeScalableTarget.__init__ = init


def autoscaling_instance_refresh() -> None:
    """StartInstanceRefresh, DescribeInstanceRefreshes and CancelInstanceRefresh (EC2 Auto Scaling).

    Why: moto 5.2 implements none of them ("The start_instance_refresh action has not been implemented", HTTP
    500). The platform's Auto Scaling group has an `instance_refresh` block, and every re-apply of a platform stack
    in the emulator updates its launch template (the documented `tag_specifications` gap), so the provider
    starts a refresh and retries the 500 until its timeout: a second platform apply (the e2e's `scaling.attach`
    step) never finishes. moto runs no instances to replace: a refresh is `Successful` at once.
    """
    from moto.autoscaling.responses import AutoScalingResponse
    from moto.core.responses import ActionResult

    def refreshes(self) -> dict:
        backend = self.autoscaling_backend
        if not hasattr(backend, "_emulator_refreshes"):
            backend._emulator_refreshes = {}
        return backend._emulator_refreshes

    def start_instance_refresh(self):
        group = self._get_param("AutoScalingGroupName")
        self.autoscaling_backend.describe_auto_scaling_groups([group])  # ValidationError for an unknown group
        refresh_id = str(uuid.uuid4())
        now = _now()
        refreshes(self).setdefault(group, []).insert(0, {
            "InstanceRefreshId": refresh_id, "AutoScalingGroupName": group, "Status": "Successful",
            "StatusReason": "emulator: no instances to replace", "StartTime": now, "EndTime": now,
            "PercentageComplete": 100, "InstancesToUpdate": 0,
        })
        return ActionResult({"InstanceRefreshId": refresh_id})

    def describe_instance_refreshes(self):
        group = self._get_param("AutoScalingGroupName")
        ids = self._get_param("InstanceRefreshIds") or []
        found = [r for r in refreshes(self).get(group, []) if not ids or r["InstanceRefreshId"] in ids]
        return ActionResult({"InstanceRefreshes": found})

    def cancel_instance_refresh(self):
        latest = (refreshes(self).get(self._get_param("AutoScalingGroupName")) or [{}])[0]
        return ActionResult({"InstanceRefreshId": latest.get("InstanceRefreshId", "")})

    AutoScalingResponse.start_instance_refresh = start_instance_refresh
    AutoScalingResponse.describe_instance_refreshes = describe_instance_refreshes
    AutoScalingResponse.cancel_instance_refresh = cancel_instance_refresh


def _now():
    from moto.core.utils import utcnow

    return utcnow()


# ----------------------------------------------------------------------------------------------------------------
# CodeDeploy
# ----------------------------------------------------------------------------------------------------------------


def codedeploy_numeric_times() -> None:
    """CodeDeploy returns createTime/startTime/completeTime as epoch seconds.

    Why: moto 5.2 (moto/codedeploy/models.py `Application.__init__`, `DeploymentInfo.__init__`) stores
    ISO-8601 strings; the AWS API model says timestamps (epoch seconds in this JSON protocol), and the Go SDK
    of the AWS provider and of ecspresso fail with "expected Timestamp to be a JSON Number, got string
    instead" reading an application or a deployment.
    """
    from moto.codedeploy import models

    for cls in (models.Application, models.DeploymentInfo):
        original = cls.__init__

        def init(self, *args, __original=original, **kwargs):
            __original(self, *args, **kwargs)
            self.create_time = _epoch()

        cls.__init__ = init


def codedeploy_group_round_trip() -> None:
    """GetDeploymentGroup returns the alarm configuration it was given; empty placeholders are omitted.

    Why: moto 5.2's `DeploymentGroup.to_dict` returns `"alarmConfiguration": {}` (a TODO) whatever was
    created, and `{}` for targetRevision / lastSuccessfulDeployment / lastAttemptedDeployment, which AWS omits
    when there is none. The AWS provider would plan the group's alarm configuration on every run.
    """
    from moto.codedeploy.models import DeploymentGroup

    original = DeploymentGroup.to_dict

    def to_dict(self):
        d = original(self)
        d["alarmConfiguration"] = self.alarm_configuration or {"enabled": False, "ignorePollAlarmFailure": False, "alarms": []}
        for k in ("targetRevision", "lastSuccessfulDeployment", "lastAttemptedDeployment"):
            if d.get(k) == {}:
                del d[k]
        if getattr(self, "_last_successful", None):
            d["lastSuccessfulDeployment"] = self._last_successful
        return d

    DeploymentGroup.to_dict = to_dict


def codedeploy_update_delete() -> None:
    """UpdateApplication, DeleteApplication, UpdateDeploymentGroup, DeleteDeploymentGroup,
    BatchGetDeploymentGroups.

    Why: moto 5.2 implements create/get/list/tag and BatchGetApplications/BatchGetDeployments only
    (moto/codedeploy/responses.py); the AWS provider calls the first four to change and destroy
    `aws_codedeploy_app` / `aws_codedeploy_deployment_group` (`npm run local:down`, any in-place change), and
    ecspresso finds the service's deployment group with BatchGetDeploymentGroups (deploy.go
    `findCodeDeployDeploymentGroups`; moto: "The batch_get_deployment_groups action has not been implemented").
    """
    from moto.codedeploy.responses import CodeDeployResponse
    from moto.codedeploy.exceptions import DeploymentGroupDoesNotExistException

    field_of = {
        "deploymentConfigName": "deployment_config_name", "ec2TagFilters": "ec2_tag_filters",
        "onPremisesInstanceTagFilters": "on_premises_instance_tag_filters", "autoScalingGroups": "auto_scaling_groups",
        "serviceRoleArn": "service_role_arn", "triggerConfigurations": "trigger_configurations",
        "alarmConfiguration": "alarm_configuration", "autoRollbackConfiguration": "auto_rollback_configuration",
        "outdatedInstancesStrategy": "outdated_instances_strategy", "deploymentStyle": "deployment_style",
        "blueGreenDeploymentConfiguration": "blue_green_deployment_configuration", "loadBalancerInfo": "load_balancer_info",
        "ec2TagSet": "ec2_tag_set", "ecsServices": "ecs_services", "onPremisesTagSet": "on_premises_tag_set",
        "terminationHookEnabled": "termination_hook_enabled",
    }

    def update_application(self) -> str:
        b = self.codedeploy_backend
        old, new = self._get_param("applicationName"), self._get_param("newApplicationName")
        app = b.get_application(old)
        if new and new != old:
            app.application_name = new
            b.applications[new] = b.applications.pop(old)
            if old in b.deployment_groups:
                b.deployment_groups[new] = b.deployment_groups.pop(old)
        return "{}"

    def delete_application(self) -> str:
        b = self.codedeploy_backend
        name = self._get_param("applicationName")
        b.applications.pop(name, None)  # AWS: deleting a missing application succeeds
        b.deployment_groups.pop(name, None)
        return "{}"

    def update_deployment_group(self) -> str:
        b = self.codedeploy_backend
        app = self._get_param("applicationName")
        current = self._get_param("currentDeploymentGroupName")
        group = b.get_deployment_group(app, current)
        for key, attr in field_of.items():
            value = self._get_param(key)
            if value is not None:
                setattr(group, attr, value)
        new = self._get_param("newDeploymentGroupName")
        if new and new != current:
            group.deployment_group_name = new
            b.deployment_groups[app][new] = b.deployment_groups[app].pop(current)
        return json.dumps({"hooksNotCleanedUp": []})

    def batch_get_deployment_groups(self) -> str:
        # AWS answers for the groups it found and names the missing ones in errorMessage (no exception);
        # ecspresso then reports "failed to find CodeDeploy Application/DeploymentGroup" and, right after
        # creating a CODE_DEPLOY service whose group is not applied yet, waits for the task set instead.
        b = self.codedeploy_backend
        app = self._get_param("applicationName")
        b.get_application(app)
        names = self._get_param("deploymentGroupNames") or []
        groups = b.deployment_groups.get(app, {})
        found = [groups[n].to_dict() for n in names if n in groups]
        missing = [n for n in names if n not in groups]
        out: dict[str, Any] = {"deploymentGroupsInfo": found}
        if missing:
            out["errorMessage"] = f"Deployment groups not found: {', '.join(missing)}"
        return json.dumps(out)

    def delete_deployment_group(self) -> str:
        b = self.codedeploy_backend
        app = self._get_param("applicationName")
        name = self._get_param("deploymentGroupName")
        if name not in b.deployment_groups.get(app, {}):
            raise DeploymentGroupDoesNotExistException(f"The deployment group {name} does not exist with the user or AWS account.")
        del b.deployment_groups[app][name]
        return json.dumps({"hooksNotCleanedUp": []})

    CodeDeployResponse.update_application = update_application
    CodeDeployResponse.delete_application = delete_application
    CodeDeployResponse.update_deployment_group = update_deployment_group
    CodeDeployResponse.delete_deployment_group = delete_deployment_group
    CodeDeployResponse.batch_get_deployment_groups = batch_get_deployment_groups


def _traffic_route_listeners(group, route: str) -> list[str]:
    lb = group.load_balancer_info or {}
    pairs = lb.get("targetGroupPairInfoList") or []
    return [arn for p in pairs for arn in ((p.get(route) or {}).get("listenerArns") or [])]


def _target_group_names(group) -> list[str]:
    lb = group.load_balancer_info or {}
    pairs = lb.get("targetGroupPairInfoList") or []
    return [tg.get("name") for p in pairs for tg in (p.get("targetGroups") or [])]


def _point_listener_at(elbv2, listener_arn: str, old_tg: str, new_tg: str) -> int:
    """Rewrite every forward action of the listener (default action and rules) from old_tg to new_tg."""
    (listener,) = elbv2.describe_listeners(None, [listener_arn])
    changed = 0
    actions = list(listener.default_actions) + [a for rule in listener.rules.values() for a in rule.actions]
    seen = set()
    for action in actions:
        if id(action) in seen or action.data.get("Type") != "forward":
            continue
        seen.add(id(action))
        data = action.data
        if data.get("TargetGroupArn") == old_tg:
            data["TargetGroupArn"] = new_tg
            changed += 1
        for tg in (data.get("ForwardConfig") or {}).get("TargetGroups") or []:
            if tg.get("TargetGroupArn") == old_tg:
                tg["TargetGroupArn"] = new_tg
                changed += 1
        action.__dict__.update(data)
    return changed


def _run_ecs_blue_green(cd_backend, deployment) -> None:
    """What CodeDeploy does for an ECS blue/green deployment, at once: a replacement (green) task set with the
    AppSpec's task definition behind the target group that does not serve production, the production and test
    listeners pointed at it, the replacement made PRIMARY, the original task set removed, the service's task
    definition updated. Raises on anything AWS would fail the deployment for."""
    from moto.ecs.models import ecs_backends
    from moto.elbv2.models import elbv2_backends

    group = deployment.deployment_group
    ecs = ecs_backends[cd_backend.account_id][cd_backend.region_name]
    elbv2 = elbv2_backends[cd_backend.account_id][cd_backend.region_name]
    (target,) = group.ecs_services
    service = ecs._get_service(target["clusterName"], target["serviceName"])
    content = ((deployment.revision or {}).get("appSpecContent") or {}).get("content") or ""
    spec = yaml.safe_load(content) or {}
    props = spec["Resources"][0]["TargetService"]["Properties"]
    lb_info = props.get("LoadBalancerInfo") or {}
    names = _target_group_names(group)
    tgs = {tg.name: tg.arn for tg in elbv2.describe_target_groups(None, None, names)}
    if len(tgs) != 2:
        raise ValueError(f"deployment group {group.deployment_group_name}: target groups {names} not found")
    primary = next((ts for ts in service.task_sets if ts.status == "PRIMARY"), None)
    live = primary.load_balancers[0]["targetGroupArn"] if primary and primary.load_balancers else tgs[names[0]]
    green = next(arn for arn in tgs.values() if arn != live)
    task_definition = ecs.describe_task_definition(props["TaskDefinition"]).arn
    nc = props.get("NetworkConfiguration", {}).get("AwsvpcConfiguration")
    replacement = ecs.create_task_set(
        service.name, service.cluster_arn, task_definition,
        external_id=deployment.deployment_id,
        network_configuration={"awsvpcConfiguration": {"subnets": nc.get("Subnets", []), "securityGroups": nc.get("SecurityGroups", []),
                                                       "assignPublicIp": nc.get("AssignPublicIp", "DISABLED")}} if nc else None,
        load_balancers=[{"targetGroupArn": green, "containerName": lb_info.get("ContainerName"), "containerPort": lb_info.get("ContainerPort")}],
        launch_type="FARGATE",
        capacity_provider_strategy=[{"capacityProvider": c.get("CapacityProvider"), "base": c.get("Base", 0), "weight": c.get("Weight", 0)}
                                    for c in props.get("CapacityProviderStrategy") or []] or None,
        platform_version=props.get("PlatformVersion"),
    )
    _steady(replacement, service.desired_count, "ACTIVE")
    for route in ("testTrafficRoute", "prodTrafficRoute"):
        for listener_arn in _traffic_route_listeners(group, route):
            _point_listener_at(elbv2, listener_arn, live, green)
    replacement.status = "PRIMARY"
    service.task_sets = [replacement]
    service.task_definition = task_definition
    service.load_balancers = replacement.load_balancers


def codedeploy_ecs_deployments() -> None:
    """CreateDeployment of an ECS blue/green deployment runs it: traffic shifts from blue to green, the
    deployment reports Succeeded. ListDeployments lists the newest first; GetDeploymentTarget answers for the
    ECS target; StopDeployment and GetApplicationRevision exist.

    Why: moto 5.2 creates a deployment with status `Created` and never advances it
    (moto/codedeploy/models.py `DeploymentInfo.__init__`): no task set, no listener change, so ecspresso's
    `DeploymentSuccessful` waiter times out. Like `service_deployment_api`, the deployment is `InProgress`
    when created (ecspresso finds it with ListDeployments includeOnlyStatuses=Created/Queued/InProgress/Ready)
    and is carried out when it is first read with GetDeployment: the green task set, the listeners' forward
    actions moved to the green target group, the original task set removed; then `Succeeded`. If the traffic
    shift cannot be done (missing target group, listener, task definition), the deployment is `Failed` with
    the reason in errorInformation. moto lists deployments in creation order; AWS lists the newest first,
    which ecspresso's rollback relies on (rollback.go: `ld.Deployments[0] // latest deployment`).
    """
    from moto.codedeploy.models import CodeDeployBackend, DeploymentInfo
    from moto.codedeploy.responses import CodeDeployResponse

    original_create = CodeDeployBackend.create_deployment

    def create_deployment(self, *args, **kwargs):
        deployment_id = original_create(self, *args, **kwargs)
        d = self.deployments[deployment_id]
        if d.application.compute_platform == "ECS":
            d.status = "InProgress"
            d.start_time = _epoch()
        return deployment_id

    original_get = CodeDeployBackend.get_deployment
    # The server is threaded and ecspresso reads a deployment from two goroutines (the waiter's GetDeployment,
    # the progress display's GetDeploymentTarget): the traffic shift must run once.
    shift_lock = threading.Lock()

    def get_deployment(self, deployment_id):
        with shift_lock:
            return _advance(self, original_get(self, deployment_id))

    def _advance(self, d):
        if d.application.compute_platform == "ECS" and d.status == "InProgress":
            try:
                _run_ecs_blue_green(self, d)
                d.status = "Succeeded"
                d.deployment_group._last_successful = {"deploymentId": d.deployment_id, "status": "Succeeded", "endTime": _epoch(), "createTime": d.create_time}
            except Exception as e:  # noqa: BLE001 - any failure fails the deployment, as in CodeDeploy
                d.status = "Failed"
                d.error_information = {"code": "ECS_UPDATE_ERROR", "message": str(e)}
            d.complete_time = _epoch()
        return d

    original_to_dict = DeploymentInfo.to_dict

    def to_dict(self):
        out = original_to_dict(self)
        out["errorInformation"] = getattr(self, "error_information", None) or {}
        if not out["errorInformation"]:
            del out["errorInformation"]
        for k in ("previousRevision", "rollbackInfo", "relatedDeployments"):
            if out.get(k) == {}:
                del out[k]
        for k in ("startTime", "completeTime", "overrideAlarmConfiguration"):
            if out.get(k) is None:
                out.pop(k, None)
        return out

    original_list = CodeDeployBackend.list_deployments

    def list_deployments(self, *args, **kwargs):
        return list(reversed(original_list(self, *args, **kwargs)))

    def get_deployment_target(self) -> str:
        d = self.codedeploy_backend.get_deployment(self._get_param("deploymentId"))
        status = {"InProgress": "InProgress", "Succeeded": "Succeeded", "Failed": "Failed", "Stopped": "Failed"}.get(d.status, "Pending")
        target_id = self._get_param("targetId")
        return json.dumps({"deploymentTarget": {"deploymentTargetType": "ECSTarget", "ecsTarget": {
            "deploymentId": d.deployment_id, "targetId": target_id, "targetArn": target_id, "lastUpdatedAt": _epoch(),
            "lifecycleEvents": [], "status": status, "taskSetsInfo": []}}})

    def stop_deployment(self) -> str:
        d = self.codedeploy_backend.get_deployment(self._get_param("deploymentId"))
        if d.status in ("Created", "Queued", "InProgress", "Ready"):
            d.status = "Stopped"
            d.complete_time = _epoch()
        return json.dumps({"status": "Succeeded", "statusMessage": "stopped before traffic moved (emulator)"})

    def get_application_revision(self) -> str:
        app = self._get_param("applicationName")
        revision = self._get_param("revision")
        return json.dumps({"applicationName": app, "revision": revision, "revisionInfo": {"registerTime": _epoch()}})

    CodeDeployBackend.create_deployment = create_deployment
    CodeDeployBackend.get_deployment = get_deployment
    CodeDeployBackend.list_deployments = list_deployments
    DeploymentInfo.to_dict = to_dict
    CodeDeployResponse.get_deployment_target = get_deployment_target
    CodeDeployResponse.stop_deployment = stop_deployment
    CodeDeployResponse.get_application_revision = get_application_revision


def apply_all() -> None:
    run_service_tasks_at_once()
    service_deployment_api()
    scale_reports_running_count()
    task_set_counts_in_responses()
    autoscaling_target_suspended_state()
    autoscaling_instance_refresh()
    codedeploy_numeric_times()
    codedeploy_group_round_trip()
    codedeploy_update_delete()
    codedeploy_ecs_deployments()
