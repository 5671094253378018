from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def language_versions(request):
    """This page in each language, for the language switch and the hreflang links."""
    path = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    default = next(v for v in versions if v["code"] == settings.LANGUAGE_CODE)
    return {"language_versions": versions, "default_language_version": default}
