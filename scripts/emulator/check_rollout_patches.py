#!/usr/bin/env python3
"""
Self-check of the launcher's moto fixes (scripts/emulator/moto_server.py, rollout_patches.py) against moto in-process (no server, no network):

    python3 scripts/emulator/check_rollout_patches.py

Each check is what ecspresso or the AWS provider relies on (docs/emulator-gaps.md). Prints one `ok <name>` per
check and exits 0, or raises (exit 1) at the first wrong answer. Run by __tests__/emulator.test.ts.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from selfcheck import REGION, check, ok  # noqa: E402 - first: it sets the credentials moto in process needs

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from moto import mock_aws  # noqa: E402

import moto_server  # noqa: E402 - the launcher (its fixes, not its server)


@mock_aws
def main() -> None:
    # Raw JSON of a response, as the Go SDKs see it (boto3 would parse an ISO string into a datetime too).
    raw: dict = {}

    def keep_body(http_response, parsed, model, **_):
        raw[model.name] = json.loads(http_response.content or b"{}")

    ecs = boto3.client("ecs", region_name=REGION)
    cd = boto3.client("codedeploy", region_name=REGION, config=Config(retries={"max_attempts": 1}))
    cd.meta.events.register("after-call.codedeploy.*", keep_body)
    ec2 = boto3.client("ec2", region_name=REGION)
    elb = boto3.client("elbv2", region_name=REGION)

    ecs.create_cluster(clusterName="c")
    td = {"family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512"}
    ecs.register_task_definition(**td, containerDefinitions=[{"name": "m", "image": "r:1", "portMappings": [{"containerPort": 80}]}])

    # ECS controller: running = desired at create; service deployments listed IN_PROGRESS, then SUCCESSFUL.
    svc = ecs.create_service(cluster="c", serviceName="s", taskDefinition="f:1", desiredCount=2)["service"]
    check(svc["runningCount"] == 2 and svc["deployments"][0]["rolloutState"] == "COMPLETED", f"create: {svc['runningCount']}, {svc['deployments'][0]['rolloutState']}")
    ok("CreateService reports the desired tasks running and the deployment COMPLETED")
    listed = ecs.list_service_deployments(cluster="c", service="s", status=["IN_PROGRESS"])["serviceDeployments"]
    check(len(listed) == 1, f"ListServiceDeployments IN_PROGRESS: {listed}")
    arn = listed[0]["serviceDeploymentArn"]
    described = ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"]
    check(described[0]["status"] == "SUCCESSFUL", f"DescribeServiceDeployments: {described[0]['status']}")
    check(ecs.list_service_deployments(cluster="c", service="s", status=["IN_PROGRESS"])["serviceDeployments"] == [], "still IN_PROGRESS after it was described")
    ok("ListServiceDeployments / DescribeServiceDeployments: IN_PROGRESS until described, then SUCCESSFUL")
    ecs.register_task_definition(**td, containerDefinitions=[{"name": "m", "image": "r:2", "portMappings": [{"containerPort": 80}]}])
    ecs.update_service(cluster="c", service="s", taskDefinition="f:2", desiredCount=3)
    dep = ecs.describe_services(cluster="c", services=["s"])["services"][0]["deployments"]
    check(len(dep) == 1 and dep[0]["taskDefinition"].endswith("f:2") and dep[0]["runningCount"] == dep[0]["desiredCount"] == 3, f"after update: {dep}")
    check(len(ecs.list_service_deployments(cluster="c", service="s")["serviceDeployments"]) == 2, "UpdateService recorded no service deployment")
    ok("UpdateService: one PRIMARY deployment of the new revision, running = desired, a new service deployment")

    aas = boto3.client("application-autoscaling", region_name=REGION)
    target = aas.register_scalable_target(ServiceNamespace="ecs", ResourceId="service/c/s", ScalableDimension="ecs:service:DesiredCount",
                                          MinCapacity=1, MaxCapacity=3, Tags={"Project": "acme"})["ScalableTargetARN"]
    aas.tag_resource(ResourceARN=target, Tags={"Service": "s"})
    aas.untag_resource(ResourceARN=target, TagKeys=["Project"])
    check(aas.list_tags_for_resource(ResourceARN=target)["Tags"] == {"Service": "s"}, "scalable target tags")
    suspended = aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"][0].get("SuspendedState")
    check(suspended == {"DynamicScalingInSuspended": False, "DynamicScalingOutSuspended": False, "ScheduledScalingSuspended": False}, f"SuspendedState: {suspended}")
    ok("Application Auto Scaling targets: SuspendedState reported, RegisterScalableTarget Tags, TagResource, UntagResource, ListTagsForResource")

    asg = boto3.client("autoscaling", region_name=REGION)
    ec2.create_launch_template(LaunchTemplateName="lt-e2e", LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.small"})
    asg.create_auto_scaling_group(AutoScalingGroupName="g", LaunchTemplate={"LaunchTemplateName": "lt-e2e"}, MinSize=0, MaxSize=1, AvailabilityZones=[f"{REGION}a"])
    refresh = asg.start_instance_refresh(AutoScalingGroupName="g")["InstanceRefreshId"]
    found = asg.describe_instance_refreshes(AutoScalingGroupName="g")["InstanceRefreshes"]
    check([(r["InstanceRefreshId"], r["Status"]) for r in found] == [(refresh, "Successful")], f"instance refreshes: {found}")
    ok("StartInstanceRefresh / DescribeInstanceRefreshes: Successful at once")

    # CodeDeploy: numeric times, group round trip, update/delete, a blue/green deployment that moves traffic.
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=f"{REGION}{z}")["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "c"))]
    sg = ec2.create_security_group(GroupName="g", Description="g", VpcId=vpc)["GroupId"]
    lb = elb.create_load_balancer(Name="lb", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    tg = {n: elb.create_target_group(Name=n, Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")["TargetGroups"][0]["TargetGroupArn"] for n in ("blue", "green")}
    prod = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}])["Listeners"][0]["ListenerArn"]
    test = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=8080, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["blue"]}])["Listeners"][0]["ListenerArn"]
    elb.create_rule(ListenerArn=prod, Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/m/*"]}], Actions=[{"Type": "forward", "TargetGroupArn": tg["blue"]}])

    def live() -> set:
        rules = elb.describe_rules(ListenerArn=prod)["Rules"]
        fw = {a.get("TargetGroupArn") for r in rules for a in r["Actions"] if a["Type"] == "forward"}
        fw |= {a.get("TargetGroupArn") for a in elb.describe_listeners(ListenerArns=[test])["Listeners"][0]["DefaultActions"]}
        return fw

    bg = ecs.create_service(cluster="c", serviceName="bg", taskDefinition="f:1", desiredCount=1, deploymentController={"type": "CODE_DEPLOY"},
                            launchType="FARGATE", loadBalancers=[{"targetGroupArn": tg["blue"], "containerName": "m", "containerPort": 80}],
                            networkConfiguration={"awsvpcConfiguration": {"subnets": subnets[:1], "securityGroups": [sg]}})["service"]
    sets = bg["taskSets"]
    check(len(sets) == 1 and sets[0]["status"] == "PRIMARY" and sets[0]["stabilityStatus"] == "STEADY_STATE" and sets[0]["taskDefinition"].endswith("f:1"), f"task sets: {sets}")
    ok("CODE_DEPLOY CreateService: one PRIMARY, STEADY_STATE task set of the service's revision")

    cd.create_application(applicationName="a", computePlatform="ECS")
    cd.get_application(applicationName="a")
    check(isinstance(raw["GetApplication"]["application"]["createTime"], (int, float)), f"createTime: {raw['GetApplication']}")
    ok("GetApplication createTime is epoch seconds")
    alarms = {"enabled": True, "ignorePollAlarmFailure": False, "alarms": [{"name": "x"}]}
    cd.create_deployment_group(applicationName="a", deploymentGroupName="g", serviceRoleArn="arn:aws:iam::123456789012:role/cd",
                               deploymentConfigName="CodeDeployDefault.ECSAllAtOnce", alarmConfiguration=alarms,
                               deploymentStyle={"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"},
                               ecsServices=[{"clusterName": "c", "serviceName": "bg"}],
                               loadBalancerInfo={"targetGroupPairInfoList": [{"targetGroups": [{"name": "blue"}, {"name": "green"}],
                                                                              "prodTrafficRoute": {"listenerArns": [prod]}, "testTrafficRoute": {"listenerArns": [test]}}]})
    check(cd.get_deployment_group(applicationName="a", deploymentGroupName="g")["deploymentGroupInfo"]["alarmConfiguration"] == alarms, "alarmConfiguration lost")
    ok("GetDeploymentGroup returns the alarm configuration")
    got = cd.batch_get_deployment_groups(applicationName="a", deploymentGroupNames=["g", "nope"])
    check([g["deploymentGroupName"] for g in got["deploymentGroupsInfo"]] == ["g"] and "nope" in got.get("errorMessage", ""), f"batch get: {got}")
    ok("BatchGetDeploymentGroups answers found groups and names the missing one")

    ecs.register_task_definition(**td, containerDefinitions=[{"name": "m", "image": "r:3", "portMappings": [{"containerPort": 80}]}])
    spec = ("version: 1\nResources:\n- TargetService:\n    Type: AWS::ECS::Service\n    Properties:\n"
            f"      TaskDefinition: arn:aws:ecs:{REGION}:123456789012:task-definition/f:3\n"
            "      LoadBalancerInfo:\n        ContainerName: m\n        ContainerPort: 80\n")
    dep_id = cd.create_deployment(applicationName="a", deploymentGroupName="g",
                                  revision={"revisionType": "AppSpecContent", "appSpecContent": {"content": spec}})["deploymentId"]
    in_flight = cd.list_deployments(applicationName="a", deploymentGroupName="g", includeOnlyStatuses=["Created", "Queued", "InProgress", "Ready"])["deployments"]
    check(in_flight == [dep_id], f"in-flight deployments: {in_flight}")
    check(live() == {tg["blue"]}, "traffic moved before the deployment was read")
    info = cd.get_deployment(deploymentId=dep_id)["deploymentInfo"]
    check(info["status"] == "Succeeded", f"deployment: {info['status']} {info.get('errorInformation')}")
    check(isinstance(raw["GetDeployment"]["deploymentInfo"]["createTime"], (int, float)), "deployment createTime not numeric")
    check(live() == {tg["green"]}, f"listeners forward to {live()}, expected green only")
    sets = ecs.describe_services(cluster="c", services=["bg"])["services"][0]
    check(sets["taskDefinition"].endswith("f:3") and [s["status"] for s in sets["taskSets"]] == ["PRIMARY"], f"after deployment: {sets['taskDefinition']} {sets['taskSets']}")
    check(sets["taskSets"][0]["loadBalancers"][0]["targetGroupArn"] == tg["green"], "green task set not behind the green target group")
    ok("CreateDeployment (ECS blue/green): InProgress, then Succeeded with production and test traffic on green and one PRIMARY task set")
    second = cd.create_deployment(applicationName="a", deploymentGroupName="g",
                                  revision={"revisionType": "AppSpecContent", "appSpecContent": {"content": spec.replace("f:3", "f:1")}})["deploymentId"]
    check(cd.list_deployments(applicationName="a", deploymentGroupName="g")["deployments"][0] == second, "ListDeployments: newest not first")
    cd.get_deployment(deploymentId=second)
    check(live() == {tg["blue"]}, "second deployment did not move traffic back to blue")
    ok("ListDeployments newest first; the next deployment moves traffic back")

    cd.update_deployment_group(applicationName="a", currentDeploymentGroupName="g", alarmConfiguration={"enabled": False, "alarms": []})
    check(cd.get_deployment_group(applicationName="a", deploymentGroupName="g")["deploymentGroupInfo"]["alarmConfiguration"]["enabled"] is False, "update lost")
    cd.delete_deployment_group(applicationName="a", deploymentGroupName="g")
    cd.delete_application(applicationName="a")
    check(cd.list_applications()["applications"] == [], "application not deleted")
    ok("UpdateDeploymentGroup, DeleteDeploymentGroup, DeleteApplication")


if __name__ == "__main__":
    moto_server.apply_patches()
    main()
