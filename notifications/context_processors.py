def notifications(request):
    """`notification_unread_count` for the bell: one indexed COUNT, run only when a template reads it, and
    at most once per request (cached on the request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notification_unread_count": 0}

    def unread_count() -> int:
        if not hasattr(request, "_notification_unread_count"):
            from notifications.selectors import notification_unread_count

            request._notification_unread_count = notification_unread_count(user=user)
        return request._notification_unread_count

    return {"notification_unread_count": unread_count}
