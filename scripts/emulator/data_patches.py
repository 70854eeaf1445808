"""
moto patches the data tier needs (issue 12), kept apart from the rollout patches. Each function says why.
Applied by scripts/emulator/moto_server.py at start-up (apply_all); checked in-process by check_data_patches.py.
"""
import json

# Tags of Application Auto Scaling scalable targets, by ARN (one emulator process, every account and region).
_SCALING_TAGS: dict[str, dict[str, str]] = {}


def application_autoscaling_tags() -> None:
    """
    Why: moto 5.2.1 implements no ListTagsForResource / TagResource / UntagResource for Application Auto Scaling
    (NotImplementedError → HTTP 500). The AWS provider lists a scalable target's tags after every create and read
    and retries the 500 for many minutes, so `aws_appautoscaling_target` (Aurora reader autoscaling, and every
    ECS service target once `scaling.attach` is on) never finishes applying. Keep the tags per target ARN,
    including those RegisterScalableTarget carries, like the real service.
    """
    from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse as Response

    original_register = Response.register_scalable_target

    def register_scalable_target(self) -> str:
        out = original_register(self)
        tags = self._get_param("Tags") or {}
        if tags:
            _SCALING_TAGS.setdefault(json.loads(out)["ScalableTargetARN"], {}).update(tags)
        return out

    def list_tags_for_resource(self) -> str:
        return json.dumps({"Tags": _SCALING_TAGS.get(self._get_param("ResourceARN"), {})})

    def tag_resource(self) -> str:
        _SCALING_TAGS.setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
        return "{}"

    def untag_resource(self) -> str:
        tags = _SCALING_TAGS.get(self._get_param("ResourceARN"), {})
        for key in self._get_param("TagKeys") or []:
            tags.pop(key, None)
        return "{}"

    Response.register_scalable_target = register_scalable_target
    Response.list_tags_for_resource = list_tags_for_resource
    Response.tag_resource = tag_resource
    Response.untag_resource = untag_resource


def elasticache_member_clusters() -> None:
    """
    Why: moto 5.2.1 lists a replication group's member clusters (`<id>-001`, …) but never creates them, and it
    keeps a deleted group forever in status "deleting". The AWS provider reads the first member cluster after
    creating a group (DescribeCacheClusters → CacheClusterNotFound fails the apply) and waits for a deleted group
    to disappear (local:down would hang). Create the member clusters with the group, like ElastiCache, and drop
    group and members on delete.
    """
    from moto.elasticache.models import ElastiCacheBackend

    original_create = ElastiCacheBackend.create_replication_group
    original_delete = ElastiCacheBackend.delete_replication_group

    def create_replication_group(self, **kwargs):
        group = original_create(self, **kwargs)
        for member in group.member_clusters:
            if member in self.cache_clusters:
                continue
            self.create_cache_cluster(
                cache_cluster_id=member,
                replication_group_id=group.replication_group_id,
                az_mode=None,
                preferred_availability_zone=None,
                num_cache_nodes=1,
                cache_node_type=kwargs.get("cache_node_type"),
                engine=kwargs.get("engine"),
                engine_version=kwargs.get("engine_version"),
                cache_parameter_group_name=kwargs.get("cache_parameter_group_name"),
                cache_subnet_group_name=kwargs.get("cache_subnet_group_name"),
                transit_encryption_enabled=kwargs.get("transit_encryption_enabled"),
                network_type=kwargs.get("network_type"),
                ip_discovery=kwargs.get("ip_discovery"),
                snapshot_name=None,
                preferred_maintenance_window=kwargs.get("preferred_maintenance_window"),
                port=kwargs.get("port"),
                notification_topic_arn=None,
                auto_minor_version_upgrade=kwargs.get("auto_minor_version_upgrade"),
                snapshot_retention_limit=kwargs.get("snapshot_retention_limit"),
                snapshot_window=kwargs.get("snapshot_window"),
                auth_token=None,
                outpost_mode=None,
                preferred_outpost_arn=None,
                preferred_availability_zones=None,
                cache_security_group_names=None,
                security_group_ids=kwargs.get("security_group_ids"),
                tags=None,
                snapshot_arns=None,
                preferred_outpost_arns=None,
                log_delivery_configurations=None,
                cache_node_ids_to_remove=None,
                cache_node_ids_to_reboot=None,
            )
        return group

    def delete_replication_group(self, replication_group_id, retain_primary_cluster):
        members = list(self.replication_groups.get(replication_group_id).member_clusters) if replication_group_id in self.replication_groups else []
        group = original_delete(self, replication_group_id, retain_primary_cluster)
        self.replication_groups.pop(replication_group_id, None)
        for member in members:
            self.cache_clusters.pop(member, None)
        return group

    ElastiCacheBackend.create_replication_group = create_replication_group
    ElastiCacheBackend.delete_replication_group = delete_replication_group


def elasticache_delete_cache_subnet_group() -> None:
    """
    Why: moto 5.2.1 has no DeleteCacheSubnetGroup (moto/elasticache/responses.py implements create and describe
    only: `NotImplementedError: The delete_cache_subnet_group action has not been implemented`, HTTP 500). The
    provider retries the 500, so destroying `aws_elasticache_subnet_group` never finished and `npm run local:down
    -- eldonia-local` hung on eldonia-local-data. Delete it like ElastiCache: CacheSubnetGroupNotFoundFault for an
    unknown name (the provider then treats the group as gone), CacheSubnetGroupInUse while a cluster or
    replication group still uses it (the provider retries that until the group is free), else gone with its tags.
    Clusters moto left in "deleting" do not count: moto never finishes deleting a plain cache cluster.
    """
    from moto.core.responses import EmptyResult
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound, ElastiCacheException
    from moto.elasticache.models import ElastiCacheBackend
    from moto.elasticache.responses import ElastiCacheResponse

    class CacheSubnetGroupInUse(ElastiCacheException):
        code = "CacheSubnetGroupInUse"

        def __init__(self, name: str, user: str):
            super().__init__(f"Cache subnet group {name} is currently in use by {user}.")

    def delete_cache_subnet_group(self, cache_subnet_group_name: str):
        group = self.cache_subnet_groups.get(cache_subnet_group_name)
        if group is None:
            raise CacheSubnetGroupNotFound(cache_subnet_group_name)
        users = [f"replication group {g.replication_group_id}" for g in self.replication_groups.values() if g.cache_subnet_group_name == cache_subnet_group_name]
        users += [
            f"cache cluster {c.cache_cluster_id}"
            for c in self.cache_clusters.values()
            if c.cache_subnet_group_name == cache_subnet_group_name and c.cache_cluster_status != "deleting"
        ]
        if users:
            raise CacheSubnetGroupInUse(cache_subnet_group_name, users[0])
        del self.cache_subnet_groups[cache_subnet_group_name]
        self.tagging_service.delete_all_tags_for_resource(group.arn)
        return group

    def delete_cache_subnet_group_response(self):
        self.elasticache_backend.delete_cache_subnet_group(self._get_param("CacheSubnetGroupName"))
        return EmptyResult()

    if not hasattr(ElastiCacheBackend, "delete_cache_subnet_group"):
        ElastiCacheBackend.delete_cache_subnet_group = delete_cache_subnet_group
    if not hasattr(ElastiCacheResponse, "delete_cache_subnet_group"):
        ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group_response


def rds_unique_dbi_resource_ids() -> None:
    """
    Why: moto 5.2.1 gives every DB instance the same DbiResourceId (moto/rds/models.py: `self.dbi_resource_id =
    "db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U"`). The AWS provider reads an `aws_db_instance` by that id (DescribeDBInstances
    with the `dbi-resource-id` filter); with a second instance in the emulator (eldonia-local's Aurora instances
    next to messaging-local's RDS instance) the filter matches several and the apply fails with "reading RDS DB
    Instance (acme-messaging-local-main): couldn't find resource". Give each instance its own id, like RDS.
    """
    import random
    import string

    from moto.rds.models import DBInstance

    original_init = DBInstance.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.dbi_resource_id = "db-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=26))

    DBInstance.__init__ = __init__


def sqs_redrive_allow_policy() -> None:
    """SQS: keep and return a queue's RedriveAllowPolicy.

    moto/sqs/models.py stores every SetQueueAttributes key on the queue, but `Queue.BASE_ATTRIBUTES` (what
    GetQueueAttributes returns and accepts by name) has no `RedriveAllowPolicy`: asking for it by name is
    `InvalidAttributeName`, `All` leaves it out. The provider's `aws_sqs_queue_redrive_allow_policy` (a DLQ's
    "which source queues may use me", modules/serverless) waits after SetQueueAttributes until GetQueueAttributes
    shows the policy, so `cdktf deploy vitascope-local-serverless` polled until its timeout. AWS omits the
    attribute when it is unset or set to "" (how the provider removes it).
    """
    from moto.sqs.models import Queue

    Queue.redrive_allow_policy = None  # unset on queues that never received it
    if "RedriveAllowPolicy" not in Queue.BASE_ATTRIBUTES:
        Queue.BASE_ATTRIBUTES.append("RedriveAllowPolicy")
    original = Queue.attributes.fget

    def attributes(self):
        out = original(self)
        if not out.get("RedriveAllowPolicy"):
            out.pop("RedriveAllowPolicy", None)
        # moto writes RedrivePolicy with json.dumps' spaced separators; SQS returns compact JSON, and the provider
        # stores the value as read, so the plan after deploy showed `redrive_policy` "# whitespace changes".
        if isinstance(out.get("RedrivePolicy"), str):
            out["RedrivePolicy"] = json.dumps(json.loads(out["RedrivePolicy"]), separators=(",", ":"))
        return out

    Queue.attributes = property(attributes)

    # Queue._set_attributes ends with `self.policy = attributes.get("Policy")`: a SetQueueAttributes without
    # `Policy` (the redrive allow policy's) wiped the DLQ's queue policy, so the plan after deploy re-created
    # aws_sqs_queue_policy. AWS changes only the attributes named in the call.
    original_set = Queue._set_attributes

    def _set_attributes(self, attributes, now=None):
        kept = getattr(self, "policy", None)
        original_set(self, attributes, now)
        if "Policy" not in attributes:
            self.policy = kept

    Queue._set_attributes = _set_attributes


def rds_instance_read_back() -> None:
    """
    Why: moto 5.2.1 drops two things the AWS provider reads back after creating messaging-local's RDS instance,
    so `terraform plan` after apply was never clean:
      - DBInstance keeps no `MonitoringInterval` / `MonitoringRoleArn` (DescribeDBInstances omits them; the plan
        showed `monitoring_interval = 0 -> 60` and `+ monitoring_role_arn`). Keep what CreateDBInstance sent.
      - DBParameterGroup parameters set by ModifyDBParameterGroup carry no `Source`; RDS reports them as
        `Source: user`, and the provider keeps only user-sourced parameters, so every configured parameter
        (`rds.force_ssl`, `log_statement`, ...) was planned again. Mark modified parameters `user`.
    """
    from moto.rds.models import DBInstance, DBParameterGroup

    original_init = DBInstance.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.monitoring_interval = kwargs.get("monitoring_interval") or 0
        self.monitoring_role_arn = kwargs.get("monitoring_role_arn")

    DBInstance.__init__ = __init__

    original_update = DBParameterGroup.update_parameters

    def update_parameters(self, new_parameters):
        new_parameters = list(new_parameters)
        original_update(self, new_parameters)
        for parameter in new_parameters:
            self.parameters[parameter["ParameterName"]].setdefault("Source", "user")

    DBParameterGroup.update_parameters = update_parameters


def lambda_event_source_mapping_alias() -> None:
    """
    Why: an event source mapping created for a function alias (`FunctionName` = the alias ARN `...:function:<name>:
    current`, modules/queue: triggers invoke the alias lambroll moves) reads back in moto 5.2.1 with the alias
    resolved to the version it points at (`...:<name>:1`; moto/awslambda/models.py `create_event_source_mapping`
    stores `func.function_arn`). Lambda returns the alias ARN, so the plan after deploying vitascope-local-serverless
    showed `function_name` `...:1 -> ...:current` and would churn on every lambroll deploy. Keep the qualified ARN
    the call named.
    """
    from moto.awslambda.models import LambdaBackend

    original = LambdaBackend.create_event_source_mapping

    def create_event_source_mapping(self, spec):
        requested = spec.get("FunctionName", "")
        esm = original(self, spec)
        if requested.startswith("arn:") and requested.count(":") == 7:
            esm.function_arn = requested
        return esm

    LambdaBackend.create_event_source_mapping = create_event_source_mapping


def wafv2_create_web_acl_retry() -> None:
    """
    Why: under load (e2e of all five emulator environments on two cores) moto answered one CreateWebACL so late
    that the provider's AWS SDK retried the call; moto had already stored the first one, so the retry failed with
    `WafV2DuplicateItem` and `cdktf deploy eldonia-local-edge` failed although nothing was wrong (the ACL existed,
    outside the state). A retried request is the same request: answer it with the ACL the first one created when
    name, scope, description, default action, visibility configuration and rule names all match; any other
    duplicate name still fails like WAF.
    """
    from moto.wafv2.exceptions import WAFV2DuplicateItemException
    from moto.wafv2.models import WAFV2Backend

    original = WAFV2Backend.create_web_acl

    def create_web_acl(self, name, visibility_config, default_action, scope, description, tags, rules, *args, **kwargs):
        try:
            return original(self, name, visibility_config, default_action, scope, description, tags, rules, *args, **kwargs)
        except WAFV2DuplicateItemException:
            for acl in self.wacls.values():
                same = (
                    acl.name == name
                    and f":{'global' if scope == 'CLOUDFRONT' else 'regional'}/" in acl.arn
                    and acl.description == (description or "")
                    and acl.default_action == default_action
                    and acl.visibility_config == visibility_config
                    and [r.name for r in acl.rules] == [r.get("Name") for r in (rules or [])]
                )
                if same:
                    return acl
            raise

    WAFV2Backend.create_web_acl = create_web_acl


def apply_all() -> None:
    application_autoscaling_tags()
    elasticache_member_clusters()
    elasticache_delete_cache_subnet_group()
    rds_unique_dbi_resource_ids()
    rds_instance_read_back()
    sqs_redrive_allow_policy()
    lambda_event_source_mapping_alias()
    wafv2_create_web_acl_retry()
