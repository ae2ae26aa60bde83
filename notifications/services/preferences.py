"""A user's delivery preferences: the mobile number for SMS, and which channels reach them."""

from notifications.models import DeliveryPreference


def delivery_preference_set(*, user, mobile: str = "", sms_enabled: bool = True, email_enabled: bool = True):
    preference, _created = DeliveryPreference.objects.get_or_create(user=user)
    preference.mobile, preference.sms_enabled, preference.email_enabled = mobile, sms_enabled, email_enabled
    preference.full_clean(exclude=["user"])
    preference.save()
    return preference
