# Tillit: användargränssnittets texter på svenska (standardspråk).
# Juridiska och domänspecifika termer (händelser, tidsfrister, roller, faser)
# kommer från domänlagret; de engelska översättningarna finns i en/tillit.ftl.

language-name = Svenska
skip-to-content = Hoppa till innehållet
nav-label = Huvudmeny
nav-worklist = Arbetslista
nav-start = Start
nav-persons = Sök person
logout = Logga ut
footer-text = Tillit – ärendehantering och uppföljning för socialtjänsten.
unknown = Okänd
user-unknown = Okänd användare ({ $id })

## Fel

error-to-start = Till startsidan
error-incident = Felkod att uppge för systemförvaltningen:
error-not-found-title = Sidan finns inte
error-not-found-text = Sidan du söker finns inte, eller så har du inte behörighet till den. Kontrollera adressen eller gå tillbaka till startsidan.
error-forbidden-title = Du har inte behörighet
error-forbidden-text = Din roll ger inte tillgång till den här sidan. Behöver du den i ditt arbete, kontakta din chef.
error-csrf-title = Formuläret kunde inte skickas
error-csrf-text = Formuläret saknade en giltig säkerhetskod, till exempel för att sidan var gammal eller öppnades från en annan webbplats. Ladda om sidan och försök igen.
error-bad-request-title = Felaktig begäran
error-bad-request-text = Begäran kunde inte tolkas. Gå tillbaka, ladda om sidan och försök igen.
error-too-large-title = För mycket data
error-too-large-text = Det som skickades var för stort. Korta texten eller dela upp den och försök igen.
error-method-not-allowed-title = Åtgärden stöds inte
error-method-not-allowed-text = Sidan kan inte användas på det sättet. Gå tillbaka till startsidan och försök igen.
error-conflict-title = Ärendet har ändrats
error-conflict-text = Någon annan har ändrat ärendet sedan du öppnade det. Ladda om sidan och försök igen.
error-refused-title = Det gick inte att spara
error-refused-text = Det du bad om kunde inte göras, och ingenting sparades. Skälet står nedan. Gå tillbaka, kontrollera uppgifterna och försök igen.
error-unavailable-title = Tillit är tillfälligt otillgängligt
error-unavailable-text = Databasen är hårt belastad eller går inte att nå just nu. Vänta en stund och försök igen. Skickade du ett formulär finns det du skrev kvar om du går tillbaka i webbläsaren.
error-internal-title = Något gick fel
error-internal-text = Ett oväntat fel inträffade och ingenting sparades. Försök igen om en stund. Kvarstår felet, kontakta systemförvaltningen och uppge felkoden.

## Inloggning

login-title = Logga in
login-username = Användarnamn
login-password = Lösenord
login-submit = Logga in
login-failed = Fel användarnamn eller lösenord.
login-missing = Fyll i både användarnamn och lösenord.
login-throttled = För många misslyckade inloggningsförsök. Av säkerhetsskäl är inloggningen spärrad en stund. Försök igen efter klockan { $time }.
login-session-ended = Du har loggats ut eftersom sessionen har gått ut. Logga in igen.
login-signed-out = Du är utloggad.

## Startsida för roller utan ärenden

start-title = Start
start-role-caseworker = Som socialsekreterare arbetar du med ärenden i din enhet.
start-role-team_lead = Som arbetsledare ser du din och enhetens arbetslista.
start-role-unit_manager = Som enhetschef ser du din och enhetens arbetslista.
start-role-analyst = Som analytiker kommer du att arbeta med nyckeltal, uppföljning och rapporter. Du ser sammanställda uppgifter, aldrig enskilda personer eller ärenden.
start-role-quality_lead = Som kvalitetsansvarig kommer du att arbeta med lex Sarah, avvikelser, klagomål och egenkontroll.
start-role-registrar = Som registrator kommer du att arbeta med diarieföring och nämndens handlingar.
start-role-system_administrator = Som systemförvaltare kommer du att hantera användare, enheter och behörigheter. Du kan inte läsa ärenden.
start-no-cases = Din roll ger inte tillgång till ärenden eller personuppgifter.

## Arbetslista

worklist-title = Min arbetslista
worklist-title-unit = Enhetens arbetslista
worklist-tabs-label = Välj arbetslista
worklist-tab-mine = Mitt
worklist-tab-unit = Enhetens
worklist-today = Dagens datum:
worklist-summary-label = Sammanfattning
worklist-no-unit = Du är inte knuten till någon enhet, så det finns ingen enhetslista att visa.
worklist-empty = Inga tidsfrister att visa.
worklist-open-case = Öppna ärendet
worklist-group-overdue = Försenade
worklist-group-today = Idag
worklist-group-this-week = Denna vecka
worklist-group-later = Senare
worklist-count-total =
    { $count ->
        [one] 1 tidsfrist
       *[other] { $count } tidsfrister
    }
worklist-count-overdue =
    { $count ->
        [one] 1 försenad
       *[other] { $count } försenade
    }
worklist-count-today = { $count } idag
worklist-count-this-week = { $count } denna vecka
worklist-count-later = { $count } senare

status-overdue = Försenad
status-today = Idag
status-this-week = Denna vecka
status-later = Senare

## Tabellkolumner

col-what = Vad
col-child = Barn
col-legal-date = Lagdatum
col-planning-date = Planeringsdatum
col-citation = Lagrum
col-status = Status
col-case = Ärende
col-from = Räknas från
col-event = Händelse
col-occurred = Inträffade
col-recorded-by = Registrerad av
col-recorded-at = Registrerad
col-name = Namn
col-identity-number = Personnummer
col-birth-date = Födelsedatum

## Personer

protected-identity = Skyddad identitet
protected-badge = Skyddade personuppgifter
identity-unknown = Personnummer saknas
person-missing = Personen saknas
persons-title = Sök person
persons-query = Personnummer eller namn
persons-query-hint = Personnummer med 10 eller 12 siffror, eller början av för- och efternamn, till exempel ”anna lind”.
persons-search = Sök
persons-results = Sökresultat
persons-none = Ingen person hittades.
persons-more = Fler personer matchar. Skriv mer av namnet för att begränsa sökningen.
person-title = Person
person-masked = Personen har skyddade personuppgifter. Uppgifterna visas bara för den handläggare som har ärendet och för enhetens chefer.
person-gender = Kön
person-protection = Skydd
person-address = Adress
person-relations = Vårdnadshavare och nätverk
person-no-relations = Inga registrerade relationer.
person-related-child = Barn
person-cases = Ärenden
person-no-cases = Inga ärenden som du har tillgång till.
person-open-case = Öppna ärendet
person-hidden-cases =
    { $count ->
        [one] 1 ärende i en annan enhet visas inte.
       *[other] { $count } ärenden i andra enheter visas inte.
    }

## Ärende

case-title = Ärende
case-child = Barn
case-phase = Skede
case-caseworker = Handläggare
case-unit = Enhet
case-opened = Öppnat
case-closed = Avslutat
case-unassigned = Ej tilldelat
case-deadlines = Tidsfrister
case-no-deadlines = Inga tidsfrister löper i ärendet.
case-timeline = Händelser

## Behörighet och loggning (nödåtkomst, loggkontroll, administration)

nav-log-review = Loggkontroll
nav-users = Användare
nav-units = Enheter
access-form-errors = Formuläret innehåller fel. Rätta till följande:
duration-hours =
    { $count ->
        [one] 1 timme
       *[other] { $count } timmar
    }
duration-minutes =
    { $count ->
        [one] 1 minut
       *[other] { $count } minuter
    }

emergency-title = Nödåtkomst
emergency-intro = Med nödåtkomst kan du läsa ett ärende i en annan enhet när det krävs i ett akut läge, till exempel under jourtid. Åtkomsten gäller bara det här ärendet, bara för läsning och i { $duration }.
emergency-logged = Du måste ange ett skäl. Begäran, skälet och allt du läser i ärendet sparas i loggen och flaggas för enhetschefens loggkontroll.
emergency-reason = Skäl
emergency-reason-hint = Beskriv varför du behöver ärendet nu, till exempel ”Polisen har ringt om barnet under jourtid”.
emergency-reason-missing = Ange skälet till att du behöver åtkomst till ärendet.
emergency-reason-short = Skälet är för kort. Skriv minst { $count } tecken, så att det går att förstå vid loggkontrollen.
emergency-reason-long = Skälet är för långt. Skriv högst { $count } tecken.
emergency-submit = Begär nödåtkomst
emergency-case = Ärendets id
emergency-case-hint = Du kommer hit från ett ärende som inte hittades eller från en personsökning. Ärendets id står sist i ärendets adress.
emergency-active = Du läser ärendet med nödåtkomst till klockan { $time }. Skäl: { $reason }. Allt du läser loggas och granskas.
case-not-found-emergency = Tillhör ärendet en annan enhet och behöver du det i ett akut läge kan du begära nödåtkomst. Du måste ange ett skäl, åtkomsten är tidsbegränsad och allt loggas och granskas.
case-not-found-emergency-link = Begär nödåtkomst till ärendet
persons-other-unit = Personen finns i ärenden i andra enheter, som du inte har tillgång till. Behöver du uppgifterna i ett akut läge kan du begära nödåtkomst till ett ärende:

log-review-title = Loggkontroll
log-review-intro = Här ser du vem som har läst personuppgifter i ärenden i din enhet och vad medarbetarna i din enhet har läst. Sök på person, användare och period. Poster som bör granskas särskilt är flaggade.
log-review-no-unit = Du är inte knuten till någon enhet, så det finns ingen logg att granska.
log-review-person = Personnummer
log-review-person-hint = Visa bara läsningar av den här personen. Lämna tomt för alla.
log-review-person-unknown = Ingen person med det personnumret finns i Tillit.
log-review-user = Användare
log-review-all-users = Alla användare
log-review-user-unknown = Välj en användare i listan.
log-review-from = Från och med
log-review-to = Till och med
log-review-period-reversed = Slutdatumet är före startdatumet.
log-review-only-flagged = Visa bara flaggade poster
log-review-only-unreviewed = Visa bara poster som inte är granskade
log-review-search = Sök i loggen
log-review-entries = Loggposter
log-review-none = Inga loggposter för sökningen.
log-review-count =
    { $count ->
        [one] 1 post.
       *[other] { $count } poster.
    }
log-review-capped = Bara de { $count } senaste visas; begränsa sökningen för att se äldre.
log-review-col-time = Tid
log-review-col-user = Användare
log-review-col-what = Vad
log-review-col-person = Person
log-review-col-why = Skäl
log-review-col-flags = Flaggor
log-review-col-review = Granskning
log-review-entry = Post
log-review-reviewed = Granskad
log-review-comment = Kommentar
log-review-mark = Markera som granskad
log-review-comment-missing = Skriv en kommentar om granskningen.
log-review-comment-long = Kommentaren får vara högst { $count } tecken.

flag-protected = Skyddade personuppgifter
flag-other-unit = Annan enhet
flag-emergency = Nödåtkomst
flag-outside-hours = Utanför kontorstid
flag-many-persons = Många personer på kort tid

access-kind-case = Ärende
access-kind-person = Personsida
access-kind-relation = Relation på personsida
access-kind-search = Sökträff
access-kind-emergency_grant = Nödåtkomst beviljad
access-kind-review = Granskning
access-kind-log_search = Sökning i loggen
access-kind-admin = Administration

admin-users-title = Användare
admin-users-intro = Alla användare, aktiva och inaktiva. Som systemförvaltare hanterar du användare, enheter och arbetsgrupper, men du kan inte läsa ärenden.
admin-user-title = Användare
admin-col-name = Namn
admin-col-username = Användarnamn
admin-col-role = Roll
admin-col-unit = Enhet
admin-col-team = Arbetsgrupp
admin-col-status = Status
admin-col-kind = Slag
admin-col-teams = Arbetsgrupper
admin-col-users = Användare
admin-active = Aktiv
admin-inactive = Inaktiv
admin-is-active = Kontot är aktivt.
admin-is-inactive = Kontot är inaktivt: användaren kan inte logga in.
admin-new-user = Ny användare
admin-create-user = Skapa användaren
admin-edit-user = Namn, roll, enhet och arbetsgrupp
admin-save = Spara
admin-saved = Ändringen är sparad.
admin-back-to-users = Tillbaka till användarna
admin-no-unit = Ingen enhet
admin-no-team = Ingen arbetsgrupp
admin-username-hint = Små bokstäver a–z, siffror, punkt, bindestreck eller understreck; börjar med en bokstav.
admin-username-missing = Ange ett användarnamn.
admin-username-invalid = Användarnamnet får bara innehålla små bokstäver a–z, siffror, punkt, bindestreck och understreck, börja med en bokstav och vara 2–32 tecken.
admin-username-taken = Användarnamnet är upptaget. Välj ett annat.
admin-name-missing = Ange användarens namn.
admin-name-long = Namnet får vara högst { $count } tecken.
admin-role-invalid = Välj en roll i listan.
admin-unit-invalid = Välj en enhet i listan.
admin-unit-required = En socialsekreterare, arbetsledare eller enhetschef måste tillhöra en enhet.
admin-team-hint = En arbetsgrupp i användarens enhet. En socialsekreterare kan skriva i ärenden som handläggs av någon i samma arbetsgrupp.
admin-team-invalid = Välj en arbetsgrupp som hör till användarens enhet.
admin-password = Lösenord
admin-password-again = Lösenordet igen
admin-password-hint = Minst 12 tecken. Det är ett engångslösenord: användaren måste välja ett eget vid första inloggningen, och enhetschefen ser ändringen. Lämna lösenordet till användaren på ett säkert sätt.
admin-password-short = Lösenordet måste ha minst { $count } tecken.
admin-password-long = Lösenordet får ha högst { $count } tecken.
admin-password-mismatch = Lösenorden stämmer inte överens. Skriv samma lösenord två gånger.
admin-password-saved = Engångslösenordet är sparat. Användaren har loggats ut överallt och måste välja ett eget lösenord vid nästa inloggning.
admin-reset-password = Nytt lösenord
admin-reset-password-intro = Sätt ett nytt lösenord om användaren har glömt sitt. Användaren loggas ut överallt.
admin-set-password = Spara nytt lösenord
admin-activate = Aktivera kontot
admin-deactivate = Inaktivera kontot
admin-active-invalid = Välj om kontot ska vara aktivt eller inaktivt.
admin-self-deactivate = Du kan inte inaktivera ditt eget konto.
admin-self-role = Du kan inte ändra din egen roll. Be en annan systemförvaltare.
admin-units-title = Enheter och arbetsgrupper
admin-new-unit = Ny enhet
admin-unit-name = Enhetens namn
admin-unit-name-missing = Ange enhetens namn.
admin-unit-kind-invalid = Välj vilket slag av enhet det är.
admin-create-unit = Skapa enheten
admin-new-team = Ny arbetsgrupp
admin-team-name = Arbetsgruppens namn
admin-team-name-missing = Ange arbetsgruppens namn.
admin-team-exists = Det finns redan en arbetsgrupp med det namnet i enheten.
admin-create-team = Skapa arbetsgruppen

unit-kind-mottagning = Mottagning
unit-kind-barn = Barn
unit-kind-ungdom = Ungdom
unit-kind-familjehem = Familjehem
unit-kind-annan = Annan

## Formulär (gemensamt)

nav-intake = Registrera aktualisering
nav-overview = Enhetsöversikt
form-errors-title = Formuläret har fel som behöver rättas
form-error-title-prefix = Fel:
form-required = (obligatoriskt)
form-date-hint = Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-10.
form-time-hint = Skriv klockslaget som TT:MM, till exempel 09:30.
form-date-missing = Skriv ett datum, till exempel 2026-03-10.
form-date-format = ”{ $value }” är inte ett datum i formen ÅÅÅÅ-MM-DD. Skriv till exempel 2026-03-10.
form-date-invalid = Datumet { $value } finns inte i kalendern. Kontrollera månad och dag.
form-time-missing = Skriv ett klockslag, till exempel 09:30.
form-time-format = ”{ $value }” är inte ett klockslag. Skriv timmar och minuter, till exempel 09:30.
form-kronor-format = ”{ $value }” är inte ett belopp i kronor. Skriv till exempel 1850 eller 1850,50.
form-yes = Ja
form-no = Nej
form-choose = Välj …
form-choose-yes-no = Välj ja eller nej.
form-choose-one = Välj ett av alternativen.
form-confirm-missing = Kryssa i rutan för att bekräfta. Steget kan inte ångras.
form-incomplete = Formuläret är inte fullständigt. Fyll i de markerade fälten.
form-unavailable = Databasen är hårt belastad och svarade inte i tid, så det gick inte att bekräfta att formuläret sparades. Det du skrev finns kvar: vänta en stund och skicka igen. Har det redan hunnit sparas säger formuläret att ärendet har ändrats. Incident: { $incident }.
form-conflict = Någon annan har ändrat ärendet sedan du öppnade formuläret, så ingenting sparades. Det du skrev finns kvar: kontrollera ärendet och skicka igen.
form-date-out-of-range = Datumet { $value } ligger utanför det som kan registreras ({ $earliest } till { $latest }). Kontrollera årtalet.
form-duplicate-field = Fältet skickades flera gånger med olika värden, så ingenting sparades. Kontrollera värdet här och skicka igen.
form-duplicate = Formuläret skickades med samma fält flera gånger med olika värden, så ingenting sparades. Kontrollera uppgifterna och skicka igen.
form-version-missing = Formuläret saknar uppgift om vilken version av ärendet det visades för, så ingenting sparades. Ladda om sidan, kontrollera ärendet och skicka igen.
form-refused = Det gick inte att spara: { $reason } Kontrollera uppgifterna och försök igen.

## Ärendets steg

case-next-steps = Nästa steg
case-no-steps = Inga steg kan göras i ärendet just nu.
case-journal = Journal
case-journal-count =
    { $count ->
        [0] Inga signerade anteckningar.
        [one] 1 signerad anteckning.
       *[other] { $count } signerade anteckningar.
    }
worklist-reassign = Byt handläggare

step-back-to-case = Tillbaka till ärendet
step-case-of = Ärende för
step-cancel = Avbryt
step-unavailable = Steget går inte att göra i ärendet just nu. Ärendets läge kan ha ändrats; gå tillbaka till ärendet och se vilka steg som är möjliga.
step-item-report = Anmälan { $when }
step-item-investigation = Utredning inledd { $date }
step-item-intervention = från { $date }
step-item-removal = Omhändertagande beslutat { $date }
step-item-follow-up = Uppföljning senast { $date }
step-item-decision = Beslut { $what }
step-item-no-decision = Utan beslut: placering vid omedelbart omhändertagande (6 § LVU)
step-pre-open = Inleda utredning
step-pre-no = Inte inleda utredning
step-no-intervention = Ingen insats
step-reassign-nobody = Ingen handläggare (enhetens lista)

step-field-report = Anmälan
step-field-report-missing = Välj vilken anmälan steget gäller.
step-field-investigation = Utredning
step-field-investigation-missing = Välj utredningen.
step-field-intervention = Insats
step-field-intervention-missing = Välj vilken insats steget gäller.
step-field-removal = Omedelbart omhändertagande
step-field-removal-missing = Välj omhändertagandet.
step-field-follow-up = Uppföljning
step-field-follow-up-missing = Välj uppföljningen.
step-field-decision = Beslut som verkställs
step-field-decision-missing = Välj det beslut som insatsen verkställer.
step-field-protection-needed = Behöver barnet omedelbart skydd?
step-field-safety-notes = Bedömning och motivering
step-field-on-assessed = Datum för bedömningen
step-field-pre-outcome = Beslut i förhandsbedömningen
step-field-reasoning = Motivering
step-field-on-decided = Beslutsdatum
step-field-exceptional-reasons = Synnerliga skäl
step-field-exceptional-reasons-hint = Tiden får bara förlängas om det finns synnerliga skäl (20 kap. 2 § SoL). Skälen dokumenteras.
step-field-new-due = Nytt slutdatum
step-field-on-informed = Datum då anmälaren informerades
step-field-extension-reason = Särskilda skäl för förlängningen
step-field-extension-reason-hint = Utredningen får förlängas om det finns särskilda skäl, till en viss tid (20 kap. 3 § SoL).
step-field-investigation-outcome = Hur utredningen avslutas
step-field-on-closed = Datum för avslutet
step-field-decision-kind = Vad beslutet gäller
step-field-legal-basis = Rättslig grund
step-field-intervention-kind = Insats
step-field-intervention-kind-hint = Den insats som beviljas eller avslås. Vid vård enligt LVU: en placeringsform.
step-field-favourable = Är beslutet gynnande (beviljar det som söktes)?
step-field-decided-by = Beslutsfattare (delegat)
step-field-decided-by-hint = Du själv eller en chef i enheten, enligt delegationsordningen.
step-field-decided-by-missing = Välj vem som fattar beslutet.
step-field-decision-text = Beslutets innehåll
step-field-provider = Utförare
step-field-provider-name = Utförarens namn (familjehem, HVB, verksamhet)
step-field-price = Dygnskostnad i kronor
step-field-price-hint = Lämna tomt om kostnaden inte är känd. Till exempel 1850 eller 1850,50.
step-field-on-started = Startdatum (verkställt)
step-field-end-reason = Orsak till avslutet
step-field-on-ended = Slutdatum
step-field-executed-on = Datum då omhändertagandet verkställdes
step-field-on-referred = Datum då beslutet underställdes förvaltningsrätten
step-field-on-applied = Datum då ansökan lämnades in
step-field-review-kind = Slag av prövning
step-field-care-continues = Behövs vården fortfarande?
step-field-review-notes = Vad som övervägdes och slutsatsen
step-field-on-held = Datum
step-field-planned-on = Uppföljningen ska vara klar senast
step-field-planned-on-hint = Högst sex månader efter avslutet (23 kap. 5 § SoL). Skriv datumet som ÅÅÅÅ-MM-DD.
step-field-follow-up-notes = Vad uppföljningen visade
step-field-on-done = Datum
step-field-closure-reason = Orsak till avslutet
step-field-caseworker = Handläggare

step-safety-assessment-title = Omedelbar skyddsbedömning
step-safety-assessment-intro = Bedöm genast om barnet behöver omedelbart skydd: samma dag som anmälan kom in, senast dagen efter om den kom in klockan 16 eller senare. Kvällar, helger och helgdagar gör socialjouren bedömningen (20 kap. 1 § SoL).
step-safety-assessment-submit = Spara skyddsbedömningen
step-safety-assessment-done = Skyddsbedömningen är sparad.
step-pre-assessment-title = Förhandsbedömning
step-pre-assessment-intro = Besluta om utredning ska inledas eller inte, inom 14 dagar från att anmälan kom in (20 kap. 2 § SoL).
step-pre-assessment-submit = Spara förhandsbedömningen
step-pre-assessment-done = Förhandsbedömningen är sparad.
step-pre-assessment-extension-title = Förläng förhandsbedömningen
step-pre-assessment-extension-intro = Tiden för förhandsbedömning får förlängas bara om det finns synnerliga skäl.
step-pre-assessment-extension-submit = Förläng tiden
step-pre-assessment-extension-done = Tiden för förhandsbedömningen är förlängd.
step-inform-reporter-title = Informera anmälaren
step-inform-reporter-intro = En anmälare som har begärt det ska inom en vecka få veta om utredning inleddes (19 kap. 6 § SoL).
step-inform-reporter-submit = Registrera att anmälaren är informerad
step-inform-reporter-done = Det är registrerat att anmälaren är informerad.
step-investigation-extension-title = Förläng utredningen
step-investigation-extension-intro = En utredning ska vara klar inom fyra månader. Den får förlängas till en viss tid om det finns särskilda skäl (20 kap. 3 § SoL).
step-investigation-extension-submit = Förläng utredningen
step-investigation-extension-done = Utredningen är förlängd.
step-investigation-closing-title = Avsluta utredningen
step-investigation-closing-intro = Avsluta utredningen och ange hur den avslutas.
step-investigation-closing-submit = Avsluta utredningen
step-investigation-closing-done = Utredningen är avslutad.
step-decision-title = Beslut
step-decision-intro = Registrera beslutet med rättslig grund och beslutsfattare. Ett beslut kan inte ändras i efterhand.
step-decision-submit = Fatta beslutet
step-decision-done = Beslutet är registrerat.
step-decision-confirm = Jag bekräftar att beslutet är fattat av den angivna beslutsfattaren och att uppgifterna stämmer. Beslutet kan inte ändras efteråt.
step-intervention-start-title = Starta insats eller placering
step-intervention-start-intro = Registrera att en beviljad insats har verkställts. Ett gynnande beslut ska verkställas inom tre månader.
step-intervention-start-submit = Starta insatsen
step-intervention-start-done = Insatsen är startad.
step-intervention-end-title = Avsluta insats eller placering
step-intervention-end-intro = Registrera att en insats har upphört och varför.
step-intervention-end-submit = Avsluta insatsen
step-intervention-end-done = Insatsen är avslutad.
step-emergency-removal-title = Omedelbart omhändertagande (6 § LVU)
step-emergency-removal-intro = Beslutet ska underställas förvaltningsrätten inom en vecka, och ansökan om vård göras inom fyra veckor från verkställigheten.
step-emergency-removal-submit = Registrera omhändertagandet
step-emergency-removal-done = Det omedelbara omhändertagandet är registrerat.
step-emergency-removal-confirm = Jag bekräftar att beslutet om omedelbart omhändertagande är fattat av den angivna beslutsfattaren. Det kan inte ändras efteråt.
step-emergency-removal-referral-title = Underställ förvaltningsrätten (7 § LVU)
step-emergency-removal-referral-intro = Beslutet om omedelbart omhändertagande ska underställas förvaltningsrätten inom en vecka.
step-emergency-removal-referral-submit = Registrera underställningen
step-emergency-removal-referral-done = Underställningen är registrerad.
step-care-application-title = Ansökan om vård (8 § LVU)
step-care-application-intro = Ansökan om vård enligt LVU ska göras inom fyra veckor från att omhändertagandet verkställdes.
step-care-application-submit = Registrera ansökan
step-care-application-done = Ansökan om vård är registrerad.
step-emergency-removal-end-title = Avsluta omedelbart omhändertagande
step-emergency-removal-end-intro = Registrera att det omedelbara omhändertagandet har upphört.
step-emergency-removal-end-submit = Avsluta omhändertagandet
step-emergency-removal-end-done = Omhändertagandet är avslutat.
step-review-title = Övervägande eller omprövning
step-review-intro = Vården ska övervägas minst var sjätte månad; vård enligt 3 § LVU omprövas (22 kap. 13 § SoL, 13 § LVU).
step-review-submit = Spara prövningen
step-review-done = Prövningen är sparad.
step-follow-up-plan-title = Planera uppföljning
step-follow-up-plan-intro = Uppföljning efter en utredning utan insats eller en avslutad placering, högst sex månader (23 kap. SoL).
step-follow-up-plan-submit = Spara uppföljningen
step-follow-up-plan-done = Uppföljningen är planerad.
step-follow-up-completion-title = Registrera genomförd uppföljning
step-follow-up-completion-intro = Beskriv vad uppföljningen visade.
step-follow-up-completion-submit = Spara uppföljningen
step-follow-up-completion-done = Uppföljningen är registrerad som genomförd.
step-closing-title = Avsluta ärendet
step-closing-intro = Ett avslutat ärende kan inte ändras; en ny aktualisering öppnar ett nytt ärende.
step-closing-submit = Avsluta ärendet
step-closing-done = Ärendet är avslutat.
step-closing-confirm = Jag bekräftar att ärendet ska avslutas. Det kan inte öppnas igen.
step-reassign-title = Byt handläggare
step-reassign-intro = Lämna ärendet till en annan handläggare i enheten, eller till enhetens gemensamma lista.
step-reassign-submit = Spara handläggaren
step-reassign-done = Ärendet har fått ny handläggare.

## Registrera aktualisering

intake-title = Registrera aktualisering
intake-intro = En anmälan, ansökan eller annan information om ett eller flera barn. Ett ärende öppnas för varje barn, eller aktualiseringen läggs till barnets pågående ärende.
intake-children = Barn som aktualiseringen gäller
intake-children-hint = Skriv barnets personnummer (10 eller 12 siffror, med eller utan bindestreck). Finns barnet inte i Tillit, skriv också för- och efternamn så läggs barnet till.
intake-child = Barn
intake-child-number = Personnummer
intake-child-number-hint = Till exempel 20150916-2390 eller 1509162390.
intake-child-given = Förnamn
intake-child-family = Efternamn
intake-add-child = Lägg till ett barn till
intake-details = Aktualiseringen
intake-submit = Registrera
intake-kind = Slag av aktualisering
intake-received-date = Datum då den kom in
intake-received-time = Klockslag då den kom in
intake-reporter-category = Anmälarkategori
intake-anonymous = Anmälaren är anonym
intake-anonymous-hint = Bara privatpersoner får vara anonyma. Yrkesverksamma med anmälningsplikt är det aldrig.
intake-reporter-name = Anmälarens namn
intake-reporter-name-hint = Personens namn, och för yrkesverksamma även verksamheten.
intake-reporter-contact = Anmälarens kontaktuppgifter
intake-reporter-contact-hint = Telefon eller e-post.
intake-wants-feedback = Anmälaren vill veta om utredning inleds
intake-wants-feedback-hint = Anmälaren ska då få besked inom en vecka från beslutet (19 kap. 6 § SoL).
intake-concerns = Orsak till oro
intake-concerns-hint = Välj alla som stämmer. Minst en för en anmälan.
intake-summary = Vad aktualiseringen gäller
intake-summary-hint = Det väsentliga i anmälan eller ansökan.
intake-child-number-missing = Skriv barnets personnummer.
intake-child-twice = Barnet står redan med i aktualiseringen. Ta bort den ena raden.
intake-child-too-old = Personen är { $age } år. Barn- och ungdomsvården gäller barn och unga till och med 20 år; registrera ärendet i vuxenverksamheten.
intake-child-found = Finns i Tillit: { $name }
intake-child-found-protected = Finns i Tillit (skyddade personuppgifter).
intake-child-given-missing = Barnet finns inte i Tillit. Skriv barnets förnamn så läggs barnet till.
intake-child-name-too-long = Namnet får ha högst { $count } tecken.
intake-child-family-missing = Barnet finns inte i Tillit. Skriv barnets efternamn så läggs barnet till.
intake-child-new = Finns inte i Tillit och läggs till med namnet nedan.
intake-no-child = Skriv personnumret för minst ett barn.
intake-reporter-category-missing = Välj anmälarkategori.
intake-reporter-name-missing = Skriv anmälarens namn, eller markera anmälan som anonym (bara privatpersoner).
intake-no-unit = Du är inte knuten till någon enhet och kan därför inte registrera aktualiseringar. Kontakta systemförvaltningen.
intake-person-added-meanwhile = Ett av barnen lades just till i Tillit av någon annan, så ingenting sparades. Skicka formuläret igen.
intake-done =
    { $count ->
        [one] Aktualiseringen är registrerad.
       *[other] Aktualiseringen är registrerad för { $count } barn. Syskonens ärenden finns i arbetslistan.
    }

## Journal

journal-title = Journal
journal-new = Ny anteckning
journal-new-correction = Rättelse
journal-correcting = Du skriver en rättelse av anteckningen
journal-text = Anteckning
journal-text-hint = Utkastet sparas medan du skriver. En signerad anteckning kan inte ändras; en rättelse blir en ny anteckning.
journal-draft-saved = Utkast sparat { $time }
journal-text-too-long = Texten är för lång: högst { $count } tecken. Korta texten eller dela upp den i flera anteckningar.
journal-draft-invalid = Utkastet kunde inte sparas: texten är för lång. Korta texten eller dela upp den i flera anteckningar.
journal-draft-failed = Utkastet kunde inte sparas. Du kan ha blivit utloggad: kopiera texten och logga in igen.
journal-draft-offline = Utkastet kunde inte sparas eftersom anslutningen bröts. Det sparas när anslutningen är tillbaka och du skriver vidare.
journal-confirm = Jag bekräftar att anteckningen är färdig och ska signeras. Den kan inte ändras efteråt.
journal-sign = Signera
journal-save-draft = Spara utkast
journal-entries = Signerade anteckningar
journal-empty = Inga signerade anteckningar ännu.
journal-corrected = Rättad.
journal-corrected-by = Se rättelsen
journal-is-correction = Rättelse av anteckningen
journal-correct = Rätta
journal-signed = Anteckningen är signerad.
journal-draft-kept = Utkastet är sparat.
journal-corrects-invalid = Anteckningen som ska rättas finns inte. Välj Rätta vid en signerad anteckning.
journal-confirm-missing = Kryssa i rutan för att bekräfta att anteckningen ska signeras. En signerad anteckning kan inte ändras.

## Enhetsöversikt

overview-title = Enhetsöversikt
overview-heading = Enhetsöversikt: { $unit }
overview-period = Aktualiseringar räknas för perioden { $from }. Övriga siffror gäller idag.
overview-cards-label = Nyckeltal
overview-reports = aktualiseringar denna månad
overview-pre-assessments = pågående förhandsbedömningar
overview-investigations = pågående utredningar
overview-overdue = försenade tidsfrister
overview-placed = barn i vård utanför hemmet
overview-per-team = Per arbetsgrupp
overview-team = Arbetsgrupp
overview-no-team = Utan arbetsgrupp
overview-per-caseworker = Per handläggare
overview-no-cases = Enheten har inga öppna ärenden.
overview-total = Hela enheten
overview-col-reports = Aktualiseringar denna månad
overview-col-open-cases = Öppna ärenden
overview-col-pre-assessments = Förhandsbedömningar
overview-col-investigations = Utredningar
overview-col-overdue = Försenade
overview-col-placed = Placerade barn
overview-placed-children = Barn i vård utanför hemmet
overview-none-placed = Inga barn i enheten är placerade.
overview-overdue-list = Försenade tidsfrister
overview-none-overdue = Inga tidsfrister är försenade.
overview-more-overdue =
    { $count ->
        [one] 1 försenad tidsfrist till visas inte.
       *[other] { $count } försenade tidsfrister till visas inte.
    }

## Uppföljning (nyckeltal, mål, manuella uppgifter, rapporter)

nav-followup = Uppföljning
followup-tabs-label = Uppföljningens delar
followup-tab-key-figures = Nyckeltal
followup-tab-goals = Mål
followup-tab-manual = Manuella uppgifter
followup-tab-reports = Rapporter och uttag
followup-title = Nyckeltal
followup-choose = Välj enhet och period
followup-unit = Enhet
followup-all-units = Alla enheter
followup-year = År
followup-period = Period
followup-show = Visa
followup-back = Tillbaka
followup-cancel = Avbryt
followup-part-year = Helår
followup-part-whole-year = Hela året
followup-part-tertial = Tertial
followup-part-quarter = Kvartal
followup-part-month = Månad
followup-part-rolling = Rullande 12 månader
followup-part-rolling-to = 12 månader t.o.m. { $month }
followup-period-invalid = Perioden ”{ $value }” finns inte. Välj år och period i listorna.
followup-as-of = Uppgifterna gäller till och med { $date }.
followup-exact = Exakta värden: visas bara för enhetens chefer och får inte lämnas ut som de är. Publicerade rapporter och uttag döljer små tal.
followup-suppressed = Publicerade värden: tal som bygger på färre än 5 personer döljs och visas som ”..”, liksom tal som annars skulle avslöja dem.
followup-indicators = Indikatorer
followup-definition = Definition
followup-col-period = Period
followup-total = Totalt
followup-boys = Pojkar
followup-girls = Flickor
followup-unknown = Okänt kön
followup-chart-title = { $name } per månad
followup-chart-description = { $name } per månad, jämfört med samma månader ett år tidigare.
followup-chart-previous-year = Ett år tidigare
followup-manual-heading = Uppgifter införda för hand
followup-manual-intro = Uppgifter som ärendena inte kan ge (brukarundersökningar, personal, feriearbeten). Vem som förde in dem och när står under varje tabell.
followup-legend = ”saknas” = uppgift saknas (aldrig 0). ”..” = dolt värde. * = uppskattat värde.

indicator-definition = Definition
indicator-code = Kod
indicator-unit = Enhet
indicator-counted = Vad som räknas
indicator-rule = Räkneregel
indicator-aggregate = Hur värdet bildas
indicator-breakdowns = Kan fördelas på
indicator-source = Källa
indicator-version = Definitionens version
indicator-other = Annan indikator
indicator-counted-events = Händelser (varje aktualisering, utredning, beslut eller placering räknas)
indicator-counted-persons = Unika personer (ett barn räknas en gång)
indicator-counted-care-days = Vårddygn
indicator-rule-flow = Flöde: det som inträffat under perioden
indicator-rule-stock = Stock: läget vid periodens slut
indicator-rule-overlap = Någon gång under perioden
indicator-rule-weighted = Dagar som infaller under perioden
indicator-rule-within-deadline = Andel inom lagstadgad tid
indicator-rule-rolling = Uppföljning av en grupp under en bestämd tid
indicator-aggregate-count = Antal
indicator-aggregate-persons = Antal unika personer
indicator-aggregate-share = Andel i procent
indicator-aggregate-mean = Medelvärde
indicator-aggregate-median = Median
indicator-aggregate-rate = Vårddygn per dag i perioden
indicator-source-computed = Beräknas ur ärendena
indicator-source-manual = Förs in för hand

goals-title = Mål
goals-none = Inga mål följs upp för det här året.
goals-saved = Ändringen är sparad.
goals-add-top = Lägg till ett KF inriktningsmål
goals-plan = planperiod { $plan }
goals-analysis = Analys
goals-not-assessed = Ingen bedömning är gjord för året.
goals-assessed-by = Bedömd av { $who } { $when }.
goals-written-by = Skrivet av { $who } { $when }.
goals-replaces = Fortsätter målet från planperioden { $plan }.
goals-indicators-caption = Indikatorer { $year }
goals-col-indicator = Indikator
goals-col-outcome = Utfall
goals-col-last-year = Föregående år
goals-col-annual-target = Årsmål
goals-col-council-target = KF:s mål
goals-col-meets = Mot årsmålet
goals-target-met = Når årsmålet
goals-target-not-met = Når inte årsmålet
goals-activities = Aktiviteter
goals-history = Tidigare bedömningar
goals-link-edit = Ändra texten
goals-link-assess = Bedöm målet
goals-link-indicator = Lägg till indikator
goals-link-activity = Lägg till aktivitet
goals-link-follow-up = Följ upp aktiviteten
goals-link-add-child = Lägg till { $level }
goals-form-add-child = Nytt mål: { $level }
goals-form-under = Under { $goal }
goals-form-add-goal = Nytt mål
goals-form-add-goal-intro = Ett mål hör till planperioden och till målet närmast ovanför. Ett enhetsmål hör till din enhet.
goals-form-add-goal-submit = Spara målet
goals-form-edit-goal = Ändra målets text
goals-form-edit-goal-intro = Den tidigare texten sparas i målets historik.
goals-form-edit-goal-submit = Spara ändringen
goals-form-indicator = Lägg till indikator
goals-form-indicator-intro = Indikatorn visar det utfall som stödjer bedömningen av målet. Målvärden kan vara tal eller text.
goals-form-indicator-submit = Lägg till indikatorn
goals-form-activity = Lägg till aktivitet
goals-form-activity-intro = En aktivitet som ska leda till att målet nås, med start- och slutdatum.
goals-form-activity-submit = Lägg till aktiviteten
goals-form-activity-followup = Följ upp aktiviteten
goals-form-activity-followup-intro = Skriv om aktiviteten avvikit från planen och hur den har gått. Den tidigare uppföljningen sparas.
goals-form-activity-followup-submit = Spara uppföljningen
goals-form-assess = Bedöm målet
goals-form-assess-intro = Bedömningen är en bedömning av en person: välj status och skriv en analys av vad siffrorna visar. Tidigare bedömningar sparas.
goals-form-assess-submit = Spara bedömningen
goals-form-incomplete = Formuläret är inte fullständigt. Fyll i de markerade fälten.
goals-field-parent = Överordnat mål
goals-field-parent-hint = Det nya målet blir en nivå under det valda målet. Välj inget för ett KF inriktningsmål.
goals-parent-none = Inget (KF inriktningsmål)
goals-parent-unknown = Välj ett överordnat mål i listan.
goals-parent-is-unit-goal = Ett enhetsmål kan inte ha mål under sig. Välj ett annat överordnat mål.
goals-field-title = Rubrik
goals-field-description = Beskrivning
goals-field-expected-result = Förväntat resultat
goals-field-perspective = Perspektiv i kvalitetsberättelsen
goals-no-perspective = Inget (visas under Verksamhet)
goals-field-plan = Planperiod
goals-field-plan-hint = Ett år eller ett årsintervall, till exempel 2025 eller 2025-2026.
goals-field-indicator = Indikator
goals-choose-indicator = Välj en indikator …
goals-manual-series = förs in för hand
goals-indicator-unknown = Välj en indikator i listan.
goals-field-annual-target = Årsmål
goals-field-council-target = KF:s mål
goals-field-target-hint = Ett tal, till exempel 95 eller 85,5, eller en text som ”tas fram av nämnd”. Lämna tomt om målvärde saknas.
goals-field-direction = Vad är bättre?
goals-direction-higher = Ett högre värde
goals-direction-lower = Ett lägre värde
goals-field-activity = Aktivitet
goals-field-start = Startdatum
goals-field-end = Slutdatum
goals-field-date-hint = ÅÅÅÅ-MM-DD, till exempel 2025-01-01. Får lämnas tomt.
goals-field-deviation = Avvikelse
goals-field-deviation-hint = Hur aktiviteten avvikit från planen. Lämna tomt om den inte avvikit.
goals-field-analysis = Analys
goals-field-analysis-hint = Krävs för alla bedömningar utom ”Ingen bedömning”.
goals-followup-empty = Skriv en avvikelse eller en analys.
goals-field-period = Period som bedöms
goals-field-period-hint = Året (2025), ett tertial (2025-T2) eller ett delår (2025-D1).
goals-field-status = Bedömning
goals-status-missing = Välj en bedömning.

manual-title = Manuella uppgifter
manual-choose = Välj serie
manual-field-series = Serie
manual-current = Gällande värden
manual-none = Inga värden är införda för serien.
manual-history = Tidigare införda värden
manual-col-part = Del
manual-col-value = Värde
manual-col-estimate = Uppskattning
manual-col-entered = Infört av
manual-estimate = uppskattat
manual-has-estimate = * Värdet är helt eller delvis uppskattat.
manual-entered-by = { $who }
manual-enter = För in värden
manual-enter-intro = För in värden för en period. Tomma fält förs inte in. Skriv ”uppgift saknas” för att föra in att en uppgift saknas: den blir aldrig 0. Ett nytt värde ersätter det gällande, som sparas i historiken.
manual-field-period = Period
manual-field-period-hint = Till exempel 2025, 2025-T2, 2025-Q3 eller 2025-M05.
manual-field-value = Värde, { $part }
manual-field-value-hint = Ett tal, till exempel 12 eller 85,5.
manual-field-estimate = { $part }: värdet är en uppskattning
manual-field-note = Kommentar
manual-submit = Spara värdena
manual-series-unknown = Välj en serie i listan.
manual-period-out-of-range = Perioden { $period } kan inte få uppgifter: ange en period mellan { $first } och { $last }.
manual-nothing-entered = Skriv minst ett värde.
manual-saved =
    { $count ->
        [one] 1 värde är infört.
       *[other] { $count } värden är införda.
    }

reports-title = Rapporter och uttag
reports-choose = Välj rapport
reports-kind = Rapport
reports-period-none = Ingen (helår)
reports-period-tertial = Tertial { $n }
reports-period-quarter = Kvartal { $n }
reports-period-month = Månad { $n }
reports-period-hint = Delårsrapporten avser T1 eller T2, ej verkställda beslut ett kvartal; verksamhets- och kvalitetsberättelsen ett helt år.
reports-format = Format
reports-format-pdf = PDF
reports-format-xlsx = Excel (.xlsx)
reports-format-csv = CSV (semikolon)
reports-format-html = HTML-sida
reports-show = Visa på skärmen
reports-download = Ladda ner
reports-published-note = Nedladdade rapporter och uttag är publicerade: tal som bygger på färre än 5 personer döljs, oavsett vem som laddar ner.
reports-on-screen = Rapporten på skärmen
reports-exact = Exakta värden på skärmen, för enhetens chefer. Får inte lämnas ut: ladda ner rapporten för en publicerad version.
reports-download-pdf = Ladda ner som PDF
reports-download-xlsx = Ladda ner som Excel
reports-download-csv = Ladda ner som CSV
reports-choose-kind = Välj en rapport.
reports-choose-format = Välj ett format: PDF, Excel, CSV eller HTML.
reports-texts = Rapportens texter
reports-texts-intro = Texterna skrivs in i rapporten för enheten och perioden. Tidigare versioner sparas.
reports-text-summary = Sammanfattande analys
reports-text-economy = Ekonomi
reports-text-internal-control = Bedömning av intern kontroll
reports-text-quality-work = Kvalitetsarbete
reports-text-staff = Personal och arbetsmiljö
reports-texts-save = Spara texterna
reports-texts-saved = Texterna är sparade.
reports-text-too-long = Texten får vara högst { $max } tecken.
exports-title = Uttag
exports-intro = NUSO-uttaget innehåller varje aktualisering under perioden (kön, ålder, typ, orsak, beslut) utan personnummer eller namn. Kolada-uttaget innehåller enhetens indikatorer för året, publicerade.
exports-nuso = Ladda ner NUSO-uttag
exports-nuso-period = Period för NUSO-uttaget
exports-nuso-period-hint = Till exempel 2025, 2025-Q1 eller 2025-01-01..2025-06-30.
exports-nuso-format = Välj CSV eller Excel för NUSO-uttaget.
exports-kolada = Ladda ner Kolada-uttag (JSON)
exports-year-invalid = ”{ $value }” är inget år. Skriv till exempel 2025.
followup-last-year-row = Föregående år ({ $period })
goals-link-drop = Avsluta målet
goals-form-drop = Avsluta målet
goals-form-drop-intro = Ett avslutat mål följs inte upp från den planperiod du anger, men tas aldrig bort: det finns kvar med sin historik i rapporterna för åren det följdes. Mål under det avslutas också.
goals-form-drop-submit = Avsluta målet
goals-field-dropped-in = Avslutas från planperioden
goals-field-dropped-in-hint = Ett år eller ett årsintervall, till exempel 2026 eller 2027-2028. Målet följs upp till och med året före.
goals-field-reason = Skäl
goals-perspective-unknown = Välj ett perspektiv i listan, eller "Inget perspektiv".
goals-text-too-long = Texten får ha högst { $count } tecken. Korta texten.
goals-already-dropped = Målet är redan avslutat från planperioden { $plan }, så ingenting ändrades. Gå tillbaka till målen för att se det.
goals-indicator-already-removed = Indikatorn är redan borttagen från målet, så ingenting ändrades. Gå tillbaka till målen för att se det.
goals-activity-already-removed = Aktiviteten är redan borttagen, så ingenting ändrades. Gå tillbaka till målen för att se det.
goals-reason-missing = Skriv varför målet avslutas.
goals-link-targets = Ändra målvärden
goals-link-drop-indicator = Ta bort indikatorn
goals-indicator-removed = Borttagen senare (visas för historiken)
goals-link-drop-activity = Ta bort aktiviteten
goals-link-carry-over = För över målen till nästa år
goals-col-change = Ändra
goals-form-about-indicator = Indikator: { $name }
goals-form-about-activity = Aktivitet: { $title }
goals-form-targets = Ändra målvärden
goals-form-targets-intro = Ändra indikatorns årsmål och KF:s mål. Lämna ett fält tomt för att ta bort målvärdet. De tidigare målvärdena sparas i historiken.
goals-form-targets-submit = Spara målvärdena
goals-form-drop-indicator = Ta bort indikatorn från målet
goals-form-drop-indicator-intro = Indikatorn följs inte längre upp under målet och visas inte på sidan eller i rapporterna, inte heller för tidigare år. Den raderas inte: vem som tog bort den och när sparas i historiken.
goals-form-drop-indicator-submit = Ta bort indikatorn
goals-drop-indicator-confirm = Jag bekräftar att indikatorn ska tas bort från målet.
goals-drop-indicator-confirm-missing = Kryssa i rutan för att bekräfta att indikatorn ska tas bort från målet.
goals-form-drop-activity = Ta bort aktiviteten
goals-form-drop-activity-intro = Aktiviteten följs inte längre upp under målet och visas inte på sidan eller i rapporterna, inte heller för tidigare år. Den raderas inte: vem som tog bort den och när sparas i historiken.
goals-form-drop-activity-submit = Ta bort aktiviteten
goals-drop-activity-confirm = Jag bekräftar att aktiviteten ska tas bort från målet.
goals-drop-activity-confirm-missing = Kryssa i rutan för att bekräfta att aktiviteten ska tas bort från målet.
goals-form-carry-over = För över målen till nästa år
goals-form-carry-over-intro = Målen i planperioden som inte är avslutade förs över till den nya planperioden med sina indikatorer och målvärden, som nya mål som fortsätter de gamla. Det gäller alla enheters mål i planperioden. Aktiviteter och bedömningar stannar i den gamla planperioden, som inte ändras.
goals-form-carry-over-submit = För över målen
goals-field-carry-from = För över målen från planperioden
goals-field-carry-from-hint = Planperioden målen har nu: ett år eller ett årsintervall, till exempel 2025 eller 2025-2026.
goals-field-carry-to = Till planperioden
goals-field-carry-to-hint = Den nya planperioden, till exempel 2026 eller 2027-2028. Den måste börja efter den gamla.
goals-carry-over-not-later = Den nya planperioden ({ $to }) måste börja efter planperioden målen förs över från ({ $from }). Skriv en senare planperiod.
goals-carry-over-already = Målen från planperioden { $from } är redan förda över till planperioden { $to }. Välj en annan planperiod.
goals-carry-over-nothing = Det finns inga pågående mål med planperioden { $plan } att föra över. Skriv en planperiod som har mål: { $plans }.
goals-carry-over-no-goals = Det finns inga mål att föra över. Lägg till mål först.
goals-carried-over = { $count } mål fördes över till planperioden { $plan }.

## Manual series: the municipality's own series (/manual)
manual-custom = Egna serier
manual-custom-none = Inga egna serier är skapade.
manual-col-name = Namn
manual-col-code = Kod
manual-col-unit = Måttenhet
manual-col-counts-persons = Räknar personer
manual-col-created = Skapad av
manual-yes = ja
manual-no = nej
manual-unit-antal = Antal
manual-unit-procent = Procent
manual-unit-dagar = Dagar
manual-unit-arsplaceringar = Årsplaceringar
manual-unit-tkr = Tusen kronor (tkr)
manual-unit-index = Index (0–100)
manual-new = Ny egen serie
manual-new-intro = En egen serie är en uppgift som inte finns bland standardserierna, till exempel resultatet av en egen enkät. När serien är skapad kan du välja den ovan och föra in värden för den. Serien kan inte tas bort eller byta kod.
manual-new-field-name = Namn
manual-new-field-name-hint = Visas i listan över serier och i rapporterna, till exempel Brukarenkät, andel nöjda.
manual-new-field-code = Kod
manual-new-field-code-hint = Används i uttag och mål. Lämna tomt så bildas koden av namnet: små bokstäver, å och ä blir a, ö blir o och mellanslag blir _. Bara a–z, siffror och _.
manual-new-field-unit = Måttenhet
manual-new-field-description = Beskrivning
manual-new-field-description-hint = Definitionen som visas vid värdena: vad som räknas och varifrån uppgiften kommer.
manual-new-field-counts-persons = Serien räknar personer
manual-new-field-counts-persons-hint = Kryssa i om värdet är ett antal personer, till exempel ungdomar med feriearbete. Då döljs små tal i publicerade uppgifter, som för nyckeltalen ur akterna. Bara för måttenheten antal.
manual-new-submit = Skapa serien
manual-new-name-missing = Skriv seriens namn.
manual-new-name-too-long = Namnet får vara högst { $max } tecken.
manual-new-name-taken = Det finns redan en serie som heter ”{ $name }”. Skriv ett annat namn.
manual-new-code-underivable = Det går inte att bilda en kod av namnet. Skriv en kod med små bokstäver a–z, siffror och _.
manual-new-code-taken = Koden { $code } används redan av ”{ $name }”. Skriv en annan kod.
manual-new-code-taken-derived = Koden { $code }, som bildas av namnet, används redan av ”{ $name }”. Skriv en egen kod eller ändra namnet.
manual-new-code-in-use = Koden { $code } används redan av en annan serie. Skriv en annan kod.
manual-new-unit-unknown = Välj en måttenhet i listan.
manual-new-description-too-long = Beskrivningen får vara högst { $max } tecken.
manual-new-counts-persons-not-antal = Bara en serie med måttenheten antal kan räkna personer. Välj antal eller ta bort krysset.
manual-created = Serien ”{ $name }” är skapad. Nu kan du föra in värden för den.
reports-review = Granskning före publicering
reports-review-none = Inga anmärkningar
reports-review-intro =
    { $count ->
        [one] 1 anmärkning att se över innan rapporten publiceras. Nedladdningen spärras inte.
       *[other] { $count } anmärkningar att se över innan rapporten publiceras. Nedladdningen spärras inte.
    }
reports-review-kind-placeholder = Platshållare kvar
reports-review-kind-missing-text = Text saknas
reports-review-kind-missing-values = Uppgift saknas
reports-review-kind-estimates = Uppskattade värden
reports-review-kind-total-mismatch = Summan stämmer inte

## Granskningen av åtkomst (behov att veta, OSL 26 kap.)

nav-password = Byt lösenord
password-title = Byt lösenord
password-intro = Välj ett nytt lösenord. Du loggas ut på andra datorer.
password-must-change = Ditt lösenord är ett engångslösenord som systemförvaltaren har satt. Välj ett eget lösenord innan du fortsätter; du kan inte göra något annat i Tillit förrän det är gjort.
password-current = Nuvarande lösenord
password-new = Nytt lösenord
password-new-hint = Minst 12 tecken.
password-new-again = Nytt lösenord igen
password-submit = Spara lösenordet
password-current-missing = Skriv ditt nuvarande lösenord.
password-current-wrong = Det nuvarande lösenordet stämmer inte.
password-same = Det nya lösenordet måste skilja sig från det nuvarande.
password-throttled = För många felaktiga försök. Försök igen om en stund.
password-changed = Ditt nya lösenord är sparat.
start-admin-changes = Systemförvaltarens ändringar i din enhet
start-admin-changes-intro = De senaste 30 dagarna har systemförvaltaren skapat eller ändrat användare i din enhet eller satt engångslösenord för dem. Kontrollera att varje ändring var beställd.
start-admin-change-reviewed = granskad
start-admin-changes-link = Granska ändringarna i loggkontrollen
step-item-placement-hidden = Placering
person-relations-hidden = Anhöriga och nätverk visas inte för en person med skyddade personuppgifter.
intake-child-found-elsewhere = Finns i Tillit, i ett ärende hos { $units }. Du kan inte se barnets uppgifter; aktualiseringen kan ändå registreras.
access-kind-list = Lista (arbetslista, översikt, loggkontroll)
access-kind-export = Uttag med uppgifter om enskilda
access-kind-password_reset = Engångslösenord satt av systemförvaltaren
access-kind-password_changed = Lösenord bytt av användaren
access-kind-register = Post i ett register öppnad (lex Sarah, avvikelse)
flag-password-reset = Lösenord återställt
flag-user-changed = Behörighet ändrad av systemförvaltaren
flag-same-address = Bytt från samma adress som återställningen
flag-export = Uttag
log-review-persons =
    { $count ->
        [one] 1 person
       *[other] { $count } personer
    }
reports-row-level-refused = Delegationslistan förtecknar enskilda beslut med ärendenas diarienummer och är bara för enhetschefen, för den egna enheten. Antalet delegationsbeslut finns bland nyckeltalen.
reports-texts-refused = Du kan inte skriva rapporttexter för det här urvalet. Enhetschefen skriver enhetens texter och analytikern kommunens.
exports-nuso-refused = NUSO-uttaget har en rad per aktualisering, alltså uppgifter om enskilda barn, och är bara för enhetschefen, för den egna enheten.
exports-nuso-row-level = NUSO-uttaget har en rad per aktualisering: uppgifter om enskilda barn. Varje uttag loggas.
goals-parent-required = Välj det mål som det nya målet hör till. Mål ovanför enheten (KF-mål och nämndmål) skrivs av analytikern.
goals-form-unknown = Formuläret ”{ $form }” finns inte. Gå tillbaka till målen och välj formuläret där.
reports-kind-unknown = Rapporten ”{ $kind }” finns inte. Välj en rapport i listan.
indicator-unknown = Indikatorn ”{ $id }” finns inte. Välj en indikator i listan.

## Registers (the quality system)
nav-quality = Kvalitet
quality-title = Kvalitetsarbete
quality-intro = Rapportera missförhållanden (lex Sarah) och avvikelser här. Den som rapporterar ser status för sina egna rapporter; kvalitetsansvarig och enhetens chefer hanterar dem.
quality-open = { $count } öppna
register-report-new = Ny rapport
register-new-title = Ny rapport: { $register }
register-own-only = Du ser de rapporter du själv har lämnat och deras status.
register-own-status = Du ser status för din rapport. Utredningen visas bara för dem som hanterar den.
register-empty = Inga rapporter ännu.
register-reference = Nummer
register-opened = Rapporterad
register-unit = Enhet
register-category = Kategori
register-status = Status
register-back = Tillbaka till listan
register-save = Spara
register-saved = Sparat.
register-next = Nästa steg
register-entries = Registrerat
register-due-title = Att göra
register-due-date = Senast
register-due-what = Vad
register-due-law = Lagrum
register-overdue = försenad
lex-sarah-title = Lex Sarah
lex-sarah-intro = Den som arbetar inom socialtjänsten ska genast rapportera ett missförhållande eller en påtaglig risk för ett missförhållande (27 kap. 2 § SoL). Rapporten kan inte lämnas anonymt. Kvalitetsansvarig tar emot, utreder och anmäler allvarliga missförhållanden till IVO.
lex-sarah-happened-on = Datum för händelsen
lex-sarah-topic = Vad gäller det
lex-sarah-risk-only = Gäller det en påtaglig risk (inte något som har hänt)?
lex-sarah-what = Vad har hänt eller kan hända
lex-sarah-immediate-action = Vad gjordes direkt
lex-sarah-concerns = Vem berörs
lex-sarah-concerns-hint = Personnummer eller en beskrivning. Lämna tomt om ingen enskild person berörs.
lex-sarah-provider = Utförare (HVB, familjehemsorganisation)
lex-sarah-provider-hint = Om det hände hos en upphandlad utförare: verksamhetens namn.
lex-sarah-confirm = Jag rapporterar i mitt eget namn och uppgifterna stämmer.
lex-sarah-entry-reported = Rapport
lex-sarah-receive = Ta emot och utse utredare
lex-sarah-investigator = Utredare
lex-sarah-not-involved = Utredaren har inte varit inblandad i det som rapporterats.
lex-sarah-assess = Bedöm allvarlighetsgrad
lex-sarah-serious = Är det ett allvarligt missförhållande eller en påtaglig risk för ett allvarligt missförhållande?
lex-sarah-motivation = Motivering
lex-sarah-investigate = Utredning
lex-sarah-consequences = Faktiska och möjliga konsekvenser för den enskilde
lex-sarah-causes = Orsaker
lex-sarah-recurrence-risk = Risk för upprepning
lex-sarah-preventive = Förebyggande åtgärder
lex-sarah-report-to-ivo = Anmälan till IVO
lex-sarah-ivo-on = Anmäld den
lex-sarah-attached = Bifogades utredningen?
lex-sarah-investigation-to-ivo = Utredningen skickad till IVO
lex-sarah-sent-on = Skickad den
lex-sarah-measure = Ny åtgärd
lex-sarah-measure-what = Åtgärd
lex-sarah-responsible = Ansvarig
lex-sarah-due = Klar senast
lex-sarah-measure-done = Åtgärd genomförd
lex-sarah-measure-which = Vilken åtgärd
lex-sarah-person-informed = Den enskilde informerad
lex-sarah-informed-on = Informerad den
lex-sarah-informed-how = Hur och av vem
lex-sarah-management-informed = Socialchef och ordförande informerade
lex-sarah-provider-to-ivo = Utföraren anmäld till IVO (27 kap. 7 §)
lex-sarah-ground = Skäl
lex-sarah-close = Avsluta
lex-sarah-decision = Beslut
lex-sarah-close-confirm = Jag avslutar rapporten. Inget mer kan registreras i den efteråt.
incident-title = Avvikelser
incident-intro = Rapportera något som inte blev som det skulle i arbetet: ett uteblivet möte, ett fel i dokumentationen, ett IT-fel. Enhetens chefer och kvalitetsansvarig hanterar avvikelsen; en avvikelse som är ett missförhållande lyfts till lex Sarah.
incident-happened-on = Datum för händelsen
incident-category = Kategori
incident-what = Vad hände
incident-cause = Orsak, som du ser den
incident-entry-reported = Avvikelse
incident-act = Åtgärd
incident-action = Vad har gjorts
incident-follow-up = Uppföljning
incident-result = Resultat av uppföljningen
incident-raise = Lyft till lex Sarah
incident-raise-confirm = Avvikelsen kan vara ett missförhållande. Jag lyfter den till en lex Sarah-rapport.
incident-raised-to = Lex Sarah-rapporten
incident-raised-text = Lyft från en avvikelse. Se avvikelsen för vad som hände.
incident-close = Avsluta
incident-conclusion = Slutsats
incident-close-confirm = Jag avslutar avvikelsen. Inget mer kan registreras i den efteråt.
complaint-title = Synpunkter och klagomål
complaint-intro = Beröm, klagomål och förbättringsförslag från dem vi finns till för: från e-tjänsten, eller registrerade här när de kom per telefon, brev eller besök. Avsändarens kontaktuppgifter visas bara här, aldrig i statistik eller rapporter.
complaint-kind = Vad gäller det
complaint-channel = Hur kom det in
complaint-message = Meddelandet
complaint-contact = Kontaktuppgifter
complaint-contact-hint = Telefon eller e-post om avsändaren vill ha svar. Lämna tomt om hen vill vara anonym.
complaint-anonymous = Anonym (kan inte få svar)
complaint-receipt = Kvittonummer
complaint-entry-received = Mottagen
complaint-assign = Utse handläggare
complaint-assign-to = Handläggare
complaint-act = Åtgärd
complaint-action = Vad har gjorts
complaint-answer = Svar till avsändaren
complaint-answered-on = Besvarad den
complaint-answered-how = Hur och vad som svarades
complaint-close = Avsluta
complaint-conclusion = Slutsats
complaint-close-confirm = Jag avslutar synpunkten. Inget mer kan registreras i den efteråt.
complaint-public-title = Lämna en synpunkt eller ett klagomål
complaint-public-intro = Här kan du ge beröm, klaga eller föreslå förbättringar om socialtjänstens individ- och familjeomsorg. Du behöver inte logga in och du får vara anonym.
complaint-public-not-report = Är ett barn i fara? Ring 112. Vill du göra en orosanmälan om ett barn ska du inte använda det här formuläret: ring socialtjänsten.
complaint-public-unit = Vilken verksamhet gäller det
complaint-public-unit-unknown = Vet inte
complaint-public-unit-hint = Välj ”Vet inte” om du är osäker. Vi ser till att rätt verksamhet får det.
complaint-public-message = Ditt meddelande
complaint-public-message-hint = Skriv med egna ord vad det gäller. Högst { $count } tecken.
complaint-public-message-missing = Skriv ditt meddelande.
complaint-public-message-long = Meddelandet får vara högst { $max } tecken. Nu är det { $count }. Korta texten.
complaint-public-contact = Hur når vi dig (frivilligt)
complaint-public-contact-hint = Telefonnummer eller e-postadress om du vill ha svar. Lämna tomt om du vill vara anonym.
complaint-public-contact-long = Kontaktuppgifterna får vara högst 200 tecken.
complaint-public-trap = Lämna det här fältet tomt
complaint-public-send = Skicka
complaint-public-thanks = Tack! Vi har tagit emot ditt meddelande
complaint-public-receipt = Ditt kvittonummer är
complaint-public-next-answer = Spara numret. Den som ansvarar för verksamheten läser ditt meddelande och kontaktar dig inom två veckor.
complaint-public-next-anonymous = Spara numret. Den som ansvarar för verksamheten läser ditt meddelande. Eftersom du inte lämnade kontaktuppgifter kan vi inte svara dig.
complaint-public-busy-title = Vänta en stund
complaint-public-busy = Vi har tagit emot många meddelanden från din anslutning på kort tid. Försök igen om några minuter. Brådskar det kan du ringa socialtjänsten.
complaint-public-again = Skriv ett nytt meddelande
self-audit-title = Egenkontroll av dokumentation
self-audit-new = Planera en egenkontroll
self-audit-intro = Ett slumpmässigt urval av enhetens akter från en period granskas mot en checklista (SOSFS 2014:5). Urvalet dras med ett frö som sparas, så att samma urval kan dras igen. Kvalitetsansvarig drar urvalet och avslutar; enhetens chef planerar och granskar.
self-audit-period-from = Perioden från
self-audit-period-to = Perioden till
self-audit-period = Period
self-audit-sample-size = Antal akter
self-audit-sample-size-hint = Hur många akter som ska granskas, 1–200. Urvalet fördelas efter ärendenas fas.
self-audit-sample-size-invalid = Skriv antalet akter som ett heltal, till exempel 10.
self-audit-seed = Frö för urvalet
self-audit-seed-hint = Lämna tomt så slumpas ett frö. Fröet sparas så att samma urval kan dras igen.
self-audit-seed-invalid = Skriv fröet som ett heltal utan tecken, till exempel 20260401, eller lämna fältet tomt.
self-audit-seed-random-failed = Ett frö kunde inte slumpas just nu. Skriv ett eget heltal som frö.
self-audit-unit-not-own = Du kan bara planera egenkontroller av din egen enhet. Välj din enhet.
self-audit-checklist = Checklista
self-audit-checklist-version = version { $version }
self-audit-draw = Dra urvalet
self-audit-candidates = Akter att välja bland
self-audit-draw-summary = { $candidates } ärenden öppnades under perioden. Urvalet blir högst { $size } akter.
self-audit-draw-confirm = Jag drar urvalet. Det kan inte dras om.
self-audit-sample = Akter i urvalet
self-audit-answer = Granska en akt
self-audit-answer-yes = Ja
self-audit-answer-no = Nej
self-audit-answer-not_applicable = Ej aktuellt
self-audit-case = Akt
self-audit-comment = Kommentar
self-audit-close = Avsluta
self-audit-conclusion = Slutsats och åtgärder
self-audit-close-confirm = Jag avslutar egenkontrollen. Inget mer kan registreras i den efteråt.
self-audit-entry-planned = Planerad
self-audit-entry-drawn = Urval draget
self-audit-entry-answered = Akt granskad
self-audit-case-banner = Du läser akten för egenkontroll { $audit }. Läsningen loggas med egenkontrollen som skäl.
self-audit-journal-withheld = Barnet har skyddad identitet. Journalen kan ange var barnet finns och visas därför inte här. Be enhetens chef granska den.
self-audit-journal-empty = Inga signerade journalanteckningar.
