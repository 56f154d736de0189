"""Admin menu of the taxonomy, the practice library's demo loader and its home section."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from smartvillages.core.hooks import DEMO_LOADERS_HOOK, HOME_SECTIONS_HOOK
from smartvillages.translation.readers import with_requested_source_language

from .models import (
    ActionType,
    FundingProgramme,
    PracticeIndexPage,
    PracticePage,
    SmartDimension,
    TargetGroup,
    Theme,
)


class TermViewSet(SnippetViewSet):
    list_display = ["name", "code", "locale"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "name"]


class DimensionViewSet(TermViewSet):
    model = SmartDimension
    icon = "tag"


class ThemeViewSet(TermViewSet):
    model = Theme
    icon = "tag"


class ActionTypeViewSet(TermViewSet):
    model = ActionType
    icon = "tag"


class TargetGroupViewSet(TermViewSet):
    model = TargetGroup
    icon = "group"


class FundingProgrammeViewSet(TermViewSet):
    model = FundingProgramme
    icon = "tag"


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Practice taxonomy")
    menu_icon = "tag"
    menu_order = 250
    items = (
        DimensionViewSet,
        ThemeViewSet,
        ActionTypeViewSet,
        TargetGroupViewSet,
        FundingProgrammeViewSet,
    )


register_snippet(TaxonomyGroup)


@hooks.register(DEMO_LOADERS_HOOK)
def load_practice_library(command, home):
    from .demo_loader import load

    load(command, home)


LATEST_PRACTICES = 4


@hooks.register(HOME_SECTIONS_HOOK)
def latest_practices(page, request):
    """The newest practices of the home page's language, with a link to the library."""
    locale_id = page.locale_id if page.locale_id else Locale.get_active().pk
    library = PracticeIndexPage.objects.live().filter(locale_id=locale_id).first()
    if library is None:
        return None
    practices = list(
        with_requested_source_language(
            PracticePage.objects.live()
            .filter(locale_id=locale_id)
            .select_related("alias_of__locale")
            .order_by("-first_published_at", "-pk")
        )[:LATEST_PRACTICES]
    )
    if not practices:
        return None
    return {"template": "practices/home_section.html", "practices": practices, "library": library}
