from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = _("Mediation")

    def ready(self) -> None:
        from disputes.search import search_source
        from disputes.similar import precedent_detail_source
        from mediation.selectors import agreement_terms_of
        from mediation.services import register_transition_steps, session_search_texts

        register_transition_steps()
        search_source(session_search_texts)
        precedent_detail_source(agreement_terms_of)
