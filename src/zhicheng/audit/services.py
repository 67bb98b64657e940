from __future__ import annotations

from .models import AuditEvent


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    role: str = "",
    organization=None,
    ip: str | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    success: bool = True,
    details: dict | None = None,
) -> AuditEvent:
    """Write one audit event. Call inside the action's transaction so both land or neither."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        role=role,
        organization=organization,
        ip=ip,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        success=success,
        details=details or {},
    )
