from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def language_versions(request):
    """This page in each language: ``url`` for the language switch (filters kept),
    ``absolute_url`` for the hreflang links, the address as the page's canonical has it
    (search engines ignore alternates that differ from the canonical)."""
    path, canonical = request.get_full_path(), canonical_path(request)
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        # Most pages are their own canonical: one resolve and reverse, not two.
        canonical_url = url if canonical == path else translate_url(canonical, code)
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(canonical_url),
            }
        )
    default = next(v for v in versions if v["code"] == settings.LANGUAGE_CODE)
    return {"language_versions": versions, "default_language_version": default}


def canonical_path(request):
    """The path without its query string, but for a later page of a list shown whole
    (?page=N alone): the rule of the canonical link (templatetags/discovery.py)."""
    page = request.GET.get("page", "")
    if set(request.GET) == {"page"} and page.isdigit() and int(page) > 1:
        return request.get_full_path()
    return request.path
