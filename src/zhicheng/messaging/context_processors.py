from django.utils.functional import SimpleLazyObject


def unread(request):
    """`unread_messages` for the header's 消息 link. The session's user arrives with the count
    (orgs.backends.IdNumberOrUsernameBackend.get_user), so no page sends a query for it; a user loaded
    another way is counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counted = getattr(user, "unread_messages_count", False)
    if counted is not False:
        return {"unread_messages": counted or 0}
    from .services import unread_count

    return {"unread_messages": SimpleLazyObject(lambda: unread_count(user))}
