"""Who gets what from every URL of the project: the table the matrix test checks.

HOW TO ADD A URL
    tests/security/test_authorization_matrix.py walks the URL resolver and fails for any
    named URL missing here (and for any entry here that no longer resolves). Add one line to
    EXPECTED, keyed by "namespace:name":

        "recommendations:case_edit": Route({"pk": "draft_case"},
                                           get=only("clinician"), post=only("clinician")),

    - the first argument maps each URL keyword to an object of tests/security/world.py (the
      URL receives its pk) or to `Text("...")` for a literal segment;
    - `get=` / `post=` give, for each method the URL is tested with, the answer of each role
      (anonymous, clinician, coordinator, panel_member, admin); a method left out is not
      requested. Build the answers with `everyone`, `only` and `answers` below; anonymous is
      sent to the login page unless said otherwise;
    - `data=` is what the POST sends (nothing by default: an authorised form POST then shows
      its errors, 200, which is enough to tell "allowed" from "refused").

    The answers: OK (200), LOGIN (302 to the login page), ADMIN_LOGIN (302 to the admin's),
    SOME_LOGIN (either),
    FORBIDDEN (403), NOT_FOUND (404), NOT_ALLOWED (405), REDIRECT (a 302 elsewhere: an act
    done, or refused by the workflow with a message), or any other status as an int.

    The Django admin (namespace "admin") is checked by rule, not line by line: see
    ADMIN_ANSWERS and the admin tests of the matrix module. Its few pages outside the rule
    are listed here like any other URL.

The clinician of the matrix refers every case and patient of the world; the panel member
attended the meeting; the administrator is staff and superuser, as `load_demo` creates it.
Object-level rules (another clinician, a panel member who was absent) are tested in
tests/security/test_object_permissions.py.
"""

from dataclasses import dataclass, field

ROLES = ("anonymous", "clinician", "coordinator", "panel_member", "admin")
SIGNED_IN = ROLES[1:]

OK = 200
LOGIN = "login"
ADMIN_LOGIN = "admin login"
SOME_LOGIN = "login or admin login"
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
REDIRECT = "redirect"


@dataclass(frozen=True)
class Text:
    """A literal URL segment (a record kind, a document kind), not an object's pk."""
    value: str


@dataclass(frozen=True)
class Route:
    kwargs: dict = field(default_factory=dict)
    get: dict | None = None
    post: dict | None = None
    data: dict = field(default_factory=dict)


def answers(signed_in, *, anonymous=LOGIN, **by_role) -> dict:
    """`signed_in` for every signed-in role unless `by_role` says otherwise."""
    unknown = set(by_role) - set(SIGNED_IN)
    assert not unknown, f"unknown roles {unknown}"
    return {"anonymous": anonymous} | {role: by_role.get(role, signed_in) for role in SIGNED_IN}


def everyone(answer=OK, **kwargs) -> dict:
    return answers(answer, **kwargs)


def only(*roles, yes=OK, no=FORBIDDEN) -> dict:
    """`yes` for the roles named, `no` for the other signed-in roles."""
    return answers(no, **dict.fromkeys(roles, yes))


# A POST-only URL asked with GET: 405 once signed in.
POST_ONLY = everyone(NOT_ALLOWED)
WRITE_RECORDS = ("clinician", "admin")  # accounts.roles: _WRITE_RECORDS
PLAN_MEETINGS = ("coordinator", "admin")  # schedule_case, *_meeting, *_attendance
PANEL = ("panel_member", "admin")  # change_proposal
PATIENT = {"patient_pk": "patient"}

EXPECTED: dict[str, Route] = {
    # Project and accounts
    "home": Route(get=everyone()),
    "health": Route(get=everyone(anonymous=OK)),
    "set_language": Route(get=everyone(REDIRECT, anonymous=REDIRECT),
                          post=everyone(REDIRECT, anonymous=REDIRECT),
                          data={"language": "en", "next": "/"}),
    "login": Route(get=everyone(anonymous=OK), post=everyone(anonymous=OK)),
    # Logging out ends on the login page (LOGOUT_REDIRECT_URL).
    "logout": Route(get=everyone(NOT_ALLOWED), post=everyone(LOGIN)),
    "password_change": Route(get=everyone(), post=everyone()),
    "password_change_done": Route(get=everyone()),
    # The second factor: offered to everyone, set up already for the administrator (required);
    # the code step sends on whoever has no code to type.
    "security": Route(get=everyone()),
    "second_factor_enrol": Route(get=everyone(admin=REDIRECT), post=everyone(admin=REDIRECT)),
    "second_factor_verify": Route(get=everyone(REDIRECT), post=everyone(REDIRECT)),
    # The access log: administrators, on behalf of the patients.
    "audit:patient_accesses": Route({"patient_id": "patient"}, get=only("admin")),
    "audit:patient_accesses_csv": Route({"patient_id": "patient"}, get=only("admin")),
    # Patients: every role reads the records; clinicians and administrators write them.
    "patients:list": Route(get=everyone()),
    "patients:create": Route(get=only(*WRITE_RECORDS), post=only(*WRITE_RECORDS)),
    "patients:import_fhir": Route(get=only(*WRITE_RECORDS), post=only(*WRITE_RECORDS)),
    "patients:detail": Route({"pk": "patient"}, get=everyone()),
    "patients:edit": Route({"pk": "patient"}, get=only(*WRITE_RECORDS),
                           post=only(*WRITE_RECORDS)),
    "patients:history": Route({"pk": "patient"}, get=everyone()),
    "patients:timeline": Route({"pk": "patient"}, get=everyone()),
    "patients:record_add": Route(PATIENT | {"kind": Text("measurements")},
                                 get=only(*WRITE_RECORDS), post=only(*WRITE_RECORDS)),
    "patients:record_edit": Route(PATIENT | {"kind": Text("measurements"), "pk": "measurement"},
                                  get=only(*WRITE_RECORDS), post=only(*WRITE_RECORDS)),
    "patients:record_delete": Route(
        PATIENT | {"kind": Text("measurements"), "pk": "measurement"},
        get=only(*WRITE_RECORDS), post=only(*WRITE_RECORDS, yes=REDIRECT)),
    "patients:injection_add": Route(PATIENT | {"treatment_pk": "treatment"},
                                    get=only(*WRITE_RECORDS), post=only(*WRITE_RECORDS)),
    "patients:injection_edit": Route(PATIENT | {"pk": "injection"},
                                     get=only(*WRITE_RECORDS), post=only(*WRITE_RECORDS)),
    "patients:injection_delete": Route(PATIENT | {"pk": "injection"}, get=only(*WRITE_RECORDS),
                                       post=only(*WRITE_RECORDS, yes=REDIRECT)),
    "patients:lesion_create": Route(PATIENT, get=only(*WRITE_RECORDS),
                                    post=only(*WRITE_RECORDS)),
    "patients:lesion_detail": Route(PATIENT | {"pk": "lesion"}, get=everyone()),
    "patients:lesion_edit": Route(PATIENT | {"pk": "lesion"}, get=only(*WRITE_RECORDS),
                                  post=only(*WRITE_RECORDS)),
    "patients:lesion_delete": Route(PATIENT | {"pk": "lesion"}, get=only(*WRITE_RECORDS),
                                    post=only(*WRITE_RECORDS, yes=REDIRECT)),
    # Scoring: the live panels follow the patient's rules; the API answers in JSON.
    "scoring:lesion_live_score": Route(PATIENT, get=POST_ONLY, post=only(*WRITE_RECORDS)),
    "scoring:patient_what_if": Route(PATIENT, get=POST_ONLY, post=everyone()),
    "scoring:measurement_what_if": Route(PATIENT, get=POST_ONLY, post=only(*WRITE_RECORDS)),
    # Anonymous: 401 in JSON; signed in, the (empty, not JSON) body is refused with 415.
    "scoring_api:evaluate": Route(get=everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED),
                                  post=everyone(415, anonymous=401)),
    # Meetings: every role reads them; coordinators plan them and record who attended.
    "recommendations:meeting_list": Route(get=everyone()),
    # Activity statistics (aggregates, no patient): coordinators and administrators.
    "recommendations:statistics": Route(get=only(*PLAN_MEETINGS)),
    "recommendations:statistics_export": Route(get=only(*PLAN_MEETINGS)),
    "recommendations:statistics_report": Route({"year": Text("2026")},
                                               get=only(*PLAN_MEETINGS)),
    "recommendations:meeting_create": Route(get=only(*PLAN_MEETINGS),
                                            post=only(*PLAN_MEETINGS)),
    "recommendations:meeting_detail": Route({"pk": "meeting"}, get=everyone()),
    "recommendations:meeting_edit": Route({"pk": "meeting"}, get=only(*PLAN_MEETINGS),
                                          post=only(*PLAN_MEETINGS)),
    "recommendations:meeting_schedule_case": Route(
        {"pk": "meeting", "case_pk": "submitted_case"}, get=POST_ONLY,
        post=only(*PLAN_MEETINGS, yes=REDIRECT)),
    "recommendations:meeting_unschedule_case": Route(
        {"pk": "meeting", "case_pk": "scheduled_case"}, get=POST_ONLY,
        post=only(*PLAN_MEETINGS, yes=REDIRECT)),
    "recommendations:meeting_move_case": Route(
        {"pk": "meeting", "case_pk": "scheduled_case"}, get=POST_ONLY,
        post=only(*PLAN_MEETINGS, yes=REDIRECT), data={"direction": "up"}),
    "recommendations:attendance_add": Route({"pk": "meeting"}, get=POST_ONLY,
                                            post=only(*PLAN_MEETINGS)),
    "recommendations:attendance_presence": Route(
        {"pk": "meeting", "attendance_pk": "attendance"}, get=POST_ONLY,
        post=only(*PLAN_MEETINGS, yes=REDIRECT), data={"present": "0"}),
    "recommendations:attendance_remove": Route(
        {"pk": "meeting", "attendance_pk": "attendance"}, get=POST_ONLY,
        post=only(*PLAN_MEETINGS, yes=REDIRECT)),
    # Cases: every role reads them; only their owners (referrer, co-owners) act on them.
    "recommendations:case_list": Route(get=everyone()),
    "recommendations:case_create": Route(PATIENT, get=only("clinician", "admin"),
                                         post=only("clinician", "admin")),
    "recommendations:case_detail": Route({"pk": "draft_case"}, get=everyone()),
    "recommendations:case_edit": Route({"pk": "draft_case"}, get=only("clinician"),
                                       post=only("clinician")),
    "recommendations:case_submit": Route({"pk": "draft_case"}, get=POST_ONLY,
                                         post=only("clinician", yes=REDIRECT)),
    "recommendations:case_withdraw": Route({"pk": "draft_case"}, get=POST_ONLY,
                                           post=only("clinician", yes=REDIRECT)),
    "recommendations:attachment_add": Route({"case_pk": "draft_case"}, get=only("clinician"),
                                            post=only("clinician")),
    "recommendations:attachment_download": Route({"case_pk": "draft_case", "pk": "attachment"},
                                                 get=everyone()),
    # Proposals: coordinators and panel members open the discussion; panel members edit and
    # sign (those present at the meeting); coordinators close and send.
    "recommendations:case_discuss": Route(
        {"case_pk": "scheduled_case"}, get=POST_ONLY,
        post=only("coordinator", "panel_member", "admin", yes=REDIRECT)),
    "recommendations:proposal_detail": Route({"pk": "proposal"}, get=everyone()),
    # The FHIR export reads like the page; the world's proposal is a draft, refused with 409
    # after the read check (a signed one: tests/recommendations/test_fhir_export.py).
    "recommendations:proposal_fhir": Route({"pk": "proposal"}, get=everyone(409)),
    "recommendations:proposal_edit": Route({"pk": "proposal"}, get=only(*PANEL),
                                           post=only(*PANEL)),
    "recommendations:proposal_sign": Route({"pk": "proposal"}, get=POST_ONLY,
                                           post=only("panel_member", yes=REDIRECT)),
    "recommendations:proposal_close": Route({"pk": "proposal"}, get=POST_ONLY,
                                            post=only(*PLAN_MEETINGS, yes=REDIRECT)),
    "recommendations:proposal_send": Route({"pk": "proposal"}, get=POST_ONLY,
                                           post=only(*PLAN_MEETINGS, yes=REDIRECT)),
    "recommendations:proposal_new_version": Route({"pk": "proposal"}, get=POST_ONLY,
                                                  post=only(*PANEL, yes=REDIRECT)),
    # Follow-up actions of signed proposals: everyone who reads patients lists them; whoever
    # sees the case and writes the patient's records marks them done, not applicable, or
    # reopens them (the world's action is open: reopening it is refused with a message).
    "recommendations:follow_up_list": Route(get=everyone()),
    "recommendations:follow_up_done": Route({"pk": "follow_up_action"},
                                            get=only(*WRITE_RECORDS),
                                            post=only(*WRITE_RECORDS)),
    "recommendations:follow_up_not_applicable": Route({"pk": "follow_up_action"},
                                                      get=only(*WRITE_RECORDS),
                                                      post=only(*WRITE_RECORDS)),
    "recommendations:follow_up_reopen": Route({"pk": "follow_up_action"}, get=POST_ONLY,
                                              post=only(*WRITE_RECORDS, yes=REDIRECT)),
    # Documents follow their subject: whoever reads the case reads its summary.
    "documents:request": Route({"kind": Text("case_summary"), "pk": "draft_case"},
                               get=POST_ONLY, post=everyone(REDIRECT)),
    "documents:retry": Route({"pk": "document"}, get=POST_ONLY, post=everyone(REDIRECT)),
    "documents:download": Route({"pk": "document"}, get=everyone()),
}

# The Django admin, by rule: only staff who passed the second factor enter it (the admin
# role; accounts/admin_site.py). Anonymous users are sent to the login page (or first to the
# admin's, for its site-wide pages); other signed-in users to the admin's login, which sends
# them on to the same login page. The matrix asks
# every admin URL with GET as each role but the administrator, and, as the administrator, the
# index pages and the changelist of every registered model.
ADMIN_ANSWERS = answers(ADMIN_LOGIN, anonymous=SOME_LOGIN, admin=OK)

# Admin pages outside the rule, with their own answers (checked like EXPECTED).
ADMIN_EXCEPTIONS: dict[str, Route] = {
    # The admin has no login of its own: one way in, with the lockout and the code step.
    "admin:login": Route(get=everyone(LOGIN, admin=REDIRECT)),
    # Logging out is a POST; Django's admin sends non-staff to its index (then to the login).
    "admin:logout": Route(get=answers(REDIRECT, anonymous=ADMIN_LOGIN, admin=NOT_ALLOWED)),
    "admin:jsi18n": Route(get=answers(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, admin=OK)),
}
