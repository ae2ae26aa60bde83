from django.utils.translation import get_language


class LocalisedNameMixin:
    """Reference data named in Chinese, with an optional English name shown when the UI is in English."""

    name: str
    name_en: str

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name
