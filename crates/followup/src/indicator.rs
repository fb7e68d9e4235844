//! The indicator catalogue for children and young people: every figure of
//! FOLLOWUP.md that the case records support, with its Swedish name and
//! definition, unit, counting rule, breakdowns and definition version; and
//! the figures the records cannot know, listed as [`Source::Manual`] so that a
//! series entered by hand can feed them.
//!
//! A changed definition is a new version: change the text and the computation
//! together and raise `version`.

use crate::breakdown::BreakdownKind;
use serde::Serialize;

/// Stable identity of an indicator. [`IndicatorId::code`] is the snake_case
/// id used in storage, URLs and exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorId {
    Aktualiseringar,
    AktualiseradePersoner,
    NyaAktualiseringar,
    Ateraktualiseringar,
    AndelTillUtredning,
    ForhandsbedomningInom14Dagar,
    InleddaUtredningar,
    PagaendeUtredningar,
    OppnaUtredningar,
    AvslutadeUtredningar,
    UtredningstidMedian,
    UtredningstidMedel,
    UtredningarInom4Man,
    UtredningarInomBeslutadTid,
    ForsenadeUtredningar,
    PlaceradeBarn,
    Varddygn,
    Arsplaceringar,
    NyaPlaceringar,
    TryggaPlaceringar,
    Sammanbrott,
    OmedelbaraOmhandertaganden,
    EjAteraktualiserade12Man,
    OvervagandenITid,
    OppenvardPagaende,
    EjVerkstalldaBeslut,
    SentVerkstalldaBeslut,
    Delegationsbeslut,
    KostnadPerArsplacering,
    BesokPlaceradeBarn,
    SipMoten,
    SipNyaPlaner,
    SipSammankalladeAvOss,
    AllvarssamtalInom48Timmar,
    BrukarundersokningAndelNojda,
    Nki,
}

/// The unit a value is expressed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureUnit {
    Antal,
    Procent,
    Dagar,
    Arsplaceringar,
    /// Thousands of kronor.
    Tkr,
    /// An index 0-100 (NKI).
    Index,
}

impl MeasureUnit {
    pub fn label(self) -> &'static str {
        match self {
            Self::Antal => "antal",
            Self::Procent => "procent",
            Self::Dagar => "dagar",
            Self::Arsplaceringar => "årsplaceringar",
            Self::Tkr => "tkr",
            Self::Index => "index",
        }
    }
}

/// What is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// Events: each report, investigation, decision or placement counts.
    Events,
    /// Distinct persons: a child counts once however many events ("en person
    /// kan aktualiseras flera gånger").
    DistinctPersons,
    /// Care days (vårddygn): nights in out-of-home care.
    CareDays,
}

/// How the period selects what is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountingRule {
    /// Events dated in the period (flow).
    Flow,
    /// On the period's last day (stock); for a period not yet ended, on the
    /// facts' as-of day.
    Stock,
    /// At any time during the period.
    Overlap,
    /// Days overlapping the period (care days, placement-years).
    Weighted,
    /// Share of the period's events that met a legal deadline.
    WithinDeadline,
    /// A cohort from a window before the period, followed for a fixed time.
    Rolling,
}

/// How a cell's value is formed from its rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// Number of rows (or sum of care days).
    Count,
    /// Number of distinct persons.
    Persons,
    /// 100 × numerator / denominator; missing when the denominator is 0.
    Share,
    /// Sum / count; missing when there are no rows.
    Mean,
    /// Median of the rows' values (the mean of the two middle values for an
    /// even count); missing when there are no rows.
    Median,
    /// Care days / days of the period up to the as-of day.
    Rate,
}

/// Where the values come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Computed from the case records.
    Computed,
    /// Entered by hand or imported, period by period: the records cannot know it.
    Manual,
}

/// One indicator of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub id: IndicatorId,
    /// Swedish name.
    pub name: &'static str,
    /// Swedish definition, as printed beside the figure.
    pub definition: &'static str,
    pub unit: MeasureUnit,
    pub counted: Counted,
    pub rule: CountingRule,
    pub aggregate: Aggregate,
    /// The breakdowns it supports (the total is always available).
    pub breakdowns: &'static [BreakdownKind],
    /// Definition version; every value carries it.
    pub version: u32,
    pub source: Source,
}

impl Indicator {
    pub fn code(&self) -> &'static str {
        self.id.code()
    }

    pub fn supports(&self, kind: BreakdownKind) -> bool {
        self.breakdowns.contains(&kind)
    }

    /// The values of consecutive periods add up to the value of the whole
    /// (months to the year): counts of events in a flow, and care days.
    pub fn adds_up_over_time(&self) -> bool {
        self.source == Source::Computed
            && self.aggregate == Aggregate::Count
            && matches!(self.rule, CountingRule::Flow | CountingRule::Weighted)
    }
}

use BreakdownKind as B;

const REPORT: &[BreakdownKind] = &[
    B::Gender,
    B::AgeGroup,
    B::Unit,
    B::ReporterCategory,
    B::Concern,
    B::ReportKind,
];
const INVESTIGATION: &[BreakdownKind] = &[B::Gender, B::AgeGroup, B::Unit];
const INTERVENTION: &[BreakdownKind] = &[
    B::Gender,
    B::AgeGroup,
    B::Unit,
    B::InterventionKind,
    B::LegalBasis,
    B::Provider,
];
const DECISION: &[BreakdownKind] = &[
    B::Gender,
    B::AgeGroup,
    B::Unit,
    B::InterventionKind,
    B::LegalBasis,
    B::Delegate,
];
const REMOVAL: &[BreakdownKind] = &[B::Gender, B::AgeGroup, B::Unit, B::LegalBasis];
const MANUAL: &[BreakdownKind] = &[B::Gender, B::Unit];

#[allow(clippy::too_many_arguments)]
const fn computed(
    id: IndicatorId,
    name: &'static str,
    definition: &'static str,
    unit: MeasureUnit,
    counted: Counted,
    rule: CountingRule,
    aggregate: Aggregate,
    breakdowns: &'static [BreakdownKind],
) -> Indicator {
    Indicator {
        id,
        name,
        definition,
        unit,
        counted,
        rule,
        aggregate,
        breakdowns,
        version: 1,
        source: Source::Computed,
    }
}

impl Indicator {
    /// The same indicator at definition version `version` (a changed
    /// definition: new text, maybe a new computation).
    const fn revised(self, version: u32) -> Indicator {
        Indicator { version, ..self }
    }
}

const fn manual(
    id: IndicatorId,
    name: &'static str,
    definition: &'static str,
    unit: MeasureUnit,
    counted: Counted,
    aggregate: Aggregate,
) -> Indicator {
    Indicator {
        id,
        name,
        definition,
        unit,
        counted,
        rule: CountingRule::Flow,
        aggregate,
        breakdowns: MANUAL,
        version: 1,
        source: Source::Manual,
    }
}

use Aggregate as A;
use CountingRule as R;
use IndicatorId as I;
use MeasureUnit as U;

/// The catalogue, in [`IndicatorId`] order.
static CATALOGUE: [Indicator; 36] = [
    computed(
        I::Aktualiseringar,
        "Aktualiseringar",
        "Antal aktualiseringar (anmälningar, ansökningar och övriga uppgifter) som kommit in under perioden. Varje aktualisering räknas; ett barn kan aktualiseras flera gånger. En anmälan om flera barn räknas en gång per barn. Fördelat på orsak räknas en aktualisering en gång per angiven orsak.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        REPORT,
    ),
    computed(
        I::AktualiseradePersoner,
        "Aktualiserade barn och unga",
        "Antal unika barn och unga med minst en aktualisering som kommit in under perioden. Varje barn räknas en gång oavsett antal aktualiseringar. Fördelat på annat än kön kan ett barn räknas i flera grupper.",
        U::Antal,
        Counted::DistinctPersons,
        R::Flow,
        A::Persons,
        REPORT,
    ),
    computed(
        I::NyaAktualiseringar,
        "Nyaktualiseringar",
        "Antal aktualiseringar under perioden om barn som inte varit aktuella (haft ett öppet ärende) under de senaste 12 hela månaderna före aktualiseringen.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        REPORT,
    ),
    computed(
        I::Ateraktualiseringar,
        "Återaktualiseringar",
        "Antal aktualiseringar under perioden om barn som varit aktuella (haft ett öppet ärende) någon gång under de senaste 12 hela månaderna, inklusive aktualiseringar i redan öppna ärenden. Nyaktualiseringar och återaktualiseringar är tillsammans alla aktualiseringar.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        REPORT,
    ),
    computed(
        I::AndelTillUtredning,
        "Andel aktualiseringar som leder till utredning",
        "Andel av aktualiseringarna som kommit in under perioden och där förhandsbedömningen är beslutad, där beslutet blev att inleda utredning. Aktualiseringar som ännu inte är förhandsbedömda eller som tillförts en pågående utredning ingår inte.",
        U::Procent,
        Counted::Events,
        R::Flow,
        A::Share,
        REPORT,
    ),
    computed(
        I::ForhandsbedomningInom14Dagar,
        "Förhandsbedömningar inom 14 dagar",
        "Andel av förhandsbedömningarna som beslutats under perioden som beslutades inom 14 dagar från att aktualiseringen kom in (11 kap. 1 a § SoL). Förlängd tid av synnerliga skäl räknas inte som inom tid.",
        U::Procent,
        Counted::Events,
        R::WithinDeadline,
        A::Share,
        REPORT,
    ),
    computed(
        I::InleddaUtredningar,
        "Inledda utredningar",
        "Antal utredningar som inletts under perioden.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        INVESTIGATION,
    ),
    computed(
        I::PagaendeUtredningar,
        "Utredningar som pågått under perioden",
        "Antal utredningar som varit öppna någon gång under perioden: inledda senast periodens sista dag och inte avslutade före periodens första dag.",
        U::Antal,
        Counted::Events,
        R::Overlap,
        A::Count,
        INVESTIGATION,
    ),
    computed(
        I::OppnaUtredningar,
        "Pågående utredningar vid periodens slut",
        "Antal utredningar som är öppna vid utgången av periodens sista dag (för en period som inte är slut: per uppgifternas datum).",
        U::Antal,
        Counted::Events,
        R::Stock,
        A::Count,
        INVESTIGATION,
    ),
    computed(
        I::AvslutadeUtredningar,
        "Avslutade utredningar",
        "Antal utredningar som avslutats under perioden.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        INVESTIGATION,
    ),
    computed(
        I::UtredningstidMedian,
        "Utredningstid, median",
        "Median av antal dagar från att utredningen inleddes till att den avslutades, för utredningar som avslutats under perioden.",
        U::Dagar,
        Counted::Events,
        R::Flow,
        A::Median,
        INVESTIGATION,
    ),
    computed(
        I::UtredningstidMedel,
        "Utredningstid, medelvärde",
        "Genomsnittligt antal dagar från att utredningen inleddes till att den avslutades, för utredningar som avslutats under perioden.",
        U::Dagar,
        Counted::Events,
        R::Flow,
        A::Mean,
        INVESTIGATION,
    ),
    computed(
        I::UtredningarInom4Man,
        "Utredningar klara inom fyra månader",
        "Andel av utredningarna som avslutats under perioden som avslutades senast fyra månader efter att de inleddes (11 kap. 2 § SoL).",
        U::Procent,
        Counted::Events,
        R::WithinDeadline,
        A::Share,
        INVESTIGATION,
    ),
    computed(
        I::UtredningarInomBeslutadTid,
        "Utredningar klara inom fyra månader eller beslutad förlängning",
        "Andel av utredningarna som avslutats under perioden som avslutades senast fyra månader efter att de inleddes, eller senast den dag utredningen förlängts till av särskilda skäl (20 kap. 3 § SoL). En förlängning räknas bara om den beslutades senast den dag då tiden gick ut; en förlängning som beslutas efter det gör inte en försenad utredning till en utredning i tid. Ändrat i version 2: förlängningar beslutade efter att tiden gått ut räknas inte.",
        U::Procent,
        Counted::Events,
        R::WithinDeadline,
        A::Share,
        INVESTIGATION,
    )
    .revised(2),
    computed(
        I::ForsenadeUtredningar,
        "Försenade utredningar",
        "Antal utredningar som blivit försenade under perioden: dagen efter att fyra månader gått utan förlängning, eller dagen efter den beslutade förlängningen, infaller under perioden och utredningen var då inte avslutad. En förlängning räknas bara om den beslutades senast den dag då tiden gick ut; en förlängning som beslutas efteråt tar inte bort förseningen, och utredningen räknas som försenad från dagen efter att tiden gick ut. Varje utredning räknas en gång, den period den blev försenad. Ändrat i version 2: förlängningar beslutade efter att tiden gått ut räknas inte.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        INVESTIGATION,
    )
    .revised(2),
    computed(
        I::PlaceradeBarn,
        "Placerade barn och unga",
        "Antal unika barn och unga i placering (familjehem, nätverkshem, jourhem, HVB, stödboende, SiS) vid utgången av periodens sista dag (för en period som inte är slut: per uppgifternas datum). Ålder vid den dagen.",
        U::Antal,
        Counted::DistinctPersons,
        R::Stock,
        A::Persons,
        INTERVENTION,
    ),
    computed(
        I::Varddygn,
        "Vårddygn",
        "Antal vårddygn i placering under perioden: nätter från placeringens första dag till dagen den upphörde, de som infaller under perioden. Pågående placeringar räknas till och med uppgifternas datum.",
        U::Dagar,
        Counted::CareDays,
        R::Weighted,
        A::Count,
        INTERVENTION,
    ),
    computed(
        I::Arsplaceringar,
        "Årsplaceringar",
        "Vårddygn under perioden delat med antal dagar i perioden (till och med uppgifternas datum): genomsnittligt antal samtidigt placerade, omräknat till helårsplatser. För ett helt kalenderår är det vårddygn delat med årets dagar (365 eller 366). För en del av året (månad, tertial, delår) delas vårddygnen med periodens dagar, inte årets, så att utfallet motsvarar helårsplatser och kan jämföras med helåret, målet och prognosen, som i delårsrapporternas \"utfallet är viktat och omräknat så att det motsvarar en helårsplats\". Ändrat i version 2: definitionen säger uttryckligen hur en del av året räknas (beräkningen är oförändrad).",
        U::Arsplaceringar,
        Counted::CareDays,
        R::Weighted,
        A::Rate,
        INTERVENTION,
    )
    .revised(2),
    computed(
        I::NyaPlaceringar,
        "Nya placeringar",
        "Antal placeringar som påbörjats under perioden. En flytt till en ny placering räknas som en ny placering.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        INTERVENTION,
    ),
    computed(
        I::TryggaPlaceringar,
        "Andel nya placeringar under trygga förhållanden",
        "Andel av placeringarna som påbörjats under perioden som inom sex månader varken upphört oplanerat eller följts av en placering på en högre vårdnivå (HVB eller SiS). Oplanerat upphörande är sammanbrott och oplanerad hemgång: placeringen avslutades för att den unge eller vårdnadshavaren avböjde fortsatt vård (avslutsorsak \"Den enskilde/vårdnadshavare avböjde\"), inte som planerat. Bedöms utifrån vad som är känt per uppgifternas datum. Ändrat i version 2: oplanerad hemgång räknas som otrygg placering.",
        U::Procent,
        Counted::Events,
        R::Flow,
        A::Share,
        INTERVENTION,
    )
    .revised(2),
    computed(
        I::Sammanbrott,
        "Sammanbrott",
        "Antal placeringar som upphört under perioden med orsaken sammanbrott.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        INTERVENTION,
    ),
    computed(
        I::OmedelbaraOmhandertaganden,
        "Omedelbara omhändertaganden",
        "Antal beslut om omedelbart omhändertagande enligt 6 § LVU under perioden.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        REMOVAL,
    ),
    computed(
        I::EjAteraktualiserade12Man,
        "Ej återaktualiserade 12 månader efter avslutad insats",
        "Andel av de barn och unga vars insats avslutades under samma period ett år tidigare, utan att någon annan insats pågick, som inte aktualiserats på nytt inom 12 månader efter avslutet. Ett barn räknas en gång, med sitt senaste avslut; barn vars tolv månader inte gått ut per uppgifternas datum ingår inte.",
        U::Procent,
        Counted::DistinctPersons,
        R::Rolling,
        A::Share,
        INTERVENTION,
    ),
    computed(
        I::OvervagandenITid,
        "Överväganden i tid",
        "Andel av de överväganden och omprövningar av placeringar som skulle göras under perioden (sex månader efter placeringens början eller efter föregående övervägande) som gjordes senast den dagen. Ett övervägande som inte gjorts räknas den period det skulle ha gjorts.",
        U::Procent,
        Counted::Events,
        R::WithinDeadline,
        A::Share,
        INTERVENTION,
    ),
    computed(
        I::OppenvardPagaende,
        "Barn och unga i öppenvård",
        "Antal unika barn och unga med pågående öppenvårdsinsats (öppenvård, kontaktperson/kontaktfamilj, särskilt kvalificerad kontaktperson) vid utgången av periodens sista dag, i egen regi eller köpt. Ett barn med insatser hos båda räknas under båda men en gång i totalen.",
        U::Antal,
        Counted::DistinctPersons,
        R::Stock,
        A::Persons,
        INTERVENTION,
    ),
    computed(
        I::EjVerkstalldaBeslut,
        "Ej verkställda gynnande beslut",
        "Antal gynnande beslut om insats som vid utgången av periodens sista dag (för en period som inte är slut: per uppgifternas datum) inte har verkställts inom tre månader från beslutsdagen (34 kap. 1 § SoL, 16 kap. 6 f § i den äldre socialtjänstlagen; rapporteras kvartalsvis). Tre månader räknas som lagen räknar: ett beslut den 31 maj är verkställt i tid om det verkställs senast den 31 augusti, och räknas här vid utgången av den 31 augusti om det inte är verkställt. Samma regel som för beslut verkställda efter mer än tre månader: ett beslut som räknas här och verkställs dagen efter räknas där. Beslut i ärenden som avslutats räknas inte. Ändrat i version 2: beslutet räknas från och med utgången av den dag då tre månader gått, inte först dagen efter.",
        U::Antal,
        Counted::Events,
        R::Stock,
        A::Count,
        DECISION,
    )
    .revised(2),
    computed(
        I::SentVerkstalldaBeslut,
        "Gynnande beslut verkställda efter mer än tre månader",
        "Antal gynnande beslut om insats som verkställts under perioden, mer än tre månader efter beslutsdagen.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        DECISION,
    ),
    computed(
        I::Delegationsbeslut,
        "Delegationsbeslut",
        "Antal beslut om insats eller ingen åtgärd som fattats av delegat under perioden. Nämndens ansökningar om vård enligt LVU och domstolens beslut ingår inte; omedelbara omhändertaganden redovisas för sig.",
        U::Antal,
        Counted::Events,
        R::Flow,
        A::Count,
        DECISION,
    ),
    manual(
        I::KostnadPerArsplacering,
        "Kostnad per årsplacering",
        "Nettokostnad för placeringar under perioden delat med antal årsplaceringar, i tkr. Kostnaden kommer från ekonomisystemet och registreras för hand; årsplaceringarna beräknas.",
        U::Tkr,
        Counted::CareDays,
        A::Mean,
    ),
    manual(
        I::BesokPlaceradeBarn,
        "Placerade barn med minst fyra besök",
        "Andel placerade barn som socialsekreteraren besökt minst fyra gånger under året. Besök registreras inte i ärendet och förs in för hand.",
        U::Procent,
        Counted::DistinctPersons,
        A::Share,
    ),
    manual(
        I::SipMoten,
        "SIP-möten",
        "Antal möten om samordnad individuell plan under perioden.",
        U::Antal,
        Counted::Events,
        A::Count,
    ),
    manual(
        I::SipNyaPlaner,
        "Nya SIP",
        "Antal nya samordnade individuella planer under perioden.",
        U::Antal,
        Counted::Events,
        A::Count,
    ),
    manual(
        I::SipSammankalladeAvOss,
        "SIP sammankallade av enheten",
        "Antal SIP-möten under perioden som enheten kallat till.",
        U::Antal,
        Counted::Events,
        A::Count,
    ),
    manual(
        I::AllvarssamtalInom48Timmar,
        "Allvarssamtal inom 48 timmar",
        "Andel allvarssamtal som hållits inom 48 timmar från att socialtjänsten fått kännedom om ett första brott.",
        U::Procent,
        Counted::Events,
        A::Share,
    ),
    manual(
        I::BrukarundersokningAndelNojda,
        "Andel nöjda i brukarundersökningen",
        "Andel svarande som är nöjda, per fråga, enligt brukarundersökningen. Förs in eller importeras per period.",
        U::Procent,
        Counted::DistinctPersons,
        A::Share,
    ),
    manual(
        I::Nki,
        "Nöjd kund-index (NKI)",
        "Nöjd kund-index enligt brukarundersökningen. Kan inte summeras mellan enheter: vägs med antal svarande.",
        U::Index,
        Counted::DistinctPersons,
        A::Mean,
    ),
];

impl IndicatorId {
    /// Every indicator, in catalogue order.
    pub const ALL: [IndicatorId; 36] = [
        I::Aktualiseringar,
        I::AktualiseradePersoner,
        I::NyaAktualiseringar,
        I::Ateraktualiseringar,
        I::AndelTillUtredning,
        I::ForhandsbedomningInom14Dagar,
        I::InleddaUtredningar,
        I::PagaendeUtredningar,
        I::OppnaUtredningar,
        I::AvslutadeUtredningar,
        I::UtredningstidMedian,
        I::UtredningstidMedel,
        I::UtredningarInom4Man,
        I::UtredningarInomBeslutadTid,
        I::ForsenadeUtredningar,
        I::PlaceradeBarn,
        I::Varddygn,
        I::Arsplaceringar,
        I::NyaPlaceringar,
        I::TryggaPlaceringar,
        I::Sammanbrott,
        I::OmedelbaraOmhandertaganden,
        I::EjAteraktualiserade12Man,
        I::OvervagandenITid,
        I::OppenvardPagaende,
        I::EjVerkstalldaBeslut,
        I::SentVerkstalldaBeslut,
        I::Delegationsbeslut,
        I::KostnadPerArsplacering,
        I::BesokPlaceradeBarn,
        I::SipMoten,
        I::SipNyaPlaner,
        I::SipSammankalladeAvOss,
        I::AllvarssamtalInom48Timmar,
        I::BrukarundersokningAndelNojda,
        I::Nki,
    ];

    /// Stable snake_case id.
    pub fn code(self) -> &'static str {
        match self {
            I::Aktualiseringar => "aktualiseringar",
            I::AktualiseradePersoner => "aktualiserade_personer",
            I::NyaAktualiseringar => "nya_aktualiseringar",
            I::Ateraktualiseringar => "ateraktualiseringar",
            I::AndelTillUtredning => "andel_till_utredning",
            I::ForhandsbedomningInom14Dagar => "forhandsbedomning_inom_14_dagar",
            I::InleddaUtredningar => "inledda_utredningar",
            I::PagaendeUtredningar => "pagaende_utredningar",
            I::OppnaUtredningar => "oppna_utredningar",
            I::AvslutadeUtredningar => "avslutade_utredningar",
            I::UtredningstidMedian => "utredningstid_median",
            I::UtredningstidMedel => "utredningstid_medel",
            I::UtredningarInom4Man => "utredningar_inom_4_man",
            I::UtredningarInomBeslutadTid => "utredningar_inom_beslutad_tid",
            I::ForsenadeUtredningar => "forsenade_utredningar",
            I::PlaceradeBarn => "placerade_barn",
            I::Varddygn => "varddygn",
            I::Arsplaceringar => "arsplaceringar",
            I::NyaPlaceringar => "nya_placeringar",
            I::TryggaPlaceringar => "trygga_placeringar",
            I::Sammanbrott => "sammanbrott",
            I::OmedelbaraOmhandertaganden => "omedelbara_omhandertaganden",
            I::EjAteraktualiserade12Man => "ej_ateraktualiserade_12_man",
            I::OvervagandenITid => "overvaganden_i_tid",
            I::OppenvardPagaende => "oppenvard_pagaende",
            I::EjVerkstalldaBeslut => "ej_verkstallda_beslut",
            I::SentVerkstalldaBeslut => "sent_verkstallda_beslut",
            I::Delegationsbeslut => "delegationsbeslut",
            I::KostnadPerArsplacering => "kostnad_per_arsplacering",
            I::BesokPlaceradeBarn => "besok_placerade_barn",
            I::SipMoten => "sip_moten",
            I::SipNyaPlaner => "sip_nya_planer",
            I::SipSammankalladeAvOss => "sip_sammankallade_av_oss",
            I::AllvarssamtalInom48Timmar => "allvarssamtal_inom_48_timmar",
            I::BrukarundersokningAndelNojda => "brukarundersokning_andel_nojda",
            I::Nki => "nki",
        }
    }

    pub fn from_code(code: &str) -> Option<IndicatorId> {
        Self::ALL.into_iter().find(|i| i.code() == code)
    }

    /// The catalogue entry.
    pub fn info(self) -> &'static Indicator {
        // CATALOGUE is in declaration order (checked by a test), so the
        // discriminant is the index.
        &CATALOGUE[self as usize]
    }
}

/// The whole catalogue, computed and manual, in order.
pub fn catalogue() -> &'static [Indicator] {
    &CATALOGUE
}

/// The indicators computed from the case records.
pub fn computed_indicators() -> impl Iterator<Item = &'static Indicator> {
    CATALOGUE.iter().filter(|i| i.source == Source::Computed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_in_id_order_with_unique_codes() {
        let mut seen = std::collections::HashSet::new();
        for (i, ind) in CATALOGUE.iter().enumerate() {
            assert_eq!(ind.id as usize, i, "{:?}", ind.id);
            assert_eq!(IndicatorId::ALL[i], ind.id);
            assert!(seen.insert(ind.code()), "duplicate {}", ind.code());
            assert_eq!(IndicatorId::from_code(ind.code()), Some(ind.id));
            assert!(ind.supports(BreakdownKind::Gender), "{}", ind.code());
            assert!(
                ind.code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
            assert!(!ind.definition.is_empty() && !ind.name.is_empty());
        }
    }

    #[test]
    fn computed_indicators_split_by_gender_and_unit() {
        for ind in computed_indicators() {
            assert!(ind.supports(BreakdownKind::Unit), "{}", ind.code());
        }
        assert_eq!(computed_indicators().count(), 28);
    }
}
