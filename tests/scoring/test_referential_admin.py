"""The referential admin: clone, edit, validate, compare, activate, export and import, and
who may do it (only the admin role)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import ROLES
from scoring.admin import table_models
from scoring.models import (
    Referential,
    ReferentialStatus,
    SourceDocument,
    TopicSettings,
    ZolDoseBand,
)
from scoring.referential_actions import clone_referential
from scoring.referential_store import document_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NON_ADMIN_ROLES = ("clinician", "coordinator", "panel_member")


def url(name: str, *args) -> str:
    return reverse(f"admin:scoring_referential_{name}", args=args)


def without_version(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "version"}


@pytest.fixture
def active():
    return Referential.objects.get(status=ReferentialStatus.ACTIVE)


@pytest.fixture
def draft(active, admin_user):
    return clone_referential(active, version="2027.1-test", user=admin_user)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def zol_band(referential, code: str) -> ZolDoseBand:
    return ZolDoseBand.objects.get(referential=referential, code=code)


def change_form_data(response) -> dict:
    """The POST data of an admin change page as rendered: main form and every inline."""
    data = {}

    def put(form, name):
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        else:
            data[key] = str(value)

    form = response.context["adminform"].form
    for name in form.fields:
        put(form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            put(formset.management_form, name)
        for row in formset.forms:
            for name, field in row.fields.items():
                if name == "DELETE":
                    continue
                if field.widget.__class__.__name__ == "NullBooleanSelect":
                    value = row[name].value()
                    data[row.add_prefix(name)] = {True: "true", False: "false"}.get(value, "")
                else:
                    put(row, name)
    data["_save"] = "Save"
    return data


def zol_row_key(data: dict, row_id: int) -> str:
    """The form prefix of a ZolDoseBand row in the change form data."""
    for key, value in data.items():
        if key.endswith("-id") and value == str(row_id) and "zoldoseband" in key:
            return key[: -len("-id")]
    raise AssertionError(f"ZolDoseBand row {row_id} is not in the form")


# -- who may do what ---------------------------------------------------------------------------

class TestPermissions:
    @pytest.mark.parametrize("role", NON_ADMIN_ROLES)
    @pytest.mark.parametrize("page", ["changelist", "import", "clone", "activate", "compare",
                                      "export_json", "change"])
    def test_non_admin_roles_are_sent_to_the_login(self, client, role_users, draft, role,
                                                   page):
        client.force_login(role_users[role])
        target = url(page) if page in ("changelist", "import") else url(page, draft.pk)
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

    @pytest.mark.parametrize("role", NON_ADMIN_ROLES)
    @pytest.mark.parametrize("page", ["changelist", "import", "clone", "activate", "compare",
                                      "export_json", "change"])
    def test_non_admin_roles_are_refused_even_as_staff(self, client, role_users, draft, role,
                                                      page):
        user = role_users[role]
        user.is_staff = True
        user.save()
        client.force_login(user)
        target = url(page) if page in ("changelist", "import") else url(page, draft.pk)
        assert client.get(target).status_code == 403

    @pytest.mark.parametrize("role", NON_ADMIN_ROLES)
    def test_non_admin_roles_change_nothing_by_post(self, client, role_users, active, draft,
                                                    role):
        user = role_users[role]
        user.is_staff = True
        user.save()
        client.force_login(user)
        count = Referential.objects.count()
        assert client.post(url("clone", active.pk), {"version": "x"}).status_code == 403
        assert client.post(url("activate", draft.pk)).status_code == 403
        upload = SimpleUploadedFile("r.json", b"{}", content_type="application/json")
        assert client.post(url("import"), {"file": upload}).status_code == 403
        assert Referential.objects.count() == count
        draft.refresh_from_db()
        assert draft.status == ReferentialStatus.DRAFT

    @pytest.mark.parametrize("page", ["changelist", "import", "clone", "activate", "compare",
                                      "change", "row_history", "history"])
    def test_admin_gets_every_page(self, admin_client, draft, page):
        target = url(page) if page in ("changelist", "import") else url(page, draft.pk)
        assert admin_client.get(target).status_code == 200

    def test_the_admin_role_alone_is_enough(self, client, active, draft):
        """A staff user with the admin role, not superuser: the role's permissions suffice."""
        user = UserFactory(username="role-admin", roles=["admin"], is_staff=True)
        client.force_login(user)
        for target in (url("changelist"), url("import"), url("clone", active.pk),
                       url("activate", draft.pk), url("change", draft.pk),
                       url("compare", draft.pk), url("export_csv", draft.pk)):
            assert client.get(target).status_code == 200, target

    def test_the_admin_role_holds_every_referential_permission(self):
        models = [Referential, SourceDocument, TopicSettings, *table_models()]
        wanted = {f"scoring.{action}_{model._meta.model_name}" for model in models
                  for action in ("view", "add", "change", "delete")}
        assert Permission.objects.filter(
            group__name="admin", content_type__app_label="scoring",
            codename__in=[name.split(".")[1] for name in wanted]).count() == len(wanted)

    @pytest.mark.parametrize("role", [role for role in ROLES if role.code != "admin"],
                             ids=lambda role: role.code)
    def test_other_roles_hold_no_referential_permission(self, role):
        models = [Referential, SourceDocument, TopicSettings, *table_models()]
        names = {model._meta.model_name for model in models}
        assert not [perm for perm in role.permissions
                    if perm.startswith("scoring.") and perm.split("_", 1)[1] in names]
        assert not Permission.objects.filter(
            group__name=role.code, content_type__app_label="scoring").exists()


# -- list, view, edit --------------------------------------------------------------------------

class TestChangelist:
    def test_it_lists_the_referentials_and_offers_import_not_add(self, admin_client, active,
                                                                 draft):
        response = admin_client.get(url("changelist"))
        content = response.content.decode()
        assert active.version in content and draft.version in content
        assert url("import") in content
        assert url("add") not in content

    def test_it_filters_by_status(self, admin_client, active, draft):
        response = admin_client.get(url("changelist"), {"status__exact": "draft"})
        assert list(response.context["cl"].result_list) == [draft]

    def test_the_add_page_is_not_offered(self, admin_client):
        assert admin_client.get(url("add")).status_code == 403


class TestEditDraft:
    def test_a_draft_shows_every_table_inline(self, admin_client, draft):
        response = admin_client.get(url("change", draft.pk))
        inline_models = {inline.formset.model for inline in
                         response.context["inline_admin_formsets"]}
        assert inline_models == {SourceDocument, TopicSettings, *table_models()}

    def test_a_valid_draft_says_so(self, admin_client, draft):
        response = admin_client.get(url("change", draft.pk))
        assert "Valid: this draft can be activated." in response.content.decode()

    def test_an_invalid_draft_shows_its_errors(self, admin_client, draft):
        band = zol_band(draft, "30to39")
        band.upper = Decimal("45")
        band.save()
        response = admin_client.get(url("change", draft.pk))
        content = response.content.decode()
        assert "This draft cannot be activated" in content
        assert "zoledronic_acid_dose" in content

    def test_one_table_can_be_edited_on_its_own_page(self, admin_client, draft):
        target = url("change", draft.pk) + "?table=zoldoseband"
        response = admin_client.get(target)
        assert [inline.formset.model for inline in
                response.context["inline_admin_formsets"]] == [ZolDoseBand]
        assert target.replace("&", "&amp;") in response.content.decode()

    @pytest.mark.parametrize("whole_page", [False, True], ids=["one table", "all tables"])
    def test_editing_a_row_is_saved_and_kept_in_history(self, admin_client, admin_user,
                                                        draft, whole_page):
        # The whole referential posts more fields than Django's default 1,000: the project's
        # settings raise the limit (rcp_oos/settings.py).
        target = url("change", draft.pk) + ("" if whole_page else "?table=zoldoseband")
        band = zol_band(draft, "gt60")
        history_before = band.history.count()
        data = change_form_data(admin_client.get(target))
        prefix = zol_row_key(data, band.pk)
        assert data[f"{prefix}-dose_mg"] in ("4.0", "4.00")
        data[f"{prefix}-dose_mg"] = "4.2"
        response = admin_client.post(target, data)
        assert response.status_code == 302, response.context and response.context["errors"]
        band.refresh_from_db()
        assert band.dose_mg == Decimal("4.2")
        assert band.history.count() == history_before + 1
        latest = band.history.first()
        assert latest.dose_mg == Decimal("4.2")
        assert latest.history_user == admin_user
        page = admin_client.get(url("row_history", draft.pk)).content.decode()
        assert "zoledronic acid dose band" in page

    def test_save_and_continue_stays_on_the_table(self, admin_client, draft):
        target = url("change", draft.pk) + "?table=sourcedocument"
        data = change_form_data(admin_client.get(target))
        data.pop("_save")
        data["_continue"] = "1"
        response = admin_client.post(target, data)
        assert response.status_code == 302
        assert response["Location"].endswith("table=sourcedocument")

    def test_a_negative_dose_is_refused_by_the_form(self, admin_client, draft):
        target = url("change", draft.pk) + "?table=zoldoseband"
        band = zol_band(draft, "gt60")
        data = change_form_data(admin_client.get(target))
        data[f"{zol_row_key(data, band.pk)}-dose_mg"] = "-1"
        response = admin_client.post(target, data)
        assert response.status_code == 200
        band.refresh_from_db()
        assert band.dose_mg == Decimal("4.0")

    def test_a_topic_settings_is_shown_as_indented_json(self, admin_client, draft):
        content = admin_client.get(url("change", draft.pk)).content.decode()
        assert '{\n  &quot;' in content

    def test_a_draft_can_be_deleted(self, admin_client, draft):
        assert admin_client.get(url("delete", draft.pk)).status_code == 200
        response = admin_client.post(url("delete", draft.pk), {"post": "yes"})
        assert response.status_code == 302
        assert not Referential.objects.filter(pk=draft.pk).exists()
        assert not ZolDoseBand.objects.filter(referential_id=draft.pk).exists()


class TestFrozenReferentials:
    def test_the_active_referential_is_shown_read_only(self, admin_client, active):
        response = admin_client.get(url("change", active.pk))
        assert response.status_code == 200
        assert response.context["has_change_permission"] is False
        assert not response.context["adminform"].form.fields
        for inline in response.context["inline_admin_formsets"]:
            assert not inline.has_change_permission
            assert not inline.has_add_permission
            assert not inline.has_delete_permission
        assert url("activate", active.pk) not in response.content.decode()

    def test_a_post_to_the_active_referential_is_refused(self, admin_client, active):
        band = zol_band(active, "gt60")
        response = admin_client.post(url("change", active.pk), {
            "name": "Changed", "edition": "Changed", "version": active.version,
            "_save": "Save"})
        assert response.status_code == 403
        active.refresh_from_db()
        band.refresh_from_db()
        assert active.name != "Changed"
        assert band.dose_mg == Decimal("4.0")

    def test_a_retired_referential_cannot_be_edited_nor_deleted(self, admin_client, active,
                                                               draft):
        admin_client.post(url("activate", draft.pk))
        active.refresh_from_db()
        assert active.status == ReferentialStatus.RETIRED
        assert admin_client.post(url("change", active.pk), {"name": "x"}).status_code == 403
        assert admin_client.get(url("delete", active.pk)).status_code == 403
        assert admin_client.post(url("delete", active.pk), {"post": "yes"}).status_code == 403
        assert Referential.objects.filter(pk=active.pk).exists()

    def test_the_bulk_delete_action_is_not_offered(self, admin_client):
        response = admin_client.get(url("changelist"))
        assert "delete_selected" not in response.content.decode()

    def test_history_is_shown_but_never_restored(self, admin_client, active, draft):
        record = draft.history.order_by("history_date").first()
        admin_client.post(url("activate", draft.pk))
        target = reverse("admin:scoring_referential_simple_history",
                         args=(draft.pk, record.history_id))
        assert admin_client.get(target).status_code == 200
        assert admin_client.post(target, {"name": "x"}).status_code == 403
        draft.refresh_from_db()
        assert draft.name != "x"


# -- clone -------------------------------------------------------------------------------------

class TestClone:
    def test_it_suggests_a_draft_version(self, admin_client, active):
        response = admin_client.get(url("clone", active.pk))
        assert response.context["form"].initial["version"] == f"{active.version}-draft"

    def test_it_creates_a_draft_with_the_same_document(self, admin_client, admin_user,
                                                       active):
        count = Referential.objects.count()
        response = admin_client.post(url("clone", active.pk), {"version": "2027.1"})
        draft = Referential.objects.get(version="2027.1")
        assert response.status_code == 302
        assert response["Location"] == url("change", draft.pk)
        assert Referential.objects.count() == count + 1
        assert draft.status == ReferentialStatus.DRAFT
        assert draft.based_on == active
        assert draft.created_by == admin_user
        assert without_version(document_of(draft)) == without_version(document_of(active))

    def test_it_can_give_a_new_edition(self, admin_client, active):
        admin_client.post(url("clone", active.pk), {"version": "2027.1",
                                                    "edition": "AURA 2027"})
        assert Referential.objects.get(version="2027.1").edition == "AURA 2027"

    def test_a_taken_version_is_refused_on_the_form(self, admin_client, active):
        count = Referential.objects.count()
        response = admin_client.post(url("clone", active.pk), {"version": active.version})
        assert response.status_code == 200
        assert "already exists" in response.content.decode()
        assert Referential.objects.count() == count


# -- compare -----------------------------------------------------------------------------------

class TestCompare:
    def test_an_unchanged_draft_has_no_difference(self, admin_client, draft):
        response = admin_client.get(url("compare", draft.pk))
        kinds = {row["kind"] for row in response.context["rows"]}
        assert kinds <= {"changed"}  # only the version differs
        assert [row["path"] for row in response.context["rows"]] == ["version"]

    def test_the_active_one_against_itself_has_no_difference(self, admin_client, active):
        response = admin_client.get(url("compare", active.pk))
        assert response.context["rows"] == []
        assert "No difference." in response.content.decode()

    def test_it_shows_the_changed_dose(self, admin_client, draft):
        band = zol_band(draft, "gt60")
        band.dose_mg = Decimal("4.2")
        band.save()
        response = admin_client.get(url("compare", draft.pk))
        rows = [row for row in response.context["rows"] if row["topic"] == "zoledronic_acid_dose"]
        assert rows == [{"topic": "zoledronic_acid_dose", "path": "bands › gt60 › dose_mg",
                         "kind": "changed", "kind_label": "changed", "before": "4.0",
                         "after": "4.2"}]
        content = response.content.decode()
        assert "kind-changed" in content and "4.2" in content

    def test_it_can_compare_with_another_edition(self, admin_client, active, draft):
        response = admin_client.get(url("compare", active.pk), {"against": draft.pk})
        assert response.context["against"] == draft


# -- activate ----------------------------------------------------------------------------------

class TestActivate:
    def test_the_confirmation_lists_the_changes(self, admin_client, draft):
        band = zol_band(draft, "gt60")
        band.dose_mg = Decimal("4.2")
        band.save()
        response = admin_client.get(url("activate", draft.pk))
        assert response.context["can_confirm"]
        assert any(row["path"] == "bands › gt60 › dose_mg" for row in response.context["rows"])

    def test_an_invalid_draft_is_refused_and_nothing_changes(self, admin_client, active,
                                                            draft):
        band = zol_band(draft, "30to39")
        band.upper = Decimal("45")  # overlaps 40-49
        band.save()
        page = admin_client.get(url("activate", draft.pk))
        assert page.context["errors"] and not page.context["can_confirm"]
        response = admin_client.post(url("activate", draft.pk))
        assert response.status_code == 200
        assert response.context["errors"]
        assert "zoledronic_acid_dose" in " ".join(response.context["errors"])
        assert "Nothing was changed." in response.content.decode()
        active.refresh_from_db()
        draft.refresh_from_db()
        assert active.status == ReferentialStatus.ACTIVE
        assert draft.status == ReferentialStatus.DRAFT

    def test_a_row_without_source_is_refused(self, admin_client, active, draft):
        ZolDoseBand.objects.filter(pk=zol_band(draft, "gt60").pk).update(source="")
        response = admin_client.post(url("activate", draft.pk))
        assert response.status_code == 200
        assert any("source" in error for error in response.context["errors"])
        active.refresh_from_db()
        assert active.status == ReferentialStatus.ACTIVE

    def test_a_valid_draft_becomes_active_and_the_old_one_retired(self, admin_client,
                                                                  admin_user, active, draft):
        response = admin_client.post(url("activate", draft.pk))
        assert response.status_code == 302
        assert response["Location"] == url("change", draft.pk)
        active.refresh_from_db()
        draft.refresh_from_db()
        assert draft.status == ReferentialStatus.ACTIVE
        assert draft.activated_by == admin_user
        assert active.status == ReferentialStatus.RETIRED
        assert Referential.objects.filter(status=ReferentialStatus.ACTIVE).count() == 1
        assert draft.history.first().history_user == admin_user

    def test_the_active_one_cannot_be_activated_again(self, admin_client, active):
        page = admin_client.get(url("activate", active.pk))
        assert not page.context["can_confirm"]
        response = admin_client.post(url("activate", active.pk))
        assert response.status_code == 200
        assert "Only a draft can be activated" in response.content.decode()

    def test_activation_needs_a_post(self, admin_client, active, draft):
        admin_client.get(url("activate", draft.pk))
        draft.refresh_from_db()
        assert draft.status == ReferentialStatus.DRAFT


# -- export and import -------------------------------------------------------------------------

class TestExport:
    def test_json(self, admin_client, active):
        response = admin_client.get(url("export_json", active.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="referential-{active.version}.json"')
        assert b'"tables"' in response.content

    def test_csv(self, admin_client, active):
        response = admin_client.get(url("export_csv", active.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="referential-{active.version}.csv"')
        assert response.content.decode().startswith("topic,path,type,value\n")


class TestImport:
    @pytest.mark.parametrize("extension", ["json", "csv"])
    def test_an_export_imports_back_as_a_draft(self, admin_client, admin_user, active,
                                               extension):
        exported = admin_client.get(url(f"export_{extension}", active.pk)).content
        count = Referential.objects.count()
        upload = SimpleUploadedFile(f"referential.{extension}", exported)
        response = admin_client.post(url("import"), {"file": upload, "version": "2027.2"})
        imported = Referential.objects.get(version="2027.2")
        assert response.status_code == 302
        assert response["Location"] == url("change", imported.pk)
        assert Referential.objects.count() == count + 1
        assert imported.status == ReferentialStatus.DRAFT
        assert imported.created_by == admin_user
        assert without_version(document_of(imported)) == without_version(document_of(active))

    def test_the_format_is_found_from_the_content(self, admin_client, active):
        exported = admin_client.get(url("export_json", active.pk)).content
        upload = SimpleUploadedFile("referential.txt", exported)
        response = admin_client.post(url("import"), {"file": upload, "version": "2027.3"})
        assert response.status_code == 302
        assert Referential.objects.filter(version="2027.3").exists()

    @pytest.mark.parametrize("name, content, message", [
        ("broken.json", b'{"name": "x", ', "Not valid JSON"),
        ("broken.csv", b"topic,path,type,value\nmirels,bands[0].code,int,abc\n",
         "is not a valid"),
        ("broken.csv", b"a,b\n1,2\n", "must start with the columns"),
        ("broken.json", b'{"name": "x", "edition": "y", "version": "z", "tables": {}}',
         "Missing topic"),
        ("broken.json", b"\xff\xfe\x00", "UTF-8"),
    ])
    def test_a_broken_file_is_refused_and_nothing_stored(self, admin_client, name, content,
                                                         message):
        count = Referential.objects.count()
        response = admin_client.post(url("import"), {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert Referential.objects.count() == count

    def test_an_invalid_referential_is_refused_whole(self, admin_client, active):
        document = document_of(active)
        document["version"] = "2027.4"
        bands = document["tables"]["zoledronic_acid_dose"]["bands"]
        bands[1]["upper"] = "45"  # overlaps the next band
        from scoring.referential_files import to_json

        count = Referential.objects.count()
        upload = SimpleUploadedFile("bad.json", to_json(document).encode())
        response = admin_client.post(url("import"), {"file": upload})
        assert response.status_code == 200
        assert response.context["errors"]
        assert Referential.objects.count() == count
        assert not Referential.objects.filter(version="2027.4").exists()

    def test_an_existing_version_is_refused(self, admin_client, active):
        exported = admin_client.get(url("export_json", active.pk)).content
        count = Referential.objects.count()
        response = admin_client.post(url("import"), {
            "file": SimpleUploadedFile("r.json", exported)})
        assert response.status_code == 200
        assert "already exists" in response.content.decode()
        assert Referential.objects.count() == count

    def test_a_file_over_5_mb_is_refused(self, admin_client):
        upload = SimpleUploadedFile("big.json", b" " * (5 * 1024 * 1024 + 1))
        response = admin_client.post(url("import"), {"file": upload})
        assert response.status_code == 200
        assert "larger than 5 MB" in response.content.decode()
