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
error-refused-title = Could not save
error-refused-text = What you asked for could not be done, and nothing was saved. The reason is below. Go back, check the details and try again.
error-unavailable-title = Tillit is temporarily unavailable
error-unavailable-text = The database is under heavy load or cannot be reached right now. Wait a moment and try again. If you sent a form, what you typed is still there if you go back in the browser.
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

## Access control and logging (emergency access, log review, administration)

nav-log-review = Log review
nav-users = Users
nav-units = Units
access-form-errors = The form has errors. Please correct the following:
duration-hours =
    { $count ->
        [one] 1 hour
       *[other] { $count } hours
    }
duration-minutes =
    { $count ->
        [one] 1 minute
       *[other] { $count } minutes
    }

emergency-title = Emergency access
emergency-intro = Emergency access lets you read a case of another unit when an urgent situation requires it, for example out of hours. It covers this case only, for reading only, for { $duration }.
emergency-logged = You must give a reason. The request, the reason and everything you read in the case are logged and flagged for the unit manager's log review.
emergency-reason = Reason
emergency-reason-hint = Describe why you need the case now, for example "The police called about the child out of hours".
emergency-reason-missing = Give the reason why you need access to the case.
emergency-reason-short = The reason is too short. Write at least { $count } characters, so that it can be understood in the log review.
emergency-reason-long = The reason is too long. Write at most { $count } characters.
emergency-submit = Request emergency access
emergency-case = Case id
emergency-case-hint = You come here from a case that was not found or from a person search. The case id is the last part of the case's address.
emergency-active = You are reading this case with emergency access until { $time }. Reason: { $reason }. Everything you read is logged and reviewed.
case-not-found-emergency = If the case belongs to another unit and you need it urgently, you can request emergency access. You must give a reason; access is time-limited and everything is logged and reviewed.
case-not-found-emergency-link = Request emergency access to the case
persons-other-unit = The person is in cases of other units, which you have no access to. If you need the information urgently, you can request emergency access to a case:

log-review-title = Log review
log-review-intro = Who read personal data in your unit's cases, and what the staff of your unit read. Search by person, user and period. Entries that call for a closer look are flagged.
log-review-no-unit = You do not belong to a unit, so there is no log to review.
log-review-person = Personal identity number
log-review-person-hint = Only reads of this person. Leave empty for everyone.
log-review-person-unknown = No person with that identity number is in Tillit.
log-review-user = User
log-review-all-users = All users
log-review-user-unknown = Choose a user from the list.
log-review-from = From
log-review-to = To (inclusive)
log-review-period-reversed = The end date is before the start date.
log-review-only-flagged = Only flagged entries
log-review-only-unreviewed = Only entries not yet reviewed
log-review-search = Search the log
log-review-entries = Log entries
log-review-none = No log entries for this search.
log-review-count =
    { $count ->
        [one] 1 entry.
       *[other] { $count } entries.
    }
log-review-capped = Only the latest { $count } are shown; narrow the search to see older ones.
log-review-col-time = Time
log-review-col-user = User
log-review-col-what = What
log-review-col-person = Person
log-review-col-why = Reason
log-review-col-flags = Flags
log-review-col-review = Review
log-review-entry = Entry
log-review-reviewed = Reviewed
log-review-comment = Comment
log-review-mark = Mark as reviewed
log-review-comment-missing = Write a comment about the review.
log-review-comment-long = The comment may have at most { $count } characters.

flag-protected = Protected personal data
flag-other-unit = Other unit
flag-emergency = Emergency access
flag-outside-hours = Outside office hours
flag-many-persons = Many persons in a short time

access-kind-case = Case
access-kind-person = Person page
access-kind-relation = Relation on a person page
access-kind-search = Search hit
access-kind-emergency_grant = Emergency access granted
access-kind-review = Review
access-kind-log_search = Log search
access-kind-admin = Administration

admin-users-title = Users
admin-users-intro = All users, active and inactive. As system administrator you manage users, units and teams, but you cannot read cases.
admin-user-title = User
admin-col-name = Name
admin-col-username = Username
admin-col-role = Role
admin-col-unit = Unit
admin-col-team = Team
admin-col-status = Status
admin-col-kind = Kind
admin-col-teams = Teams
admin-col-users = Users
admin-active = Active
admin-inactive = Inactive
admin-is-active = The account is active.
admin-is-inactive = The account is inactive: the user cannot sign in.
admin-new-user = New user
admin-create-user = Create user
admin-edit-user = Name, role, unit and team
admin-save = Save
admin-saved = The change has been saved.
admin-back-to-users = Back to users
admin-no-unit = No unit
admin-no-team = No team
admin-username-hint = Lower-case letters a–z, digits, full stop, hyphen or underscore; starting with a letter.
admin-username-missing = Enter a username.
admin-username-invalid = The username may only contain lower-case letters a–z, digits, full stops, hyphens and underscores, must start with a letter and have 2–32 characters.
admin-username-taken = The username is taken. Choose another.
admin-name-missing = Enter the user's name.
admin-name-long = The name may have at most { $count } characters.
admin-role-invalid = Choose a role from the list.
admin-unit-invalid = Choose a unit from the list.
admin-unit-required = A caseworker, team lead or unit manager must belong to a unit.
admin-team-hint = A team of the user's unit. A caseworker can write in cases handled by anyone in the same team.
admin-team-invalid = Choose a team of the user's unit.
admin-password = Password
admin-password-again = Password again
admin-password-hint = At least 12 characters. It is a one-time password: the user must choose their own at the first sign-in, and the unit manager sees the change. Hand the password to the user in a safe way.
admin-password-short = The password must have at least { $count } characters.
admin-password-long = The password may have at most { $count } characters.
admin-password-mismatch = The passwords do not match. Type the same password twice.
admin-password-saved = The one-time password has been saved. The user has been signed out everywhere and must choose their own password at the next sign-in.
admin-reset-password = New password
admin-reset-password-intro = Set a new password if the user has forgotten theirs. The user is signed out everywhere.
admin-set-password = Save new password
admin-activate = Activate the account
admin-deactivate = Deactivate the account
admin-active-invalid = Choose whether the account is to be active or inactive.
admin-self-deactivate = You cannot deactivate your own account.
admin-self-role = You cannot change your own role. Ask another system administrator.
admin-units-title = Units and teams
admin-new-unit = New unit
admin-unit-name = Name of the unit
admin-unit-name-missing = Enter the unit's name.
admin-unit-kind-invalid = Choose the kind of unit.
admin-create-unit = Create unit
admin-new-team = New team
admin-team-name = Name of the team
admin-team-name-missing = Enter the team's name.
admin-team-exists = The unit already has a team with that name.
admin-create-team = Create team

unit-kind-mottagning = Intake
unit-kind-barn = Children
unit-kind-ungdom = Youth
unit-kind-familjehem = Foster care
unit-kind-annan = Other

## Forms (shared)

nav-intake = Register a report
nav-overview = Unit overview
form-errors-title = The form has errors to correct
form-error-title-prefix = Error:
form-required = (required)
form-date-hint = Write the date as YYYY-MM-DD, for example 2026-03-10.
form-time-hint = Write the time as HH:MM, for example 09:30.
form-date-missing = Write a date, for example 2026-03-10.
form-date-format = “{ $value }” is not a date in the form YYYY-MM-DD. Write for example 2026-03-10.
form-date-invalid = The date { $value } does not exist. Check the month and the day.
form-time-missing = Write a time, for example 09:30.
form-time-format = “{ $value }” is not a time. Write hours and minutes, for example 09:30.
form-kronor-format = “{ $value }” is not an amount in kronor. Write for example 1850 or 1850.50.
form-yes = Yes
form-no = No
form-choose = Choose …
form-choose-yes-no = Choose yes or no.
form-choose-one = Choose one of the options.
form-confirm-missing = Tick the box to confirm. This step cannot be undone.
form-incomplete = The form is not complete. Fill in the marked fields.
form-unavailable = The database is under heavy load and did not answer in time, so the form could not be confirmed as saved. What you typed is kept: wait a moment and send again. If it was saved after all, the form will say that the case has changed. Incident: { $incident }.
form-conflict = Someone else changed the case after you opened the form, so nothing was saved. What you typed is kept: check the case and send again.
form-date-out-of-range = The date { $value } lies outside what can be recorded ({ $earliest } to { $latest }). Check the year.
form-duplicate-field = This field was sent several times with different values, so nothing was saved. Check the value here and send again.
form-duplicate = The form was sent with the same field several times with different values, so nothing was saved. Check the details and send again.
form-version-missing = The form does not say which version of the case it was shown for, so nothing was saved. Reload the page, check the case and send again.
form-refused = Could not save: { $reason } Check the details and try again.

## Steps of a case

case-next-steps = Next steps
case-no-steps = No step can be taken in the case right now.
case-journal = Journal
case-journal-count =
    { $count ->
        [0] No signed entries.
        [one] 1 signed entry.
       *[other] { $count } signed entries.
    }
worklist-reassign = Change caseworker

step-back-to-case = Back to the case
step-case-of = Case of
step-cancel = Cancel
step-unavailable = This step cannot be taken in the case right now. The case may have changed; go back to the case to see which steps are possible.
step-item-report = Report { $when }
step-item-investigation = Investigation opened { $date }
step-item-intervention = from { $date }
step-item-removal = Removal decided { $date }
step-item-follow-up = Follow-up by { $date }
step-item-decision = Decision { $what }
step-item-no-decision = Without a decision: placement during an emergency removal (LVU 6 §)
step-pre-open = Open an investigation
step-pre-no = Do not open an investigation
step-no-intervention = No intervention
step-reassign-nobody = No caseworker (the unit's list)

step-field-report = Report
step-field-report-missing = Choose the report this step is about.
step-field-investigation = Investigation
step-field-investigation-missing = Choose the investigation.
step-field-intervention = Intervention
step-field-intervention-missing = Choose the intervention this step is about.
step-field-removal = Emergency removal
step-field-removal-missing = Choose the removal.
step-field-follow-up = Follow-up
step-field-follow-up-missing = Choose the follow-up.
step-field-decision = Decision executed
step-field-decision-missing = Choose the decision the intervention executes.
step-field-protection-needed = Does the child need immediate protection?
step-field-safety-notes = Assessment and reasons
step-field-on-assessed = Date of the assessment
step-field-pre-outcome = Decision of the pre-assessment
step-field-reasoning = Reasons
step-field-on-decided = Date of the decision
step-field-exceptional-reasons = Exceptional reasons
step-field-exceptional-reasons-hint = The time may only be extended for exceptional reasons (20 kap. 2 § SoL). The reasons are recorded.
step-field-new-due = New end date
step-field-on-informed = Date the reporter was told
step-field-extension-reason = Special reasons for the extension
step-field-extension-reason-hint = An investigation may be extended for special reasons, to a set date (20 kap. 3 § SoL).
step-field-investigation-outcome = How the investigation ends
step-field-on-closed = Date of the closing
step-field-decision-kind = What the decision is about
step-field-legal-basis = Legal basis
step-field-intervention-kind = Intervention
step-field-intervention-kind-hint = The intervention granted or refused. For care under LVU: a form of placement.
step-field-favourable = Is the decision favourable (grants what was asked)?
step-field-decided-by = Decided by (delegate)
step-field-decided-by-hint = You, or a manager of the unit, as the delegation rules say.
step-field-decided-by-missing = Choose who takes the decision.
step-field-decision-text = The decision
step-field-provider = Provider
step-field-provider-name = Name of the provider (foster home, residential home, service)
step-field-price = Price per day in kronor
step-field-price-hint = Leave empty if not known. For example 1850 or 1850.50.
step-field-on-started = Start date (executed)
step-field-end-reason = Reason for ending
step-field-on-ended = End date
step-field-executed-on = Date the removal was executed
step-field-on-referred = Date the decision was referred to the court
step-field-on-applied = Date the application was submitted
step-field-review-kind = Kind of review
step-field-care-continues = Is care still needed?
step-field-review-notes = What was considered, and the conclusion
step-field-on-held = Date
step-field-planned-on = Follow-up done by
step-field-planned-on-hint = At most six months after the end (23 kap. 5 § SoL). Write the date as YYYY-MM-DD.
step-field-follow-up-notes = What the follow-up showed
step-field-on-done = Date
step-field-closure-reason = Reason for closing
step-field-caseworker = Caseworker

step-safety-assessment-title = Immediate safety assessment
step-safety-assessment-intro = Assess at once whether the child needs immediate protection: the day the report arrived, at the latest the next day if it arrived at 16:00 or later. Evenings, weekends and holidays are covered by the social emergency service (20 kap. 1 § SoL).
step-safety-assessment-submit = Save the safety assessment
step-safety-assessment-done = The safety assessment is saved.
step-pre-assessment-title = Pre-assessment
step-pre-assessment-intro = Decide whether to open an investigation, within 14 days of the report (20 kap. 2 § SoL).
step-pre-assessment-submit = Save the pre-assessment
step-pre-assessment-done = The pre-assessment is saved.
step-pre-assessment-extension-title = Extend the pre-assessment
step-pre-assessment-extension-intro = The time for a pre-assessment may only be extended for exceptional reasons.
step-pre-assessment-extension-submit = Extend the time
step-pre-assessment-extension-done = The time for the pre-assessment is extended.
step-inform-reporter-title = Inform the reporter
step-inform-reporter-intro = A reporter who asked is told within a week whether an investigation was opened (19 kap. 6 § SoL).
step-inform-reporter-submit = Record that the reporter was told
step-inform-reporter-done = It is recorded that the reporter was told.
step-investigation-extension-title = Extend the investigation
step-investigation-extension-intro = An investigation is done within four months. It may be extended to a set date for special reasons (20 kap. 3 § SoL).
step-investigation-extension-submit = Extend the investigation
step-investigation-extension-done = The investigation is extended.
step-investigation-closing-title = Close the investigation
step-investigation-closing-intro = Close the investigation and say how it ends.
step-investigation-closing-submit = Close the investigation
step-investigation-closing-done = The investigation is closed.
step-decision-title = Decision
step-decision-intro = Record the decision with its legal basis and who took it. A decision cannot be changed afterwards.
step-decision-submit = Take the decision
step-decision-done = The decision is recorded.
step-decision-confirm = I confirm that the decision was taken by the named delegate and that the details are right. The decision cannot be changed afterwards.
step-intervention-start-title = Start an intervention or placement
step-intervention-start-intro = Record that a granted intervention has been executed. A favourable decision is executed within three months.
step-intervention-start-submit = Start the intervention
step-intervention-start-done = The intervention is started.
step-intervention-end-title = End an intervention or placement
step-intervention-end-intro = Record that an intervention has ended, and why.
step-intervention-end-submit = End the intervention
step-intervention-end-done = The intervention is ended.
step-emergency-removal-title = Emergency removal (LVU 6 §)
step-emergency-removal-intro = The decision is referred to the administrative court within a week, and care is applied for within four weeks of the execution.
step-emergency-removal-submit = Record the removal
step-emergency-removal-done = The emergency removal is recorded.
step-emergency-removal-confirm = I confirm that the decision on emergency removal was taken by the named delegate. It cannot be changed afterwards.
step-emergency-removal-referral-title = Refer to the court (LVU 7 §)
step-emergency-removal-referral-intro = The decision on emergency removal is referred to the administrative court within a week.
step-emergency-removal-referral-submit = Record the referral
step-emergency-removal-referral-done = The referral is recorded.
step-care-application-title = Application for care (LVU 8 §)
step-care-application-intro = Care under LVU is applied for within four weeks of the execution of the removal.
step-care-application-submit = Record the application
step-care-application-done = The application for care is recorded.
step-emergency-removal-end-title = End the emergency removal
step-emergency-removal-end-intro = Record that the emergency removal has ended.
step-emergency-removal-end-submit = End the removal
step-emergency-removal-end-done = The removal is ended.
step-review-title = Consideration or reconsideration
step-review-intro = Care is considered at least every six months; care under LVU 3 § is reconsidered (22 kap. 13 § SoL, LVU 13 §).
step-review-submit = Save the review
step-review-done = The review is saved.
step-follow-up-plan-title = Plan a follow-up
step-follow-up-plan-intro = Follow-up after an investigation without measure or an ended placement, at most six months (23 kap. SoL).
step-follow-up-plan-submit = Save the follow-up
step-follow-up-plan-done = The follow-up is planned.
step-follow-up-completion-title = Record a completed follow-up
step-follow-up-completion-intro = Describe what the follow-up showed.
step-follow-up-completion-submit = Save the follow-up
step-follow-up-completion-done = The follow-up is recorded as done.
step-closing-title = Close the case
step-closing-intro = A closed case cannot be changed; a new report opens a new case.
step-closing-submit = Close the case
step-closing-done = The case is closed.
step-closing-confirm = I confirm that the case is to be closed. It cannot be opened again.
step-reassign-title = Change caseworker
step-reassign-intro = Hand the case to another caseworker of the unit, or to the unit's shared list.
step-reassign-submit = Save the caseworker
step-reassign-done = The case has a new caseworker.

## Register a report

intake-title = Register a report
intake-intro = A report of concern, an application or other information about one or several children. A case is opened for each child, or the report is added to the child's open case.
intake-children = Children the report is about
intake-children-hint = Write the child's personal identity number (10 or 12 digits, with or without a hyphen). If Tillit does not know the child, also write the given and family name and the child is added.
intake-child = Child
intake-child-number = Personal identity number
intake-child-number-hint = For example 20150916-2390 or 1509162390.
intake-child-given = Given name
intake-child-family = Family name
intake-add-child = Add another child
intake-details = The report
intake-submit = Register
intake-kind = Kind of report
intake-received-date = Date received
intake-received-time = Time received
intake-reporter-category = Reporter category
intake-anonymous = The reporter is anonymous
intake-anonymous-hint = Only private persons may be anonymous. Professionals with a duty to report never are.
intake-reporter-name = Reporter's name
intake-reporter-name-hint = The person's name, and for professionals also the organisation.
intake-reporter-contact = Reporter's contact details
intake-reporter-contact-hint = Telephone or e-mail.
intake-wants-feedback = The reporter wants to know whether an investigation is opened
intake-wants-feedback-hint = The reporter is then told within a week of the decision (19 kap. 6 § SoL).
intake-concerns = Concerns
intake-concerns-hint = Choose all that apply. At least one for a report of concern.
intake-summary = What the report is about
intake-summary-hint = The essentials of the report or application.
intake-child-number-missing = Write the child's personal identity number.
intake-child-twice = The child is already in this report. Remove one of the rows.
intake-child-too-old = The person is { $age } years old. Child and youth care covers children and young people up to 20; register the case with adult services.
intake-child-found = Known to Tillit: { $name }
intake-child-found-protected = Known to Tillit (protected identity).
intake-child-given-missing = Tillit does not know the child. Write the child's given name and the child is added.
intake-child-name-too-long = The name may have at most { $count } characters.
intake-child-family-missing = Tillit does not know the child. Write the child's family name and the child is added.
intake-child-new = Not known to Tillit; added with the name below.
intake-no-child = Write the personal identity number of at least one child.
intake-reporter-category-missing = Choose the reporter category.
intake-reporter-name-missing = Write the reporter's name, or mark the report as anonymous (private persons only).
intake-no-unit = You belong to no unit and cannot register reports. Contact the system administration.
intake-person-added-meanwhile = One of the children was just added to Tillit by someone else, so nothing was saved. Send the form again.
intake-done =
    { $count ->
        [one] The report is registered.
       *[other] The report is registered for { $count } children. The siblings' cases are on the worklist.
    }

## Journal

journal-title = Journal
journal-new = New entry
journal-new-correction = Correction
journal-correcting = You are writing a correction of the entry
journal-text = Entry
journal-text-hint = The draft is saved as you type. A signed entry cannot be changed; a correction is a new entry.
journal-draft-saved = Draft saved { $time }
journal-text-too-long = The text is too long: at most { $count } characters. Shorten it or split it into several entries.
journal-draft-invalid = The draft could not be saved: the text is too long. Shorten it or split it into several entries.
journal-draft-failed = The draft could not be saved. You may have been signed out: copy the text and sign in again.
journal-draft-offline = The draft could not be saved because the connection was lost. It is saved when the connection is back and you type on.
journal-confirm = I confirm that the entry is finished and is to be signed. It cannot be changed afterwards.
journal-sign = Sign
journal-save-draft = Save draft
journal-entries = Signed entries
journal-empty = No signed entries yet.
journal-corrected = Corrected.
journal-corrected-by = See the correction
journal-is-correction = Correction of the entry
journal-correct = Correct
journal-signed = The entry is signed.
journal-draft-kept = The draft is saved.
journal-corrects-invalid = The entry to correct does not exist. Choose Correct at a signed entry.
journal-confirm-missing = Tick the box to confirm that the entry is to be signed. A signed entry cannot be changed.

## Unit overview

overview-title = Unit overview
overview-heading = Unit overview: { $unit }
overview-period = Reports are counted for { $from }. Other figures are as of today.
overview-cards-label = Key figures
overview-reports = reports this month
overview-pre-assessments = pre-assessments open
overview-investigations = investigations open
overview-overdue = deadlines overdue
overview-placed = children in out-of-home care
overview-per-team = Per team
overview-team = Team
overview-no-team = No team
overview-per-caseworker = Per caseworker
overview-no-cases = The unit has no open cases.
overview-total = The whole unit
overview-col-reports = Reports this month
overview-col-open-cases = Open cases
overview-col-pre-assessments = Pre-assessments
overview-col-investigations = Investigations
overview-col-overdue = Overdue
overview-col-placed = Children placed
overview-placed-children = Children in out-of-home care
overview-none-placed = No child of the unit is placed.
overview-overdue-list = Overdue deadlines
overview-none-overdue = No deadline is overdue.
overview-more-overdue =
    { $count ->
        [one] 1 more overdue deadline is not shown.
       *[other] { $count } more overdue deadlines are not shown.
    }

## Domain labels (English; Swedish comes from the domain crate)

event-journal_entry_signed = Journal entry signed
cat-report-kind-anmalan = Report of concern
cat-report-kind-ansokan = Application
cat-report-kind-ovrigt = Other information
cat-reporter-polis = Police
cat-reporter-skola = School
cat-reporter-forskola = Preschool
cat-reporter-halso_sjukvard = Health care
cat-reporter-socialtjansten = Social services
cat-reporter-anhorig = Relative
cat-reporter-sjalv_vardnadshavare = The person themselves / guardian
cat-reporter-anonym = Anonymous
cat-reporter-kronofogden = Enforcement Authority
cat-reporter-ovriga = Other
cat-concern-vald_nara_relation = Domestic violence
cat-concern-barnmisshandel = Child abuse
cat-concern-bevittnat_vald = Witnessed violence
cat-concern-sexuella_overgrepp = Sexual abuse
cat-concern-hedersrelaterat = Honour-related violence and oppression
cat-concern-konsstympning = Female genital mutilation
cat-concern-missbruk_foralder = Parental substance abuse
cat-concern-eget_missbruk = Own substance abuse or risky use
cat-concern-brott = Crime
cat-concern-psykisk_ohalsa = Mental ill-health
cat-concern-skolfranvaro = School absence
cat-concern-beteendeproblem = Behaviour problems
cat-concern-hemloshet = Homelessness or eviction
cat-concern-bristande_omsorg = Neglect of care
cat-concern-extremism = Violent extremism
cat-concern-ovrigt = Other
cat-intervention-oppenvard = Community care
cat-intervention-kontaktperson = Contact person / family
cat-intervention-sarskilt_kvalificerad_kontaktperson = Specially qualified contact person
cat-intervention-familjehem = Foster home
cat-intervention-natverkshem = Network home
cat-intervention-jourhem = Emergency foster home
cat-intervention-hvb = Residential care home (HVB)
cat-intervention-stodboende = Supported housing
cat-intervention-sis = Secure unit (SiS)
cat-provider-egen_regi = In-house
cat-provider-kopt = Bought
cat-end-reason-mal_uppnatt = Goals met
cat-end-reason-sammanbrott = Breakdown
cat-end-reason-annan_insats = Moved to another intervention
cat-end-reason-avbojt = Declined by the person or guardian
cat-end-reason-aldersgrans = Age limit
cat-end-reason-flyttat = Moved from the municipality
cat-end-reason-vard_upphor = Care no longer needed
cat-end-reason-annat = Other
cat-closure-ej_inledd_utredning = No investigation opened
cat-closure-utredning_utan_insats = Investigation closed without measure
cat-closure-insatser_avslutade = Interventions completed
cat-closure-flyttat = Moved from the municipality
cat-closure-aldersgrans = Age limit
cat-closure-annat = Other
cat-decision-kind-intervention = Decision on an intervention
cat-decision-kind-no_measure = No measure
cat-decision-kind-lvu_application = Application for care under LVU
cat-decision-kind-lvu_care_ordered = Care under LVU ordered
cat-decision-kind-lvu_care_ends = Care under LVU ends
cat-legal-basis-sol_assistance = SoL assistance
cat-legal-basis-sol_service = SoL service intervention
cat-legal-basis-lvu2 = LVU 2 §
cat-legal-basis-lvu3 = LVU 3 §
cat-review-kind-consideration = Consideration
cat-review-kind-reconsideration = Reconsideration
cat-review-kind-custody_transfer = Consideration of custody transfer
cat-investigation-outcome-intervention = Intervention granted
cat-investigation-outcome-no_measure = No measure
cat-investigation-outcome-lvu_application = Application for care under LVU

## Follow-up (key figures, goals, manual series, reports)

nav-followup = Follow-up
followup-tabs-label = Parts of the follow-up
followup-tab-key-figures = Key figures
followup-tab-goals = Goals
followup-tab-manual = Manual figures
followup-tab-reports = Reports and extracts
followup-title = Key figures
followup-choose = Choose unit and period
followup-unit = Unit
followup-all-units = All units
followup-year = Year
followup-period = Period
followup-show = Show
followup-back = Back
followup-cancel = Cancel
followup-part-year = Whole year
followup-part-whole-year = The whole year
followup-part-tertial = Tertial
followup-part-quarter = Quarter
followup-part-month = Month
followup-part-rolling = Rolling 12 months
followup-part-rolling-to = 12 months up to { $month }
followup-period-invalid = The period “{ $value }” does not exist. Choose a year and a period from the lists.
followup-as-of = Figures up to and including { $date }.
followup-exact = Exact values: shown only to the unit's managers and not to be handed out as they are. Published reports and extracts hide small numbers.
followup-suppressed = Published values: figures based on fewer than 5 persons are hidden and shown as “..”, as are figures that would otherwise reveal them.
followup-indicators = Indicators
followup-definition = Definition
followup-col-period = Period
followup-total = Total
followup-boys = Boys
followup-girls = Girls
followup-unknown = Gender unknown
followup-chart-title = { $name } per month
followup-chart-description = { $name } per month, compared with the same months a year earlier.
followup-chart-previous-year = A year earlier
followup-manual-heading = Figures entered by hand
followup-manual-intro = Figures the case records cannot give (user surveys, staff, summer jobs). Who entered them and when is shown under each table.
followup-legend = “saknas” = figure missing (never 0). “..” = hidden value. * = estimate.

indicator-definition = Definition
indicator-code = Code
indicator-unit = Unit
indicator-counted = What is counted
indicator-rule = Counting rule
indicator-aggregate = How the value is formed
indicator-breakdowns = Can be broken down by
indicator-source = Source
indicator-version = Definition version
indicator-other = Another indicator
indicator-counted-events = Events (every report, investigation, decision or placement counts)
indicator-counted-persons = Distinct persons (a child counts once)
indicator-counted-care-days = Care days
indicator-rule-flow = Flow: what happened during the period
indicator-rule-stock = Stock: the situation at the end of the period
indicator-rule-overlap = At any time during the period
indicator-rule-weighted = Days falling within the period
indicator-rule-within-deadline = Share within the legal time limit
indicator-rule-rolling = A group followed for a fixed time
indicator-aggregate-count = Count
indicator-aggregate-persons = Number of distinct persons
indicator-aggregate-share = Share in percent
indicator-aggregate-mean = Mean
indicator-aggregate-median = Median
indicator-aggregate-rate = Care days per day of the period
indicator-source-computed = Computed from the case records
indicator-source-manual = Entered by hand

goals-title = Goals
goals-none = No goals are followed up for this year.
goals-saved = The change is saved.
goals-add-top = Add a council direction goal (KF inriktningsmål)
goals-plan = plan period { $plan }
goals-analysis = Analysis
goals-not-assessed = No assessment has been made for the year.
goals-assessed-by = Assessed by { $who } { $when }.
goals-written-by = Written by { $who } { $when }.
goals-replaces = Continues the goal of the plan period { $plan }.
goals-indicators-caption = Indicators { $year }
goals-col-indicator = Indicator
goals-col-outcome = Outcome
goals-col-last-year = Previous year
goals-col-annual-target = Annual target
goals-col-council-target = Council target
goals-col-meets = Against the annual target
goals-target-met = Meets the annual target
goals-target-not-met = Does not meet the annual target
goals-activities = Activities
goals-history = Earlier assessments
goals-link-edit = Edit the text
goals-link-assess = Assess the goal
goals-link-indicator = Add an indicator
goals-link-activity = Add an activity
goals-link-follow-up = Follow up the activity
goals-link-add-child = Add { $level }
goals-form-add-child = New goal: { $level }
goals-form-under = Under { $goal }
goals-form-add-goal = New goal
goals-form-add-goal-intro = A goal belongs to the plan period and to the goal just above it. A unit goal (enhetsmål) belongs to your unit.
goals-form-add-goal-submit = Save the goal
goals-form-edit-goal = Edit the goal's text
goals-form-edit-goal-intro = The earlier text is kept in the goal's history.
goals-form-edit-goal-submit = Save the change
goals-form-indicator = Add an indicator
goals-form-indicator-intro = The indicator shows the outcome that supports the assessment of the goal. Targets may be numbers or text.
goals-form-indicator-submit = Add the indicator
goals-form-activity = Add an activity
goals-form-activity-intro = An activity meant to reach the goal, with start and end dates.
goals-form-activity-submit = Add the activity
goals-form-activity-followup = Follow up the activity
goals-form-activity-followup-intro = Write whether the activity deviated from the plan and how it went. The earlier follow-up is kept.
goals-form-activity-followup-submit = Save the follow-up
goals-form-assess = Assess the goal
goals-form-assess-intro = The status is a person's judgement: choose a status and write an analysis of what the figures show. Earlier assessments are kept.
goals-form-assess-submit = Save the assessment
goals-form-incomplete = The form is not complete. Fill in the marked fields.
goals-field-parent = Parent goal
goals-field-parent-hint = The new goal is one level below the chosen goal. Choose none for a council direction goal.
goals-parent-none = None (council direction goal)
goals-parent-unknown = Choose a parent goal from the list.
goals-parent-is-unit-goal = A unit goal cannot have goals below it. Choose another parent goal.
goals-field-title = Title
goals-field-description = Description
goals-field-expected-result = Expected result
goals-field-perspective = Perspective in the quality report
goals-no-perspective = None (shown under Verksamhet)
goals-field-plan = Plan period
goals-field-plan-hint = A year or a range of years, for example 2025 or 2025-2026.
goals-field-indicator = Indicator
goals-choose-indicator = Choose an indicator …
goals-manual-series = entered by hand
goals-indicator-unknown = Choose an indicator from the list.
goals-field-annual-target = Annual target
goals-field-council-target = Council target
goals-field-target-hint = A number, for example 95 or 85,5, or a text such as “tas fram av nämnd”. Leave empty when there is no target.
goals-field-direction = What is better?
goals-direction-higher = A higher value
goals-direction-lower = A lower value
goals-field-activity = Activity
goals-field-start = Start date
goals-field-end = End date
goals-field-date-hint = YYYY-MM-DD, for example 2025-01-01. May be left empty.
goals-field-deviation = Deviation
goals-field-deviation-hint = How the activity deviated from the plan. Leave empty if it did not.
goals-field-analysis = Analysis
goals-field-analysis-hint = Required for every status except “Ingen bedömning”.
goals-followup-empty = Write a deviation or an analysis.
goals-field-period = Period assessed
goals-field-period-hint = The year (2025), a tertial (2025-T2) or an interim period (2025-D1).
goals-field-status = Status
goals-status-missing = Choose a status.

manual-title = Manual figures
manual-choose = Choose a series
manual-field-series = Series
manual-current = Current values
manual-none = No values have been entered for the series.
manual-history = Earlier entered values
manual-col-part = Part
manual-col-value = Value
manual-col-estimate = Estimate
manual-col-entered = Entered by
manual-estimate = estimate
manual-has-estimate = * The value is wholly or partly an estimate.
manual-entered-by = { $who }
manual-enter = Enter values
manual-enter-intro = Enter the values of one period. Empty fields are not entered. Write “uppgift saknas” to enter that a figure is missing: it never becomes 0. A new value replaces the current one, which is kept in the history.
manual-field-period = Period
manual-field-period-hint = For example 2025, 2025-T2, 2025-Q3 or 2025-M05.
manual-field-value = Value, { $part }
manual-field-value-hint = A number, for example 12 or 85,5.
manual-field-estimate = { $part }: the value is an estimate
manual-field-note = Comment
manual-submit = Save the values
manual-series-unknown = Choose a series from the list.
manual-period-out-of-range = The period { $period } cannot have figures: give a period between { $first } and { $last }.
manual-nothing-entered = Write at least one value.
manual-saved =
    { $count ->
        [one] 1 value entered.
       *[other] { $count } values entered.
    }

reports-title = Reports and extracts
reports-choose = Choose a report
reports-kind = Report
reports-period-none = None (whole year)
reports-period-tertial = Tertial { $n }
reports-period-quarter = Quarter { $n }
reports-period-month = Month { $n }
reports-period-hint = The interim report covers T1 or T2, decisions not executed a quarter; the annual and quality reports a whole year.
reports-format = Format
reports-format-pdf = PDF
reports-format-xlsx = Excel (.xlsx)
reports-format-csv = CSV (semicolon)
reports-format-html = HTML page
reports-show = Show on screen
reports-download = Download
reports-published-note = Downloaded reports and extracts are published: figures based on fewer than 5 persons are hidden, whoever downloads them.
reports-on-screen = The report on screen
reports-exact = Exact values on screen, for the unit's managers. Not to be handed out: download the report for a published version.
reports-download-pdf = Download as PDF
reports-download-xlsx = Download as Excel
reports-download-csv = Download as CSV
reports-choose-kind = Choose a report.
reports-choose-format = Choose a format: PDF, Excel, CSV or HTML.
reports-texts = The report's texts
reports-texts-intro = The texts are printed in the report for the unit and the period. Earlier versions are kept.
reports-text-summary = Summary analysis
reports-text-economy = Economy
reports-text-internal-control = Assessment of internal control
reports-text-quality-work = Quality work
reports-text-staff = Staff and working environment
reports-texts-save = Save the texts
reports-texts-saved = The texts are saved.
reports-text-too-long = The text may be at most { $max } characters.
exports-title = Extracts
exports-intro = The NUSO extract holds every report received in the period (gender, age, type, reason, decision) without identity numbers or names. The Kolada extract holds the unit's indicators for the year, published.
exports-nuso = Download the NUSO extract
exports-nuso-period = Period of the NUSO extract
exports-nuso-period-hint = For example 2025, 2025-Q1 or 2025-01-01..2025-06-30.
exports-nuso-format = Choose CSV or Excel for the NUSO extract.
exports-kolada = Download the Kolada extract (JSON)
exports-year-invalid = “{ $value }” is not a year. Write for example 2025.
followup-last-year-row = Previous year ({ $period })
goals-link-drop = End the goal
goals-form-drop = End the goal
goals-form-drop-intro = An ended goal is no longer followed up from the plan period you give, but it is never deleted: it stays with its history in the reports of the years it was followed. Goals below it end too.
goals-form-drop-submit = End the goal
goals-field-dropped-in = Ended from the plan period
goals-field-dropped-in-hint = A year or a range of years, for example 2026 or 2027-2028. The goal is followed up until the year before.
goals-field-reason = Reason
goals-perspective-unknown = Choose a perspective from the list, or "No perspective".
goals-text-too-long = The text may have at most { $count } characters. Shorten it.
goals-already-dropped = The goal has already been ended from the plan period { $plan }, so nothing was changed. Go back to the goals to see it.
goals-indicator-already-removed = The indicator has already been removed from the goal, so nothing was changed. Go back to the goals to see it.
goals-activity-already-removed = The activity has already been removed, so nothing was changed. Go back to the goals to see it.
goals-reason-missing = Write why the goal ends.
goals-link-targets = Change targets
goals-link-drop-indicator = Remove the indicator
goals-indicator-removed = Removed later (shown for the history)
goals-link-drop-activity = Remove the activity
goals-link-carry-over = Carry the goals over to next year
goals-col-change = Change
goals-form-about-indicator = Indicator: { $name }
goals-form-about-activity = Activity: { $title }
goals-form-targets = Change targets
goals-form-targets-intro = Change the indicator's annual target and the council's target. Leave a field empty to remove the target. The earlier targets are kept in the history.
goals-form-targets-submit = Save the targets
goals-form-drop-indicator = Remove the indicator from the goal
goals-form-drop-indicator-intro = The indicator is no longer followed up under the goal and is not shown on the page or in the reports, not for earlier years either. It is not deleted: who removed it and when is kept in the history.
goals-form-drop-indicator-submit = Remove the indicator
goals-drop-indicator-confirm = I confirm that the indicator is to be removed from the goal.
goals-drop-indicator-confirm-missing = Tick the box to confirm that the indicator is to be removed from the goal.
goals-form-drop-activity = Remove the activity
goals-form-drop-activity-intro = The activity is no longer followed up under the goal and is not shown on the page or in the reports, not for earlier years either. It is not deleted: who removed it and when is kept in the history.
goals-form-drop-activity-submit = Remove the activity
goals-drop-activity-confirm = I confirm that the activity is to be removed from the goal.
goals-drop-activity-confirm-missing = Tick the box to confirm that the activity is to be removed from the goal.
goals-form-carry-over = Carry the goals over to next year
goals-form-carry-over-intro = The goals of the plan period that have not ended are carried over to the new plan period with their indicators and targets, as new goals that continue the old ones. This applies to every unit's goals in the plan period. Activities and assessments stay with the old plan period, which is left unchanged.
goals-form-carry-over-submit = Carry the goals over
goals-field-carry-from = Carry the goals over from the plan period
goals-field-carry-from-hint = The goals' current plan period: a year or a range of years, for example 2025 or 2025-2026.
goals-field-carry-to = To the plan period
goals-field-carry-to-hint = The new plan period, for example 2026 or 2027-2028. It must start after the old one.
goals-carry-over-not-later = The new plan period ({ $to }) must start after the plan period the goals are carried over from ({ $from }). Write a later plan period.
goals-carry-over-already = The goals of the plan period { $from } have already been carried over to the plan period { $to }. Choose another plan period.
goals-carry-over-nothing = There are no current goals with the plan period { $plan } to carry over. Write a plan period that has goals: { $plans }.
goals-carry-over-no-goals = There are no goals to carry over. Add goals first.
goals-carried-over =
    { $count ->
        [one] 1 goal was carried over to the plan period { $plan }.
       *[other] { $count } goals were carried over to the plan period { $plan }.
    }

## Manual series: the municipality's own series (/manual)
manual-custom = Own series
manual-custom-none = No own series have been created.
manual-col-name = Name
manual-col-code = Code
manual-col-unit = Measure unit
manual-col-counts-persons = Counts persons
manual-col-created = Created by
manual-yes = yes
manual-no = no
manual-unit-antal = Number
manual-unit-procent = Per cent
manual-unit-dagar = Days
manual-unit-arsplaceringar = Placement-years
manual-unit-tkr = Thousand kronor (tkr)
manual-unit-index = Index (0–100)
manual-new = New own series
manual-new-intro = An own series is a figure that is not among the standard series, for example the result of a survey of your own. Once the series is created you can choose it above and enter values for it. A series cannot be removed or change its code.
manual-new-field-name = Name
manual-new-field-name-hint = Shown in the list of series and in the reports, for example Brukarenkät, andel nöjda.
manual-new-field-code = Code
manual-new-field-code-hint = Used in exports and goals. Leave it empty and the code is formed from the name: lowercase, å and ä become a, ö becomes o and spaces become _. Only a–z, digits and _.
manual-new-field-unit = Measure unit
manual-new-field-description = Description
manual-new-field-description-hint = The definition shown with the values: what is counted and where the figure comes from.
manual-new-field-counts-persons = The series counts persons
manual-new-field-counts-persons-hint = Tick if the value is a number of persons, for example young people with a summer job. Small figures are then hidden in published output, as for the key figures from the case records. Only for the measure unit number.
manual-new-submit = Create the series
manual-new-name-missing = Write the name of the series.
manual-new-name-too-long = The name may be at most { $max } characters.
manual-new-name-taken = There is already a series called “{ $name }”. Write another name.
manual-new-code-underivable = No code can be formed from the name. Write a code with lowercase letters a–z, digits and _.
manual-new-code-taken = The code { $code } is already used by “{ $name }”. Write another code.
manual-new-code-taken-derived = The code { $code }, formed from the name, is already used by “{ $name }”. Write a code of your own or change the name.
manual-new-code-in-use = The code { $code } is already used by another series. Write another code.
manual-new-unit-unknown = Choose a measure unit from the list.
manual-new-description-too-long = The description may be at most { $max } characters.
manual-new-counts-persons-not-antal = Only a series with the measure unit number can count persons. Choose number or untick the box.
manual-created = The series “{ $name }” has been created. You can now enter values for it.
reports-review = Review before publishing
reports-review-none = No remarks
reports-review-intro =
    { $count ->
        [one] 1 remark to look at before the report is published. Downloading is not blocked.
       *[other] { $count } remarks to look at before the report is published. Downloading is not blocked.
    }
reports-review-kind-placeholder = Placeholder left in
reports-review-kind-missing-text = Text missing
reports-review-kind-missing-values = Data missing
reports-review-kind-estimates = Estimated values
reports-review-kind-total-mismatch = Total does not add up

## The review of access (need to know, OSL chapter 26)

nav-password = Change password
password-title = Change password
password-intro = Choose a new password. You will be signed out on other computers.
password-must-change = Your password is a one-time password set by the system administrator. Choose your own password before you go on; you cannot do anything else in Tillit until you have.
password-current = Current password
password-new = New password
password-new-hint = At least 12 characters.
password-new-again = New password again
password-submit = Save the password
password-current-missing = Type your current password.
password-current-wrong = The current password is not right.
password-same = The new password must differ from the current one.
password-throttled = Too many wrong attempts. Try again in a while.
password-changed = Your new password has been saved.
start-admin-changes = The system administrator's changes in your unit
start-admin-changes-intro = In the last 30 days the system administrator has created or changed users of your unit or set one-time passwords for them. Check that every change was asked for.
start-admin-change-reviewed = reviewed
start-admin-changes-link = Review the changes in the log review
step-item-placement-hidden = Placement
person-relations-hidden = Relatives and network are not shown for a person with a protected identity.
intake-child-found-elsewhere = Known to Tillit, in a case of { $units }. You cannot see the child's details; the report can still be registered.
access-kind-list = List (worklist, overview, log review)
access-kind-export = Extract with data about individuals
access-kind-password_reset = One-time password set by the system administrator
access-kind-password_changed = Password changed by the user
access-kind-register = Register record opened (Lex Sarah, incident)
flag-password-reset = Password reset
flag-user-changed = Access changed by the system administrator
flag-same-address = Changed from the address of the reset
flag-export = Extract
log-review-persons =
    { $count ->
        [one] 1 person
       *[other] { $count } persons
    }
reports-row-level-refused = The delegation list lists single decisions with the cases' reference numbers and is only for the unit manager, for their own unit. The number of delegation decisions is among the key figures.
reports-texts-refused = You cannot write report texts for this selection. The unit manager writes the unit's texts and the analyst the municipality's.
exports-nuso-refused = The NUSO extract has a row per report, data about single children, and is only for the unit manager, for their own unit.
exports-nuso-row-level = The NUSO extract has a row per report: data about single children. Every extract is logged.
goals-parent-required = Choose the goal the new goal belongs to. Goals above the unit (council and committee goals) are written by the analyst.
goals-form-unknown = There is no form “{ $form }”. Go back to the goals and choose the form there.
reports-kind-unknown = There is no report “{ $kind }”. Choose a report from the list.
indicator-unknown = There is no indicator “{ $id }”. Choose an indicator from the list.

## Registers (the quality system)
nav-quality = Quality
quality-title = Quality work
quality-intro = Report wrongdoing (Lex Sarah) and incidents here. Reporters see the status of their own reports; the quality lead and the unit's managers handle them.
quality-open = { $count } open
register-report-new = New report
register-new-title = New report: { $register }
register-own-only = You see the reports you have made and their status.
register-own-status = You see the status of your report. The investigation is shown only to those who handle it.
register-empty = No reports yet.
register-reference = Number
register-opened = Reported
register-unit = Unit
register-category = Category
register-status = Status
register-back = Back to the list
register-save = Save
register-saved = Saved.
register-next = Next steps
register-entries = Recorded
register-due-title = To do
register-due-date = Due
register-due-what = What
register-due-law = Law
register-overdue = overdue
lex-sarah-title = Lex Sarah
lex-sarah-intro = Anyone working in the social services must report at once any wrongdoing or obvious risk of wrongdoing (27 ch. 2 § SoL). Reports cannot be anonymous. The quality lead receives and investigates them and reports serious cases to IVO.
lex-sarah-happened-on = Date of the event
lex-sarah-topic = What it concerns
lex-sarah-risk-only = Is it an obvious risk (not something that happened)?
lex-sarah-what = What happened or may happen
lex-sarah-immediate-action = What was done at once
lex-sarah-concerns = Who is affected
lex-sarah-concerns-hint = Personal identity number or a description. Leave empty if no single person is affected.
lex-sarah-provider = Provider (residential home, foster-care organisation)
lex-sarah-provider-hint = If it happened at a contracted provider: its name.
lex-sarah-confirm = I report in my own name and the information is correct.
lex-sarah-entry-reported = Report
lex-sarah-receive = Receive and name an investigator
lex-sarah-investigator = Investigator
lex-sarah-not-involved = The investigator has not been involved in what was reported.
lex-sarah-assess = Assess severity
lex-sarah-serious = Is it serious wrongdoing or an obvious risk of serious wrongdoing?
lex-sarah-motivation = Reasons
lex-sarah-investigate = Investigation
lex-sarah-consequences = Actual and possible consequences for the person
lex-sarah-causes = Causes
lex-sarah-recurrence-risk = Risk of recurrence
lex-sarah-preventive = Preventive measures
lex-sarah-report-to-ivo = Report to IVO
lex-sarah-ivo-on = Reported on
lex-sarah-attached = Was the investigation attached?
lex-sarah-investigation-to-ivo = Investigation sent to IVO
lex-sarah-sent-on = Sent on
lex-sarah-measure = New measure
lex-sarah-measure-what = Measure
lex-sarah-responsible = Responsible
lex-sarah-due = Due
lex-sarah-measure-done = Measure carried out
lex-sarah-measure-which = Which measure
lex-sarah-person-informed = Person informed
lex-sarah-informed-on = Informed on
lex-sarah-informed-how = How and by whom
lex-sarah-management-informed = Head of social services and committee chair informed
lex-sarah-provider-to-ivo = Provider reported to IVO (27 ch. 7 §)
lex-sarah-ground = Grounds
lex-sarah-close = Close
lex-sarah-decision = Decision
lex-sarah-close-confirm = I close the report. Nothing more can be recorded in it afterwards.
incident-title = Incidents
incident-intro = Report something in the work that did not go as it should: a missed meeting, an error in the records, an IT fault. The unit's managers and the quality lead handle it; an incident that is wrongdoing is raised to Lex Sarah.
incident-happened-on = Date of the event
incident-category = Category
incident-what = What happened
incident-cause = Cause, as you see it
incident-entry-reported = Incident
incident-act = Action
incident-action = What has been done
incident-follow-up = Follow-up
incident-result = Result of the follow-up
incident-raise = Raise to Lex Sarah
incident-raise-confirm = The incident may be wrongdoing. I raise it to a Lex Sarah report.
incident-raised-to = The Lex Sarah report
incident-raised-text = Raised from an incident. See the incident for what happened.
incident-close = Close
incident-conclusion = Conclusion
incident-close-confirm = I close the incident. Nothing more can be recorded in it afterwards.
complaint-title = Feedback and complaints
complaint-intro = Praise, complaints and suggestions from the people we serve: from the e-service, or recorded here when they came by phone, letter or visit. The sender's contact details are shown only here, never in statistics or reports.
complaint-kind = What it is
complaint-channel = How it came in
complaint-message = The message
complaint-contact = Contact details
complaint-contact-hint = Phone or e-mail if the sender wants an answer. Leave empty to stay anonymous.
complaint-anonymous = Anonymous (cannot be answered)
complaint-receipt = Receipt number
complaint-entry-received = Received
complaint-assign = Assign a handler
complaint-assign-to = Handler
complaint-act = Action
complaint-action = What has been done
complaint-answer = Answer to the sender
complaint-answered-on = Answered on
complaint-answered-how = How, and what was answered
complaint-close = Close
complaint-conclusion = Conclusion
complaint-close-confirm = I close this item. Nothing more can be recorded in it afterwards.
complaint-public-title = Give feedback or make a complaint
complaint-public-intro = Here you can praise, complain about or suggest improvements to the social services for individuals and families. You do not need to sign in and you may stay anonymous.
complaint-public-not-report = Is a child in danger? Call 112. To report concern about a child, do not use this form: call the social services.
complaint-public-unit = Which service it concerns
complaint-public-unit-unknown = Don't know
complaint-public-unit-hint = Choose "Don't know" if you are unsure. We make sure the right service gets it.
complaint-public-message = Your message
complaint-public-message-hint = Write in your own words what it is about. At most { $count } characters.
complaint-public-message-missing = Write your message.
complaint-public-message-long = The message may have at most { $max } characters. It has { $count }. Shorten it.
complaint-public-contact = How we can reach you (optional)
complaint-public-contact-hint = Phone number or e-mail address if you want an answer. Leave empty to stay anonymous.
complaint-public-contact-long = Contact details may have at most 200 characters.
complaint-public-trap = Leave this field empty
complaint-public-send = Send
complaint-public-thanks = Thank you! We have received your message
complaint-public-receipt = Your receipt number is
complaint-public-next-answer = Keep the number. The person responsible for the service reads your message and contacts you within two weeks.
complaint-public-next-anonymous = Keep the number. The person responsible for the service reads your message. As you left no contact details, we cannot answer you.
complaint-public-busy-title = Please wait a moment
complaint-public-busy = We have received many messages from your connection in a short time. Try again in a few minutes. If it is urgent, call the social services.
complaint-public-again = Write a new message
