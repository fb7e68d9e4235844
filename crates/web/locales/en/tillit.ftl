# Tillit: user-interface text in English (second language).
# Swedish legal terms keep their Swedish name in brackets where it helps.

language-name = English
skip-to-content = Skip to content
nav-label = Main menu
nav-worklist = Worklist
nav-start = Start
nav-persons = Find person
logout = Sign out
footer-text = Tillit – case management and follow-up for social services.
unknown = Unknown
user-unknown = Unknown user ({ $id })

## Errors

error-to-start = To the start page
error-incident = Error code to give to system support:
error-not-found-title = Page not found
error-not-found-text = The page you are looking for does not exist, or you do not have access to it. Check the address or go back to the start page.
error-forbidden-title = You do not have access
error-forbidden-text = Your role does not give access to this page. If you need it for your work, contact your manager.
error-csrf-title = The form could not be sent
error-csrf-text = The form lacked a valid security code, for example because the page was old or was opened from another website. Reload the page and try again.
error-bad-request-title = Bad request
error-bad-request-text = The request could not be understood. Go back, reload the page and try again.
error-too-large-title = Too much data
error-too-large-text = What was sent was too large. Shorten the text or split it up and try again.
error-method-not-allowed-title = Action not supported
error-method-not-allowed-text = This page cannot be used that way. Go back to the start page and try again.
error-conflict-title = The case has changed
error-conflict-text = Someone else changed the case after you opened it. Reload the page and try again.
error-unavailable-title = Tillit is temporarily unavailable
error-unavailable-text = The system is under heavy load right now. Wait a moment and try again.
error-internal-title = Something went wrong
error-internal-text = An unexpected error occurred and nothing was saved. Try again in a while. If the error persists, contact system support and give the error code.

## Sign in

login-title = Sign in
login-username = Username
login-password = Password
login-submit = Sign in
login-failed = Wrong username or password.
login-missing = Fill in both username and password.
login-throttled = Too many failed sign-in attempts. For security, signing in is blocked for a while. Try again after { $time }.
login-session-ended = You were signed out because your session expired. Please sign in again.
login-signed-out = You are signed out.

## Start page for roles without cases

start-title = Start
start-role-caseworker = As a caseworker you work with the cases of your unit.
start-role-team_lead = As a team lead you see your own and your unit's worklist.
start-role-unit_manager = As a unit manager you see your own and your unit's worklist.
start-role-analyst = As an analyst you will work with key figures, follow-up and reports. You see aggregated figures, never individual persons or cases.
start-role-quality_lead = As quality lead you will work with lex Sarah, incidents, complaints and self-audits.
start-role-registrar = As registrar you will work with the register (diarium) and the committee's documents.
start-role-system_administrator = As system administrator you will manage users, units and permissions. You cannot read cases.
start-not-built = Those parts of Tillit are not built yet. They will come in later versions.
start-no-cases = Your role does not give access to cases or personal data.

## Worklist

worklist-title = My worklist
worklist-title-unit = The unit's worklist
worklist-tabs-label = Choose worklist
worklist-tab-mine = Mine
worklist-tab-unit = The unit's
worklist-today = Today's date:
worklist-summary-label = Summary
worklist-no-unit = You do not belong to a unit, so there is no unit worklist to show.
worklist-empty = No deadlines to show.
worklist-open-case = Open the case
worklist-group-overdue = Overdue
worklist-group-today = Today
worklist-group-this-week = This week
worklist-group-later = Later
worklist-count-total =
    { $count ->
        [one] 1 deadline
       *[other] { $count } deadlines
    }
worklist-count-overdue = { $count } overdue
worklist-count-today = { $count } today
worklist-count-this-week = { $count } this week
worklist-count-later = { $count } later

status-overdue = Overdue
status-today = Today
status-this-week = This week
status-later = Later

## Table columns

col-what = What
col-child = Child
col-legal-date = Legal date
col-planning-date = Planning date
col-citation = Provision
col-status = Status
col-case = Case
col-from = Counted from
col-event = Event
col-occurred = Occurred
col-recorded-by = Recorded by
col-recorded-at = Recorded
col-name = Name
col-identity-number = Personal identity number
col-birth-date = Date of birth

## Persons

protected-identity = Protected identity
protected-badge = Protected personal data
identity-unknown = No identity number
person-missing = Person missing
persons-title = Find person
persons-query = Personal identity number or name
persons-query-hint = Identity number with 10 or 12 digits, or the start of given and family names, for example “anna lind”.
persons-search = Search
persons-results = Results
persons-none = No person found.
persons-more = More persons match. Type more of the name to narrow the search.
person-title = Person
person-masked = This person has protected personal data. The details are shown only to the caseworker assigned to the case and to the unit's managers.
person-gender = Gender
person-protection = Protection
person-address = Address
person-relations = Guardians and network
person-no-relations = No relations recorded.
person-related-child = Child
person-cases = Cases
person-no-cases = No cases that you have access to.
person-open-case = Open the case
person-hidden-cases =
    { $count ->
        [one] 1 case in another unit is not shown.
       *[other] { $count } cases in other units are not shown.
    }

## Case

case-title = Case
case-child = Child
case-phase = Stage
case-caseworker = Caseworker
case-unit = Unit
case-opened = Opened
case-closed = Closed
case-unassigned = Not assigned
case-deadlines = Deadlines
case-no-deadlines = No deadlines are running in this case.
case-timeline = Events
case-read-only = This page shows the case. Forms for each step of the case come in the next version.

## Domain labels (Swedish comes from the domain crate)

role-caseworker = Caseworker
role-team_lead = Team lead
role-unit_manager = Unit manager
role-analyst = Analyst
role-quality_lead = Quality lead
role-registrar = Registrar
role-system_administrator = System administrator

deadline-safety_assessment = Immediate safety assessment
deadline-pre_assessment = Pre-assessment (förhandsbedömning)
deadline-reporter_feedback = Inform the reporter
deadline-investigation_end = Investigation to be completed
deadline-consideration = Review of care (övervägande)
deadline-reconsideration = Reconsideration of LVU care (omprövning)
deadline-custody_transfer = Consider transfer of custody
deadline-unexecuted_decision = Favourable decision to be executed
deadline-emergency_foster_home_limit = Emergency foster home at most two months
deadline-emergency_removal_referral = Refer to the administrative court
deadline-care_application = Apply for care under LVU
deadline-follow_up = Follow-up

event-case_opened = Case opened
event-report_received = Report received
event-safety_assessed = Immediate safety assessment
event-pre_assessment_extended = Pre-assessment extended
event-pre_assessment_decided = Pre-assessment decided
event-report_added_to_investigation = Report added to running investigation
event-reporter_informed = Reporter informed
event-investigation_opened = Investigation opened
event-investigation_extended = Investigation extended
event-investigation_closed = Investigation closed
event-decision_taken = Decision
event-intervention_started = Intervention started
event-intervention_ended = Intervention ended
event-emergency_removal_decided = Emergency removal (LVU 6 §)
event-emergency_removal_referred = Referred to the administrative court (LVU 7 §)
event-care_application_submitted = Application for care (LVU 8 §)
event-emergency_removal_ended = Emergency removal ended
event-review_held = Review held
event-follow_up_planned = Follow-up planned
event-follow_up_completed = Follow-up completed
event-case_assigned = Case assigned
event-case_closed = Case closed

phase-received = Pre-assessment in progress
phase-assessed = Pre-assessed
phase-investigating = Investigation in progress
phase-intervening = Intervention in progress
phase-following_up = Follow-up
phase-closed = Closed

relation-guardian = Guardian
relation-parent = Parent
relation-sibling = Sibling
relation-network = Network

gender-pojke = Boy/man
gender-flicka = Girl/woman
gender-okant = Unknown/not recorded
