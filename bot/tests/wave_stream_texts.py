"""Template texts for bot/tests/wave_stream.py: team-written synthetic Dutch scam messages.

The team wrote these after reading public descriptions of real Dutch campaigns, keeping only
their traits (a fake bank's formal 'u', urgency such as 'binnen 24 uur', small fees like
'€1,99', tracking codes, lookalike and shortened links); none is a copy of a real message.
``MAIN`` and ``HOLDOUT`` hold the same twelve campaign ideas in two separately written sets of
sentences: the holdout wording is not derived from the main one. Placeholders such as {link},
{amount} or {iban} are filled per report by the generator.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Campaign:
    """One campaign's wording. Each entry of ``lines`` lists alternative phrasings of one
    sentence; ``optional`` lines may be left out, the two ``swap`` lines may trade places."""

    lines: tuple[tuple[str, ...], ...]
    optional: tuple[int, ...] = ()
    swap: tuple[int, int] | None = None
    tags: tuple[str, ...] = ("",)
    greetings: tuple[str, ...] = ("",)
    closings: tuple[str, ...] = ("",)
    short: tuple[str, ...] = ()  # forms under 8 words
    amounts: tuple[float, ...] = (20.0, 400.0)  # two values: a range; more: the choices
    domains: tuple[str, ...] = ()  # stems; the generator adds a TLD
    link: str = "daily"  # daily: new domain each day; fixed; each: per report; short: bit.ly
    phones: int = 1  # how many stable scammer numbers the wave uses
    mail: bool = False  # lines mostly on their own line rather than run together


FORMAL = (
    "Beste klant,",
    "Geachte heer/mevrouw,",
    "Geachte klant,",
    "Beste {first},",
    "Geachte heer {last},",
    "Geachte mevrouw {last},",
    "Hallo,",
    "Beste {name},",
)
FEES = (1.99, 2.99, 1.49, 3.95, 0.99, 2.49)

MAIN: dict[str, Campaign] = {
    "postnl-fee": Campaign(
        lines=(
            (
                "Uw pakket {track} is aangekomen in ons sorteercentrum maar kan nog niet"
                " worden bezorgd.",
                "Uw zending {track} ligt in ons sorteercentrum en wacht op bezorging.",
                "Het pakket met code {track} staat klaar in ons depot, maar is nog niet"
                " vrijgegeven.",
            ),
            (
                "Er staat nog een bedrag van {amount} aan verzendkosten open.",
                "Er zijn nog {amount} verzendkosten niet voldaan.",
                "De verzendkosten van {amount} zijn nog niet betaald.",
            ),
            (
                "Betaal binnen 24 uur via {link} om uw pakket te ontvangen.",
                "Voldoe het bedrag binnen 24 uur via {link}, anders gaat het pakket retour.",
                "Rond de betaling vandaag af via {link} zodat wij kunnen bezorgen.",
            ),
            (
                "Na betaling wordt uw pakket de volgende werkdag bezorgd.",
                "Na ontvangst van de betaling plannen wij een nieuwe bezorgdatum in.",
                "Na betaling ontvangt u een nieuw bezorgmoment.",
            ),
        ),
        optional=(3,),
        swap=(0, 1),
        tags=("PostNL:", "[PostNL]", "Bericht van PostNL:", ""),
        greetings=FORMAL,
        short=(
            "Uw pakket wacht: {link}",
            "PostNL: nog {amount} te betalen {link}",
            "Pakket {track} wacht op betaling: {link}",
        ),
        amounts=FEES,
        domains=(
            "postnl-bezorging24",
            "postnl-pakketservice",
            "mijnpostnl-zending",
            "postnl-verzendkosten",
            "postnl-depot",
        ),
    ),
    "postnl-address": Campaign(
        lines=(
            (
                "We hebben vandaag geprobeerd uw pakket af te leveren, maar uw adres bleek"
                " onvolledig.",
                "Bezorging van uw PostNL-pakket is vandaag mislukt omdat het huisnummer ontbrak.",
                "Onze PostNL-bezorger kon uw pakket niet afleveren: de adresgegevens kloppen niet.",
            ),
            (
                "Bevestig uw adres via {link}",
                "Controleer en werk uw adres bij op {link}",
                "Vul het juiste adres in via {link}",
            ),
            (
                "Zonder bevestiging sturen we het pakket op {date} terug naar de afzender.",
                "Als we niets horen, gaat het pakket op {date} retour.",
                "Reageert u niet voor {date}, dan wordt de zending teruggestuurd.",
            ),
            (
                "Voor een tweede bezorgpoging rekenen we {amount}.",
                "Een nieuwe bezorgpoging kost {amount}.",
                "De herbezorging kost eenmalig {amount}.",
            ),
        ),
        optional=(3,),
        swap=(1, 2),
        tags=("PostNL:", "Bericht van PostNL:", ""),
        short=(
            "PostNL: adres onvolledig, bevestig via {link}",
            "Bezorging mislukt, werk adres bij: {link}",
        ),
        amounts=FEES,
        link="short",
    ),
    "belasting-refund": Campaign(
        lines=(
            (
                "Na herberekening van uw aangifte blijkt dat u recht heeft op een teruggave"
                " van {amount}.",
                "Volgens onze gegevens heeft u over 2024 {amount} te veel belasting betaald.",
                "U ontvangt nog een belastingteruggave van {amount}.",
            ),
            (
                "Om het bedrag te ontvangen moet u uw rekeningnummer bevestigen via {link}",
                "Vraag de uitbetaling aan via {link} en log in met DigiD.",
                "Bevestig uw gegevens op {link} zodat wij het bedrag kunnen overmaken.",
            ),
            (
                "Doe dit voor {date}, daarna vervalt de teruggave.",
                "Na {date} kunnen wij het bedrag niet meer uitbetalen.",
                "Let op: de aanvraag sluit op {date}.",
            ),
            (
                "Het bedrag wordt binnen 3 werkdagen op uw rekening gestort.",
                "Uitbetaling volgt binnen drie werkdagen.",
                "U ontvangt het geld doorgaans binnen enkele dagen.",
            ),
        ),
        optional=(3,),
        swap=(2, 3),
        tags=("Belastingdienst:", "[Belastingdienst]", ""),
        greetings=FORMAL,
        closings=("Met vriendelijke groet, Belastingdienst", "Belastingdienst", ""),
        short=("Belastingdienst: teruggave {amount} klaar, zie {link}",),
        amounts=(150.0, 980.0),
        domains=(
            "belastingdienst-teruggave",
            "mijnbelasting-online",
            "teruggave-belasting",
            "belastingdienst-uitbetaling",
        ),
        mail=True,
    ),
    "toeslagen-nabetaling": Campaign(
        lines=(
            (
                "Bij de definitieve berekening van uw {toeslag} over 2024 is gebleken dat u"
                " nog een nabetaling krijgt.",
                "Uit de jaarafrekening van uw {toeslag} blijkt dat er nog geld voor u klaarstaat.",
                "De herberekening van uw {toeslag} is afgerond: u krijgt geld terug.",
            ),
            (
                "Het gaat om een bedrag van {amount}.",
                "De nabetaling bedraagt {amount}.",
                "U ontvangt in totaal {amount}.",
            ),
            (
                "Controleer binnen 48 uur uw bankgegevens via {link}",
                "Log binnen 48 uur in via {link} om de betaling vrij te geven.",
                "Bevestig binnen twee dagen uw rekeningnummer op {link}",
            ),
            (
                "Uw dossiernummer is {code}.",
                "Vermeld bij vragen dossiernummer {code}.",
                "Kenmerk: {code}",
            ),
        ),
        optional=(3,),
        tags=("Dienst Toeslagen:", "Toeslagen:", ""),
        greetings=FORMAL,
        closings=("Met vriendelijke groet, Dienst Toeslagen", "Dienst Toeslagen", ""),
        amounts=(250.0, 1800.0),
        domains=("mijntoeslagen-portaal", "toeslagen-nabetaling", "dienst-toeslagen-nl"),
        link="fixed",
        mail=True,
    ),
    "cjib-fine": Campaign(
        lines=(
            (
                "Laatste herinnering: uw boete met beschikkingsnummer {cjib} staat nog open.",
                "Wij hebben de betaling van uw verkeersboete {cjib} nog niet ontvangen.",
                "Uw beschikking {cjib} is ondanks eerdere herinneringen niet betaald.",
            ),
            (
                "Het openstaande bedrag is {amount}.",
                "U dient nog {amount} te betalen.",
                "Het te betalen bedrag bedraagt {amount}.",
            ),
            (
                "Maak het bedrag voor {date} over naar {iban} t.n.v. CJIB Inning.",
                "Betaal uiterlijk {date} op rekening {iban} onder vermelding van {cjib}.",
                "Voldoe de boete voor {date} via {iban} (CJIB Incasso).",
            ),
            (
                "Bij niet tijdige betaling wordt het bedrag verhoogd en kan uw rijbewijs"
                " worden ingevorderd.",
                "Betaalt u niet op tijd, dan volgt een verhoging van 50%.",
                "Zonder betaling schakelen wij een deurwaarder in.",
            ),
        ),
        optional=(3,),
        swap=(0, 1),
        tags=("CJIB:", "[CJIB]", "Centraal Justitieel Incassobureau:", ""),
        greetings=FORMAL,
        amounts=(89.0, 420.0),
        link="none",
    ),
    "ing-pass": Campaign(
        lines=(
            (
                "Uw huidige ING-betaalpas voldoet niet meer aan de nieuwe Europese veiligheidseisen"
                " en moet worden vervangen.",
                "De chip van uw bankpas is verouderd, daarom ontvangt u een nieuwe pas.",
                "Uw betaalpas verloopt binnenkort en wordt vervangen.",
            ),
            (
                "Vraag uw nieuwe pas uiterlijk {date} kosteloos aan via {link}",
                "U kunt de vervangende pas tot {date} gratis aanvragen op {link}",
                "Bestel uw nieuwe pas voor {date} via {link}",
            ),
            (
                "Na deze datum wordt uw oude pas geblokkeerd.",
                "Als u niet op tijd reageert, wordt uw huidige pas buiten gebruik gesteld.",
                "Zonder aanvraag kunt u na deze datum niet meer pinnen.",
            ),
            (
                "Houd uw oude pas bij de hand om de aanvraag te bevestigen.",
                "U heeft hiervoor uw pasnummer en pincode nodig.",
                "Na de aanvraag haalt een koerier uw oude pas bij u op.",
            ),
        ),
        optional=(3,),
        greetings=FORMAL,
        closings=("Met vriendelijke groet, ING", "ING Klantenservice", "Team ING"),
        short=("ING: vraag uw nieuwe pas aan via {link}",),
        domains=("ing-pasvervanging", "mijning-betaalpas", "ing-nieuwepas", "ingpas-aanvragen"),
        mail=True,
    ),
    "ing-update": Campaign(
        lines=(
            (
                "Wij hebben ongebruikelijke inlogpogingen op uw ING-rekening gezien.",
                "Er is een ongebruikelijke betaling vanaf uw rekening geprobeerd.",
                "Ons systeem heeft verdachte activiteit op uw account gemeld.",
            ),
            (
                "Voor uw veiligheid moet u een verplichte beveiligingsupdate uitvoeren.",
                "Daarom is een beveiligingsupdate van uw account noodzakelijk.",
                "Om misbruik te voorkomen dient u uw beveiliging te vernieuwen.",
            ),
            (
                "Bel binnen 24 uur onze afdeling Fraudepreventie op {phone} en houd uw"
                " klantnummer {code} bij de hand.",
                "Neem binnen 24 uur contact op via {phone} met referentie {code}.",
                "Bel vandaag nog {phone} en noem meldingsnummer {code}.",
            ),
            (
                "Doet u dit niet, dan wordt uw rekening tijdelijk geblokkeerd.",
                "Zonder update wordt internetbankieren uitgeschakeld.",
                "Anders zetten wij uw rekening uit voorzorg op slot.",
            ),
        ),
        optional=(3,),
        swap=(0, 1),
        tags=("ING:", "ING Beveiliging:", ""),
        greetings=FORMAL,
        short=("ING: bel direct {phone} i.v.m. uw rekening",),
        link="none",
    ),
    "hoi-mam": Campaign(
        lines=(
            (
                "Hoi {parent}, mijn telefoon is kapot dus dit is mijn nieuwe nummer.",
                "Hoi {parent}, ik heb een nieuw nummer want mijn mobiel is in het water gevallen.",
                "Hallo {parent}, dit is mijn nieuwe nummer, de oude doet het niet meer.",
            ),
            (
                "Mijn nieuwe nummer is {phone}.",
                "Het nummer is {phone}.",
                "Je kunt me nu bereiken op {phone}.",
            ),
            (
                "Kun je het oude nummer verwijderen en deze opslaan?",
                "Wil je dit nummer opslaan en het oude wissen?",
                "Sla je deze op? Het oude nummer mag weg.",
            ),
            (
                "Ik moet vandaag nog een rekening van {amount} betalen maar kan nog niet"
                " inloggen met mijn nieuwe telefoon.",
                "Kun je me helpen met een rekening van {amount}? Mijn bankapp werkt nog niet.",
                "Ik heb een probleem, er moet vandaag {amount} worden betaald en mijn bank doet"
                " het niet.",
            ),
            (
                "Kun je het overmaken naar {iban} t.n.v. {holder}? Ik betaal je morgen terug.",
                "Het rekeningnummer is {iban} op naam van {holder}, morgen krijg je het terug.",
                "Maak je het over op {iban} ({holder})? Ik stort het snel terug x",
            ),
        ),
        optional=(1, 3, 4),
        short=(
            "Hoi mam dit is mijn nieuwe nummer",
            "Hoi pap, nieuw nummer van mij",
            "Hoi {parent}, sla dit nummer op x",
        ),
        amounts=(450.0, 1900.0),
        link="none",
        phones=2,
        mail=True,
    ),
    "digid-expiry": Campaign(
        lines=(
            (
                "Uw DigiD verloopt op {date}.",
                "Uw DigiD-account wordt op {date} gedeactiveerd.",
                "Let op: de geldigheid van uw DigiD eindigt op {date}.",
            ),
            (
                "Verleng uw DigiD via {link}",
                "Activeer uw DigiD opnieuw op {link}",
                "Verlenging is mogelijk via {link}",
            ),
            (
                "Zonder verlenging kunt u niet meer inloggen bij de Belastingdienst en uw"
                " zorgverzekeraar.",
                "Daarna heeft u geen toegang meer tot overheidsdiensten.",
                "Na die datum moet u een nieuwe DigiD aanvragen, dit duurt tot 6 weken.",
            ),
            (
                "Verlengen duurt maar 2 minuten.",
                "Het verlengen is gratis.",
                "Houd uw bankgegevens bij de hand ter verificatie.",
            ),
        ),
        optional=(2, 3),
        swap=(1, 2),
        tags=("DigiD:", "[DigiD]", "Bericht van DigiD:", ""),
        greetings=FORMAL,
        short=("DigiD verloopt {date}, verleng via {link}",),
        domains=("digid-verlengen", "mijndigid-verificatie", "digid-activatie", "digid-vernieuwen"),
    ),
    "marktplaats-shipping": Campaign(
        lines=(
            (
                "Hallo, is je {item} nog te koop?",
                "Hoi, ik heb interesse in je {item}.",
                "Goedendag, is de {item} nog beschikbaar?",
            ),
            (
                "Ik wil hem graag kopen voor {amount} maar ik kan niet langskomen.",
                "Ik betaal de vraagprijs van {amount}, maar ophalen lukt me niet.",
                "Ik neem hem voor {amount}, alleen woon ik te ver weg om te komen.",
            ),
            (
                "Ik heb de betaling via verzekerde verzending al klaargezet.",
                "Ik heb het geld al gereserveerd via de Marktplaats verzekerde verzending.",
                "De betaling staat al klaar via de verzekerde verzending van Marktplaats.",
            ),
            (
                "Vul je gegevens in via {link} om het geld te ontvangen.",
                "Via {link} kun je het bedrag direct ontvangen.",
                "Klik op {link} en bevestig je rekening om het geld te krijgen.",
            ),
        ),
        closings=("Groetjes, {buyer}", "Alvast bedankt! {buyer}", "Gr {buyer}"),
        short=("Geld staat klaar, bevestig via {link}",),
        amounts=(15.0, 350.0),
        domains=(
            "marktplaats-verzending",
            "mp-betaalverzoek",
            "marktplaats-kopersbescherming",
            "verzekerd-verzenden-mp",
            "mp-veiligbetalen",
        ),
        link="each",
    ),
    "kpn-bill": Campaign(
        lines=(
            (
                "Uw factuur van {amount} kon niet worden afgeschreven.",
                "De automatische incasso van uw factuur ({amount}) is mislukt.",
                "Wij hebben uw maandbedrag van {amount} niet kunnen incasseren.",
            ),
            (
                "Betaal binnen 3 dagen via {link} om afsluiting te voorkomen.",
                "Voorkom blokkering van uw abonnement en betaal binnen drie dagen via {link}",
                "Rond de betaling binnen 72 uur af via {link}, anders wordt uw internet"
                " afgesloten.",
            ),
            ("Factuurnummer: {code}", "Uw factuurnummer is {code}.", "Referentie: {code}"),
            (
                "Daarna rekenen wij €15 administratiekosten.",
                "Bij late betaling volgen extra incassokosten.",
                "Excuses voor het ongemak.",
            ),
        ),
        optional=(2, 3),
        greetings=FORMAL,
        closings=("Met vriendelijke groet, KPN", "KPN Klantenservice", ""),
        amounts=(34.0, 120.0),
        domains=("kpn-factuur", "mijnkpn-betalen", "kpn-klantbetaling"),
        mail=True,
    ),
    "bol-prize": Campaign(
        lines=(
            (
                "Gefeliciteerd! Je bent geselecteerd als winnaar van onze jubileumactie.",
                "Proficiat, jij bent een van de winnaars van de bol.com klantenactie!",
                "Goed nieuws: jouw nummer is uitgeloot in de bol.com verjaardagsloterij.",
            ),
            (
                "Claim je cadeaukaart van {prize} via {link}",
                "Haal je {prize} tegoedbon op via {link}",
                "Je waardebon van {prize} staat klaar op {link}",
            ),
            (
                "Je betaalt alleen {amount} verzendkosten.",
                "Alleen {amount} administratiekosten.",
                "Enkel {amount} voor verzending.",
            ),
            ("Actie geldig tot vanavond 23:59.", "Let op: de actie loopt vandaag af.", "Op = op!"),
        ),
        optional=(2, 3),
        tags=("bol.com:", "[bol]", ""),
        short=("bol.com: je hebt gewonnen! {link}",),
        amounts=FEES,
        link="short",
    ),
}

HOLDOUT: dict[str, Campaign] = {
    "postnl-fee": Campaign(
        lines=(
            (
                "Uw PostNL-zending {track} is gepauzeerd wegens een onbetaalde toeslag.",
                "Wij houden uw bestelling {track} vast tot de resterende portokosten zijn voldaan.",
                "Levering van uw bestelling {track} staat op pauze.",
            ),
            (
                "Resterend bedrag: {amount}.",
                "Openstaand: {amount} portokosten.",
                "Nog te voldoen: slechts {amount}.",
            ),
            (
                "Rond dit af op {link} en kies een nieuw bezorgmoment.",
                "Via {link} regelt u de betaling in een paar tellen.",
                "Klik op {link} om de levering te hervatten.",
            ),
            (
                "Zonder betaling binnen 2 dagen vernietigen wij de zending.",
                "Onbetaalde pakketten worden na 48 uur teruggestuurd.",
                "De zending blijft maximaal twee dagen bewaard.",
            ),
        ),
        optional=(3,),
        swap=(2, 3),
        tags=("PostNL", "PostNL -", ""),
        greetings=FORMAL,
        short=("Zending gepauzeerd, betaal {amount}: {link}", "PostNL-toeslag openstaand: {link}"),
        amounts=FEES,
        domains=(
            "postnl-levering",
            "pakket-postnl",
            "postnl-porto",
            "postnl-track-nl",
            "mijn-postnl-pakket",
        ),
    ),
    "postnl-address": Campaign(
        lines=(
            (
                "Uw pakket is op de retourroute gezet omdat de PostNL-bezorger uw woning niet"
                " kon vinden.",
                "De chauffeur kon uw straat niet vinden, uw pakket is terug naar het depot.",
                "Uw pakket is terug in ons PostNL-depot: het opgegeven adres is niet gevonden.",
            ),
            (
                "Geef uw juiste adres door via {link}",
                "Pas uw bezorgadres aan op {link}",
                "Corrigeer uw adres hier: {link}",
            ),
            (
                "U heeft hiervoor tot {date}.",
                "Dit kan tot en met {date}.",
                "Na {date} vervalt de zending.",
            ),
            (
                "Herbezorgen kost {amount}.",
                "Voor herbezorging betaalt u {amount}.",
                "Er geldt een tarief van {amount} voor de nieuwe rit.",
            ),
        ),
        optional=(2, 3),
        tags=("PostNL:", "PostNL info:", ""),
        short=("Pakket terug naar depot, adres aanpassen: {link}",),
        amounts=FEES,
        link="short",
    ),
    "belasting-refund": Campaign(
        lines=(
            (
                "Er staat een bedrag van {amount} voor u klaar na controle van uw"
                " inkomstenbelasting.",
                "Goed nieuws: uit uw definitieve aanslag volgt een uitbetaling van {amount}.",
                "De Belastingdienst heeft vastgesteld dat u {amount} terugkrijgt.",
            ),
            (
                "Geef uw IBAN door via {link}",
                "Ontvang het geld door in te loggen op {link}",
                "Regel de uitbetaling via ons portaal {link}",
            ),
            (
                "Deze mogelijkheid vervalt na {date}.",
                "Uw aanvraag moet voor {date} binnen zijn.",
                "Wacht niet te lang: de termijn eindigt op {date}.",
            ),
            (
                "U hoeft verder niets te doen.",
                "Het geld staat binnen vijf werkdagen op uw rekening.",
                "Bewaar dit bericht voor uw administratie.",
            ),
        ),
        optional=(3,),
        swap=(1, 2),
        tags=("Belastingdienst -", "Mijn Belastingdienst:", ""),
        greetings=FORMAL,
        closings=("Hoogachtend, de Belastingdienst", ""),
        short=("Teruggave {amount}: {link}",),
        amounts=(120.0, 890.0),
        domains=(
            "belastingdienst-portaal",
            "uitbetaling-belastingdienst",
            "mijnaanslag-nl",
            "fiscus-teruggave",
        ),
        mail=True,
    ),
    "toeslagen-nabetaling": Campaign(
        lines=(
            (
                "Dienst Toeslagen meldt dat uw {toeslag} opnieuw is vastgesteld.",
                "Er is een correctie doorgevoerd op uw {toeslag}.",
                "Uw {toeslag} van vorig jaar is herzien.",
            ),
            (
                "U ontvangt hierdoor eenmalig {amount} extra.",
                "Er wordt eenmalig {amount} bijgestort.",
                "Het verschil van {amount} wordt aan u uitbetaald.",
            ),
            (
                "Zet de betaling in gang via {link} voor {date}.",
                "Vraag vóór {date} de uitkering aan via {link}",
                "Meld u aan via {link}, uiterlijk {date}.",
            ),
            ("Noteer aanvraagcode {code}.", "Zaaknummer {code}.", "Uw aanvraagnummer: {code}."),
        ),
        optional=(3,),
        swap=(1, 2),
        greetings=FORMAL,
        closings=("Hoogachtend, Toeslagen", "Team Toeslagen", ""),
        amounts=(300.0, 1700.0),
        domains=("toeslagen-uitkering", "mijn-toeslag-herzien", "toeslagen-correctie"),
        link="fixed",
        mail=True,
    ),
    "cjib-fine": Campaign(
        lines=(
            (
                "Centraal Justitieel Incassobureau: u heeft een onbetaalde verkeersboete ({cjib}).",
                "Het CJIB heeft nog geen betaling ontvangen voor zaak {cjib}.",
                "Aanmaning CJIB, zaaknummer {cjib}.",
            ),
            (
                "Openstaand bedrag inclusief kosten: {amount}.",
                "Totaal te voldoen: {amount}.",
                "Wij verzoeken u {amount} te betalen.",
            ),
            (
                "Stort dit op rekeningnummer {iban} vóór {date}.",
                "Gebruik rekening {iban} en betaal voor {date}.",
                "Overmaken naar {iban} kan tot {date}.",
            ),
            (
                "Daarna wordt een deurwaarder ingeschakeld.",
                "Na deze datum verdubbelt het bedrag.",
                "Bij uitblijven van betaling volgt beslag.",
            ),
        ),
        optional=(3,),
        greetings=FORMAL,
        short=("CJIB aanmaning: betaal {amount} op {iban}",),
        amounts=(95.0, 390.0),
        link="none",
    ),
    "ing-pass": Campaign(
        lines=(
            (
                "Onze administratie toont dat uw ING-pas binnenkort niet meer werkt.",
                "Uw bankpas van ING is aan vervanging toe.",
                "ING vervangt de komende weken alle passen met een oude chip, ook die van u.",
            ),
            (
                "Via {link} bestelt u gratis een nieuwe, dit kan tot {date}.",
                "Een vervangende kaart vraagt u tot {date} aan via {link}",
                "Regel uw nieuwe pas vóór {date} op {link}",
            ),
            (
                "Reageert u niet, dan werkt uw pas daarna niet meer.",
                "Uw huidige pas wordt daarna gedeactiveerd.",
                "Oude passen worden daarna automatisch geblokkeerd.",
            ),
            (
                "Een medewerker komt uw oude pas ophalen.",
                "Knip uw oude pas niet door, wij halen hem op.",
                "Heeft u vragen, bel dan de ING Servicedesk.",
            ),
        ),
        optional=(3,),
        greetings=FORMAL,
        closings=("Hoogachtend, ING Bank", "ING Servicedesk", ""),
        short=("ING: nieuwe pas nodig, regel via {link}",),
        domains=("ing-passervice", "nieuwe-ingpas", "ing-pas-vernieuwen", "mijn-ing-kaart"),
        mail=True,
    ),
    "ing-update": Campaign(
        lines=(
            (
                "Er is vanaf een onbekend apparaat ingelogd op uw rekening.",
                "Er is een betaalopdracht klaargezet die wij niet vertrouwen.",
                "We hebben een poging tot overboeking vanuit het buitenland tegengehouden.",
            ),
            (
                "Wij moeten uw beveiliging handmatig bijwerken.",
                "Uw rekening heeft een extra veiligheidscontrole nodig.",
                "Een medewerker moet uw account opnieuw beveiligen.",
            ),
            (
                "Bel ons binnen een uur op {phone}, kenmerk {code}.",
                "Neem direct telefonisch contact op via {phone} (kenmerk {code}).",
                "Onze fraudeafdeling is bereikbaar op {phone}, vermeld {code}.",
            ),
            (
                "Tot die tijd zijn betalingen geblokkeerd.",
                "Zolang u niet belt, staat uw rekening bevroren.",
                "Betalingen zijn tijdelijk niet mogelijk.",
            ),
        ),
        optional=(1, 3),
        tags=("ING Veiligheidsdienst:", "ING -", ""),
        greetings=FORMAL,
        short=("ING: verdachte login, bel {phone}",),
        link="none",
    ),
    "hoi-mam": Campaign(
        lines=(
            (
                "Hee {parent}! Ik ben mijn telefoon kwijt, ik app je vanaf een ander nummer.",
                "Hallo {parent}, mijn oude telefoon is gestolen, dit is mijn tijdelijke nummer.",
                "Lieve {parent}, ik zit even met een leentelefoon, dit nummer is nu van mij.",
            ),
            (
                "Dit is 'm: {phone}",
                "Nummer: {phone}",
                "Bel niet naar m'n oude, maar naar {phone}.",
            ),
            (
                "Gooi je het oude nummer weg?",
                "Zet je me opnieuw in je contacten?",
                "Sla je dit nummer op onder mijn naam?",
            ),
            (
                "Kun je me uit de brand helpen? Ik moet vandaag {amount} betalen voor een"
                " rekening.",
                "Ik zit een beetje klem, er moet nog {amount} betaald worden.",
                "Zou jij {amount} kunnen voorschieten? Het is dringend.",
            ),
            (
                "Rekening {iban}, naam {holder}.",
                "Zet het op {iban} t.n.v. {holder}, dan betaal ik je vanavond terug.",
                "Het nummer is {iban} van {holder}, dank je!",
            ),
        ),
        optional=(1, 3, 4),
        short=("Mam, nieuw nummer, sla op", "Hee {parent}, ik heb nieuw nummer"),
        amounts=(380.0, 1650.0),
        link="none",
        phones=2,
        mail=True,
    ),
    "digid-expiry": Campaign(
        lines=(
            (
                "Uw DigiD wordt binnenkort ingetrokken.",
                "Uw inlogmiddel is niet meer actief vanaf {date}.",
                "Uw DigiD moet vóór {date} opnieuw bevestigd worden.",
            ),
            (
                "Ga naar {link} om dit te voorkomen.",
                "Bevestig uw identiteit via {link}",
                "Heractiveer eenvoudig via {link}",
            ),
            (
                "Zonder actieve DigiD kunt u uw toeslagen en pensioen niet meer inzien.",
                "U verliest anders de toegang tot MijnOverheid.",
                "Een nieuwe aanvraag duurt weken en kost extra.",
            ),
            (
                "Dit kost u slechts een minuut.",
                "Houd uw bankpas klaar voor de controle.",
                "Wij danken u voor uw medewerking.",
            ),
        ),
        optional=(2, 3),
        tags=("DigiD -", "Melding DigiD:", ""),
        greetings=("Beste burger,", *FORMAL),
        short=("DigiD ingetrokken? Bevestig via {link}",),
        domains=("digid-bevestigen", "digid-heractiveren", "mijn-digid-check", "digid-identiteit"),
    ),
    "marktplaats-shipping": Campaign(
        lines=(
            (
                "Goedemiddag, ik zag uw advertentie voor de {item}.",
                "Hey! Die {item} van je, is die er nog?",
                "Dag, ik wil uw {item} graag overnemen.",
            ),
            (
                "Ik bied {amount}, maar ik woon helaas ver weg.",
                "Voor {amount} koop ik hem, maar langskomen lukt niet.",
                "Ik geef de vraagprijs ({amount}), alleen zit ik ver weg.",
            ),
            (
                "Ik heb al betaald via Marktplaats Veilig Verzenden.",
                "Het bedrag staat al klaar bij de kopersbescherming.",
                "Ik heb het geld al overgemaakt via de betaalservice van Marktplaats.",
            ),
            (
                "Je hoeft alleen je bankgegevens te bevestigen op {link}",
                "Bevestig via {link} zodat het geld naar je rekening gaat.",
                "Via deze link ontvang je het: {link}",
            ),
        ),
        closings=("Mvg {buyer}", "Dankjewel, {buyer}", "{buyer}"),
        short=("Betaling klaar voor je {item}: {link}",),
        amounts=(20.0, 320.0),
        domains=(
            "mp-veilig-verzenden",
            "marktplaats-betaalservice",
            "kopersbescherming-mp",
            "marktplaats-ontvangen",
        ),
        link="each",
    ),
    "kpn-bill": Campaign(
        lines=(
            (
                "KPN: uw rekening van deze maand staat nog open ({amount}).",
                "Uw KPN-abonnement: de betaling van {amount} is mislukt.",
                "Wij missen nog een betaling van {amount} voor uw KPN-abonnement.",
            ),
            (
                "Betaal voor {date} via {link}",
                "Voldoe het bedrag uiterlijk {date} via {link}",
                "Regel dit uiterlijk {date} op {link}",
            ),
            (
                "Anders zetten we uw internet en tv op non-actief.",
                "Na deze datum wordt uw aansluiting beperkt.",
                "Daarna volgt afsluiting van uw diensten.",
            ),
            ("Klantnummer {code}.", "Uw klantnummer is {code}.", "Debiteurnummer {code}."),
        ),
        optional=(2, 3),
        swap=(2, 3),
        greetings=FORMAL,
        closings=("Groet, team KPN", ""),
        amounts=(29.0, 135.0),
        domains=("kpn-betaling", "kpn-rekening-online", "mijnkpn-factuur"),
        mail=True,
    ),
    "bol-prize": Campaign(
        lines=(
            (
                "Jij bent gekozen! bol.com geeft deze week 100 cadeaukaarten weg.",
                "bol.com bedankt trouwe klanten: jouw nummer heeft gewonnen.",
                "Yes! Jij hebt een bol.com cadeaukaart gewonnen.",
            ),
            (
                "Jouw prijs: een tegoed van {prize}. Ophalen via {link}",
                "Verzilver je {prize} op {link}",
                "Kies je cadeau ter waarde van {prize} op {link}",
            ),
            (
                "Alleen de verzending van {amount} is voor jouw rekening.",
                "Je betaalt eenmalig {amount} verwerkingskosten.",
                "Verzendkosten: {amount}.",
            ),
            ("Vandaag nog claimen!", "Nog 3 uur geldig.", "Beperkte voorraad."),
        ),
        optional=(2, 3),
        short=("Jouw bol.com prijs wacht: {link}",),
        amounts=FEES,
        link="short",
    ),
}

# Unrelated one-off messages (wave None), some on the same topics as a wave but not its text,
# some short, some genuine-looking. {shortlink} is a fresh shortened link; {phone}, {iban} and
# {holder} are fresh too.
ONE_OFFS_MAIN = (
    "DHL Express: uw zending uit het buitenland is tegengehouden door de douane. Betaal €2,95"
    " invoerrechten via dhl-douane-afhandeling.top/{code}",
    "Rabobank: uw Rabo Scanner wordt binnenkort vervangen. Registreer het nieuwe apparaat via"
    " rabo-scanner-vervangen.com",
    "ABN AMRO: vanaf {date} werkt de oude app niet meer. Download de nieuwe versie via"
    " abnamro-nieuweapp.info om te blijven bankieren.",
    "Microsoft: er is ingelogd op uw account vanuit Rusland. Was u dit niet? Beveilig uw account"
    " op microsoft-accountcheck.net",
    "Bedankt voor je bestelling bij SneakerOutletDeal! Maak {amount} over naar {iban} t.n.v."
    " {holder}, daarna verzenden wij je schoenen.",
    "Vattenfall: u heeft in 2024 te veel betaald voor energie. Uw terugbetaling van {amount}"
    " staat klaar, vraag deze aan via energie-terugbetaling.site",
    "Ziggo: we konden je laatste rekening niet afschrijven. Je tv-signaal wordt morgen"
    " uitgeschakeld tenzij je betaalt via ziggo-betaling.online",
    "ING: uw rekening is niet geverifieerd en wordt in quarantaine geplaatst. Verifieer uw"
    " gegevens via ing-verificatie-nl.com",
    "PostNL: er ligt een pakket uit China voor je klaar. Koop een Paysafecard van €100 voor de"
    " douane en stuur de code naar ons terug.",
    "Belastingdienst: u heeft een achterstand van {amount} (dossier {code}). Zonder betaling vóór"
    " {date} schakelen wij een gerechtsdeurwaarder in. Betaal via belasting-achterstand.com",
    "Hallo oma, met je kleinzoon. Ik sta bij de garage en mijn pas doet het niet. Kun je {amount}"
    " voor me overmaken? Ik leg het morgen uit.",
    "Je pakket van Zalando wordt morgen tussen 14:00 en 16:00 bezorgd. Volg je zending in de"
    " PostNL-app.",
    "Hallo! Wij zoeken mensen die vanuit huis willen werken, 1-2 uur per dag, €250 per dag."
    " Interesse? Stuur een WhatsApp naar {phone}",
    "Met maar €250 inleg verdiende ik vorige maand €4.000 met Bitcoin. Meld je aan via"
    " crypto-winst-nl.com, plekken zijn beperkt!",
    "Hoi, ik heb per ongeluk een zescijferige code naar jouw nummer gestuurd. Kun je die even"
    " doorsturen?",
    "Netflix: je abonnement is gepauzeerd omdat je betaling is geweigerd. Werk je betaalgegevens"
    " bij: netflix-betaling-nl.com",
    "Uw Apple ID is vergrendeld wegens ongebruikelijke activiteit. Ontgrendel binnen 24 uur via"
    " appleid-ontgrendelen.info",
    "Politie Nederland: uw bankrekening is gebruikt bij een witwasonderzoek. Bel vandaag nog"
    " rechercheur {last} op {phone}.",
    "Ik heb toegang tot je webcam en heb opnames van je gemaakt. Maak binnen 48 uur €900 in"
    " bitcoin over of ik stuur ze naar al je contacten.",
    "Albert Heijn viert feest: vul onze korte enquête in en ontvang een boodschappenbon van €100"
    " op ah-bonus-actie.shop",
    "Vinted: de koper heeft betaald. Bevestig je rekening om {amount} te ontvangen via"
    " vinted-uitbetaling.top/{code}",
    "Iemand heeft je een Tikkie gestuurd van €0,01 ter verificatie van je account:"
    " tikkie-verificatie.online/{code}",
    "NS: vanwege vertragingen heeft u recht op {amount} geld terug. Vraag uw compensatie aan op"
    " ns-geldterug.info",
    "Uw zorgverzekeraar heeft {amount} te veel eigen risico ingehouden. Ontvang het bedrag terug"
    " via zorg-terugbetaling.net",
    "SVB: uw AOW-gegevens moeten opnieuw gecontroleerd worden. Zonder controle stoppen wij de"
    " uitkering per {date}. Log in via svb-controle.com",
    "Uw reservering bij Booking.com wordt geannuleerd als u de kaartgegevens niet binnen 12 uur"
    " bevestigt: booking-bevestigen.site/{code}",
    "Je Facebook-pagina is gemeld wegens schending van auteursrecht. Maak binnen 24 uur bezwaar"
    " via meta-bezwaar-support.com",
    "Hi, is this Linda? We met at the conference last week, I hope you remember me.",
    "Je Google-opslag is vol. Je foto's worden verwijderd tenzij je upgradet via"
    " google-opslag-gratis.click",
    "Gemeente: u heeft een parkeerboete van €75 openstaan. Betaal via gemeente-parkeren.top om"
    " verhoging te voorkomen.",
    "Thuisbezorgd: je hebt 3 gratis maaltijden gewonnen! Activeer je tegoed via tb-gratis-eten.top",
    "Odido: uw simkaart wordt vandaag gedeactiveerd. Bevestig uw identiteit via"
    " odido-simcheck.info",
    "PayPal: er is een betaling van {amount} aan een onbekende ontvanger gedaan. Niet herkend?"
    " Annuleer via paypal-annuleren.com",
    "Eneco: uw voorschotbedrag wordt verlaagd. U ziet het nieuwe termijnbedrag in de app.",
    "Goedemiddag, u spreekt met de beveiligingsafdeling van uw bank. Wij zagen een verdachte"
    " betaling. Installeer AnyDesk zodat wij kunnen meekijken.",
    "Ik wil je fiets kopen maar wil eerst zeker weten dat je echt bent. Maak €0,01 over via deze"
    " link: betaal-verificatie.top/{code}",
    "Lieve schat, ik zit vast op het vliegveld in Istanbul en heb {amount} nodig voor mijn"
    " ticket. Ik hou van je.",
    "Postcode Loterij: uw postcode is in de prijzen gevallen! Claim uw prijs via"
    " postcode-prijs.online",
    "ING: Uw nieuwe betaalpas is vandaag verstuurd en ontvangt u binnen 5 werkdagen. U hoeft"
    " niets te doen.",
    "DPD: we konden je pakket niet bezorgen. Plan een nieuwe bezorging via"
    " dpd-herbezorging.xyz/{code}",
    "UWV: uw WW-uitkering wordt stopgezet omdat uw gegevens niet kloppen. Werk ze bij via"
    " uwv-gegevens.com",
    "KPN: u krijgt 50% korting op uw abonnement als u vandaag overstapt. Bel {phone} voor meer"
    " info.",
    "Mam, ik heb een ongeluk gehad met de auto van een vriend. Kun je me bellen op {phone}?",
    "DigiD: er is een inlogpoging gedaan vanuit Duitsland. Blokkeer uw account via"
    " digid-blokkeren.com",
    "Uw aangifte inkomstenbelasting is ontvangen. U ontvangt binnen 3 maanden een voorlopige"
    " aanslag.",
    "Rabobank: uw toegang tot de Rabo App is opgeschort. Bel ons op {phone} om het te herstellen.",
    "GLS: uw pakket staat op ons depot in Utrecht. Kies een afhaaltijd: gls-afhalen.top/{code}",
    "Microsoft Support: uw computer is besmet met een virus. Bel direct {phone} en zet uw computer"
    " niet uit.",
    "Uw Rabopas is geblokkeerd: {shortlink}",
    "Bel me even terug, is dringend",
    "Pakket onderweg, volg via {shortlink}",
    "Hoi, met wie spreek ik?",
    "Je verificatiecode is {pin}. Deel deze niet.",
    "ING: nieuwe login op uw account",
    "Gefeliciteerd, je hebt een iPhone gewonnen!",
    "Hoi pap, kun je me bellen?",
    "Uw pakket is onderweg",
)

ONE_OFFS_HOLDOUT = (
    "UPS: voor de levering van uw pakket moeten nog invoerkosten van €3,49 betaald worden:"
    " ups-invoer-nl.top/{code}",
    "SNS: wij hebben uw internetbankieren tijdelijk beperkt. Herstel de toegang op"
    " sns-herstel.online",
    "Triodos: koppel uw nieuwe telefoon via triodos-apparaat.com om door te kunnen bankieren.",
    "Outlook: uw mailbox is bijna vol en nieuwe e-mails worden geweigerd. Vergroot uw opslag"
    " gratis via outlook-opslag.net",
    "Uw bestelling bij Tuinmeubel-Paradijs is bevestigd. Betaal {amount} vooraf op {iban} t.n.v."
    " {holder}; levering binnen 2 weken.",
    "Essent: er is een creditnota van {amount} voor u aangemaakt. Laat het bedrag uitbetalen via"
    " essent-creditnota.site",
    "Ziggo: uw modem wordt op afstand uitgeschakeld wegens een betalingsachterstand. Los het op"
    " via ziggo-achterstand.com",
    "ING: we sturen u een gratis ING-kaartlezer. Bevestig uw bezorgadres via ing-kaartlezer.info",
    "PostNL: door drukte is uw brievenbuspakje vertraagd. Geen actie nodig, wij bezorgen het zo"
    " snel mogelijk.",
    "Belastingdienst: uw motorrijtuigenbelasting is niet betaald. Betaal {amount} voor {date} via"
    " mrb-betalen.com om een naheffing te voorkomen.",
    "Opa, met mij. Ik ben mijn portemonnee kwijt in Spanje, kun je {amount} sturen via Western"
    " Union?",
    "DHL: je pakket is afgeleverd bij de buren op nummer 12.",
    "Vacature: online reviews schrijven vanuit huis, €30 per review. Reageer via WhatsApp op"
    " {phone}",
    "Beleg nu in het nieuwe Nederlandse AI-fonds en verdubbel je inleg binnen een maand. Info:"
    " ai-fonds-beleggen.com",
    "Hallo, ik heb je nummer gekregen van een vriend. Ben jij de verhuurder van het appartement?",
    "Disney+: we konden je maandbedrag niet innen. Je account wordt vandaag gesloten:"
    " disneyplus-betalen.top",
    "iCloud: uw foto's worden binnen 24 uur gewist. Bevestig uw account op icloud-herstel.net",
    "Europol: er is een strafzaak tegen u geopend. Neem binnen 24 uur contact op via {phone} om"
    " arrestatie te voorkomen.",
    "Ik weet wat je online doet. Betaal €750 aan dit bitcoinadres, anders deel ik alles.",
    "Jumbo trakteert: een jaar gratis boodschappen voor wie drie vragen beantwoordt:"
    " jumbo-jubileum.shop",
    "Vinted: je artikel is verkocht! Log in via vinted-verkoper.click om je uitbetaling van"
    " {amount} te regelen.",
    "Je hebt een betaalverzoek ontvangen van {first} voor 'etentje': tikkie-betaal.top/{code}",
    "Arriva: wegens een storing krijgt u uw reiskosten van {amount} terug. Vul uw gegevens in op"
    " arriva-terugbetaling.info",
    "CZ: uw declaratie is afgewezen. Dien opnieuw in via cz-declaratie.online om {amount} te"
    " ontvangen.",
    "UWV: u heeft recht op een extra toelage van {amount}. Meld u aan via uwv-toelage.site vóór"
    " {date}.",
    "Airbnb: de host heeft uw boeking geannuleerd. Bevestig uw terugbetaling via"
    " airbnb-refund-nl.com",
    "LinkedIn: iemand heeft uw profiel 37 keer bekeken. Log in om te zien wie:"
    " linkedin-views.click",
    "Hello, sorry for bothering you, is this the number of Mr. {last}?",
    "WhatsApp: installeer nu WhatsApp Gold voor extra functies via wa-gold.top",
    "Gemeente: uw paspoort verloopt binnenkort. Maak een afspraak via gemeente-afspraak.online en"
    " betaal €5 reserveringskosten.",
    "Uber Eats: je hebt €50 tegoed gekregen. Activeer binnen 2 uur: ubereats-tegoed.shop",
    "Lebara: uw beltegoed is bijna op. Waardeer op met 20% bonus via lebara-opwaarderen.top",
    "Klarna: je betaling van {amount} is te laat. Betaal nu om incassokosten te voorkomen:"
    " klarna-betalen.online",
    "Eneco: uw energierekening wordt verhoogd. Bekijk uw nieuwe tarief in Mijn Eneco.",
    "Met de fraudeafdeling van uw bank: uw spaargeld is niet veilig. Wij zetten het over naar"
    " een kluisrekening, {iban}.",
    "Marktplaats: je advertentie is gemeld en wordt verwijderd. Bevestig je account via"
    " mp-account-herstel.com",
    "Hey lieverd, ik ben soldaat in het buitenland en wil mijn verlof betalen. Kun je {amount}"
    " sturen?",
    "Staatsloterij: u heeft een gratis lot gewonnen. Verzilver binnen 24 uur via"
    " staatslot-gratis.online",
    "ABN AMRO: uw identificatie is verlopen. Upload een foto van uw paspoort via"
    " abn-identificatie.info",
    "DigiD: uw sms-controle is uitgeschakeld. Zet deze weer aan via digid-smscheck.top",
    "KPN: je hebt 10GB extra data gekregen. Activeer via kpn-extra-data.click",
    "bol.com: je retour is verwerkt. Het bedrag staat binnen 3 dagen op je rekening.",
    "DHL: uw zending kan niet worden afgeleverd wegens een onvolledige douaneverklaring. Vul deze"
    " aan: dhl-verklaring.xyz/{code}",
    "Rabobank: u heeft een nieuw bericht in uw Rabo Inbox. Lees het via rabo-inbox-bericht.com",
    "Windows Defender: 3 bedreigingen gevonden op uw pc. Bel de Microsoft-helpdesk op {phone}.",
    "ING: uw overschrijving van {amount} is uitgevoerd.",
    "Waterschap: uw aanslag is te hoog vastgesteld, u krijgt {amount} terug via"
    " waterschap-retour.site",
    "Uw ING-app is geblokkeerd: {shortlink}",
    "Bel mij terug aub",
    "Pakketje voor je, kijk: {shortlink}",
    "Met wie heb ik het genoegen?",
    "Je inlogcode is {pin}",
    "Pap, kun je even appen?",
    "Proficiat! Je hebt een tegoedbon gewonnen",
    "Je bestelling is verzonden",
    "Hoi mam, alles goed daar?",
)

# The resident's own words around a pasted message; {own_phone} is the resident's own number.
OWN_BEFORE = (
    "Ik kreeg dit net binnen:",
    "Kreeg vanochtend deze sms:",
    "Is dit echt?",
    "Mijn moeder kreeg dit bericht, klopt het?",
    "Hallo, wat moet ik hiermee?",
    "Ik vertrouw dit niet:",
    "Dit kwam net binnen op mijn telefoon",
    "Goedemiddag, ik heb een vraag over dit bericht.",
    "hoi, is dit oplichting?",
    "Deze mail zat in mijn inbox:",
)
OWN_AFTER = (
    "is dit echt?",
    "Klopt dit?",
    "Ik heb niks besteld.",
    "Moet ik dit betalen?",
    "Ik heb al op de link geklikt, wat nu?",
    "mijn nummer is {own_phone}",
    "bel me op {own_phone}",
    "U kunt mij terugbellen op {own_phone}.",
    "Graag advies. Mijn nummer is {own_phone}",
    "wat moet ik doen?",
    "Ik heb nog niks ingevuld.",
    "bereikbaar op {own_phone}, na 17 uur",
)

# Word-level rewordings the generator applies now and then (whole words only).
SYNONYMS = {
    "direct": ("meteen", "onmiddellijk"),
    "uiterlijk": ("ten laatste",),
    "binnen 24 uur": ("binnen 24u", "binnen een dag"),
    "geblokkeerd": ("afgesloten", "stopgezet"),
    "bedrag": ("saldo",),
    "gegevens": ("informatie",),
    "klaar": ("gereed",),
}

FIRST_NAMES = (
    "Sanne", "Daan", "Emma", "Lucas", "Fleur", "Jesse", "Lotte", "Milan", "Sophie", "Thijs",
    "Anouk", "Bram", "Noor", "Ruben", "Iris", "Sem", "Fatima", "Mohamed", "Yara", "Kevin",
    "Ingrid", "Henk", "Marja", "Kees", "Priya", "Dewi", "Joost", "Esra", "Wim", "Lieke",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
    "van der Meer", "Kok", "Jacobs", "Vermeulen", "Yilmaz", "El Amrani", "Nguyen", "Kaya",
)  # fmt: skip
ITEMS = (
    "fiets", "kinderwagen", "eettafel", "PlayStation 5", "bank", "lamp", "racefiets",
    "wasmachine", "babyfoon", "gitaar", "tuinset", "iPhone 13", "boekenkast", "koffiemachine",
)  # fmt: skip
PARENTS = ("mam", "pap", "mama", "papa", "ma")
PRIZES = ("€500", "€250", "€1000", "€750")
TOESLAGEN = ("zorgtoeslag", "huurtoeslag", "kinderopvangtoeslag")
BANKS = ("INGB", "RABO", "ABNA", "BUNQ", "KNAB", "TRIO", "SNSB", "ASNB", "RBRB")
SHORTENERS = ("bit.ly", "tinyurl.com", "t.ly", "is.gd", "rb.gy", "cutt.ly")
TLDS = (".top", ".xyz", ".info", ".online", ".shop", ".site", ".click", ".com", ".net")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
