"""
moto patches the data tier needs (issue 12), kept apart from the rollout patches. Each function says why.
Applied by scripts/emulator/moto_server.py at start-up (apply_all).
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


def apply_all() -> None:
    application_autoscaling_tags()
