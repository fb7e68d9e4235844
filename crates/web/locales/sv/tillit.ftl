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
error-unavailable-title = Tillit är tillfälligt otillgängligt
error-unavailable-text = Systemet är hårt belastat just nu. Vänta en stund och försök igen.
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
start-not-built = De delarna av Tillit är inte byggda ännu. De kommer i senare versioner.
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
case-read-only = Sidan visar ärendet. Formulär för varje steg i ärendet kommer i nästa version.
