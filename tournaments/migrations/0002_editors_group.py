"""The "Editors" group: full rights on the tournament data, none on accounts.

Standings are computed, so editors may only view them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
READ_ONLY_MODELS = {"standing"}


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; create ours now.
    app_config = apps.get_app_config("tournaments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    permissions = Permission.objects.filter(content_type__app_label="tournaments")
    editors.permissions.set(
        p
        for p in permissions
        if p.content_type.model not in READ_ONLY_MODELS or p.codename.startswith("view_")
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tournaments", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
