"""Form and API fields that name a region by its code, the official one or the former one."""

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from rest_framework import serializers

__all__ = ["RegionCodeChoiceField", "RegionCodeRelatedField"]


class RegionCodeChoiceField(forms.ModelChoiceField):
    """A region chosen by code (`to_field_name="code"`), which also accepts the code the place had before
    the official division codes, so that a link or a bookmark made then still selects it."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj):
        return obj.display_name

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            region = self.queryset.by_code(str(value))
            if region is None:
                raise
            return region


class RegionCodeRelatedField(serializers.SlugRelatedField):
    """An API field naming a region by code; a former code is accepted on input, the official code is
    what the API writes back."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            try:
                region = self.get_queryset().by_code(str(data))
            except (TypeError, ValueError, ObjectDoesNotExist):
                region = None
            if region is None:
                raise
            return region
