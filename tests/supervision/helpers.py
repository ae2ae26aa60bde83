from agencies.models import Body
from supervision import services


def draft(user, *, recipient="shahe-police", disputes=(), title="交通事故调解台账不全"):
    return services.suggestion_draft(
        user=user,
        data={
            "recipient": Body.objects.get(code=recipient),
            "title": title,
            "problem": "多起交通事故纠纷未及时调解，台账缺失。",
            "suggestion": "建立调解台账，落实专人负责。",
            "disputes": list(disputes),
        },
    )


def issued(user, **kwargs):
    suggestion = draft(user, **kwargs)
    return services.suggestion_issue(suggestion_id=suggestion.pk, user=user)
