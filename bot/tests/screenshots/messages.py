"""Dutch scam messages for the screenshot corpus, written for it after the patterns the
Fraudehelpdesk, the police, banks and news sites describe (none is a copy of a real one).

They keep what makes the real ones recognisable: a fake bank's formal 'u', pressure
('binnen 24 uur', 'direct', 'geblokkeerd'), requests for codes, a look-alike link, an
IBAN or a phone number; the 'hoi mam' ones are informal with typos. Every link points at
an invented look-alike domain, never an organisation's own. The IBANs have a valid
checksum (made once with schwifty's `IBAN.generate`) and are printed in groups of four,
as people write them; `ibans` holds them compact. `phones` holds numbers as written."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScamMessage:
    key: str
    kind: str  # the app it arrives in: 'sms', 'whatsapp', 'email' or 'web'
    sender: str  # number, sender name, 'Name <address>' (e-mail) or the page's brand (web)
    text: str  # what the bubble, e-mail body or page says; '\n' starts a new paragraph
    domains: tuple[str, ...] = ()  # registered domains of the links in `text`
    ibans: tuple[str, ...] = ()  # compact, e.g. 'NL08INGB0006843129'
    phones: tuple[str, ...] = ()  # exactly as they appear in `text`


def _m(key: str, kind: str, sender: str, text: str, **details: tuple[str, ...]) -> ScamMessage:
    return ScamMessage(key, kind, sender, text, **details)


# fmt: off
MESSAGES: tuple[ScamMessage, ...] = (
    # --- bank phishing (formal 'u') ---------------------------------------------------------
    _m("ing-pas", "sms", "ING",
       "ING: Uw betaalpas verloopt binnenkort. Vraag vandaag nog kosteloos een nieuwe pas "
       "aan via https://ing-pasvernieuwen.com/aanvraag om blokkering van uw rekening te "
       "voorkomen.",
       domains=("ing-pasvernieuwen.com",)),
    _m("rabo-scanner", "sms", "Rabobank",
       "Rabobank: Uw Rabo Scanner is verouderd en wordt binnen 24 uur buiten gebruik "
       "gesteld. Activeer direct de nieuwe versie op www.rabo-scannerupdate.nl en voorkom "
       "dat uw betalingen worden geweigerd.",
       domains=("rabo-scannerupdate.nl",)),
    _m("abn-identificatie", "sms", "+31 6 47 21 98 03",
       "ABN AMRO: Wij hebben uw identificatie nog niet ontvangen. Zonder controle wordt uw "
       "rekening morgen om 12:00 geblokkeerd. Rond de verificatie af op "
       "abnamro-klantcontrole.com/id",
       domains=("abnamro-klantcontrole.com",)),
    _m("sns-apparaat", "sms", "SNS",
       "SNS: Er is zojuist ingelogd op een nieuw apparaat (Samsung A54, Rotterdam). Was u "
       "dit niet? Annuleer de koppeling direct via https://sns-apparaatbeheer.net/stop",
       domains=("sns-apparaatbeheer.net",)),
    _m("asn-voorwaarden", "email", "ASN Bank <klantenservice@asn-berichtenbox.com>",
       "Geachte klant,\nPer 1 juni gelden er nieuwe voorwaarden voor Internetbankieren. "
       "Wij hebben uw akkoord hierop nog niet ontvangen. Accepteer de voorwaarden uiterlijk "
       "vandaag via asn-voorwaarden.info/akkoord. Zonder akkoord wordt uw toegang tot "
       "Internetbankieren beperkt en kunt u geen betalingen meer doen.\nMet vriendelijke "
       "groet,\nASN Bank Klantenservice",
       domains=("asn-voorwaarden.info",)),
    _m("ing-web-identiteit", "web", "ING",
       "Vanwege nieuwe Europese regelgeving moet u uw identiteit opnieuw bevestigen. Vul "
       "hieronder uw rekeningnummer, pasnummer en de vervaldatum van uw pas in. U ontvangt "
       "daarna een sms-code die u direct in dit scherm invoert. Beveiligde omgeving: "
       "ing-identiteitscheck.com",
       domains=("ing-identiteitscheck.com",)),
    # --- parcel delivery fee ------------------------------------------------------------------
    _m("postnl-kosten", "sms", "+44 7418 302955",
       "PostNL: Uw pakket 3SKQP7839201 kan niet worden bezorgd wegens openstaande "
       "verzendkosten van €1,95. Betaal binnen 48 uur via "
       "https://postnl-bezorgkosten.info/3SKQP om retour te voorkomen.",
       domains=("postnl-bezorgkosten.info",)),
    _m("dhl-adres", "sms", "DHL",
       "DHL: wij hebben vandaag geprobeerd uw zending te bezorgen, maar het adres is "
       "onvolledig. Werk uw gegevens bij op www.dhl-adrescontrole.com/nl en kies een nieuw "
       "bezorgmoment.",
       domains=("dhl-adrescontrole.com",)),
    _m("dpd-invoer", "sms", "+31 6 83 05 46 12",
       "DPD: Voor uw zending uit het buitenland zijn invoerrechten van € 2,49 verschuldigd. "
       "Zonder betaling wordt het pakket na 2 dagen vernietigd. dpd-invoerrechten.nl/betalen",
       domains=("dpd-invoerrechten.nl",)),
    _m("postnl-web", "web", "PostNL",
       "Uw pakket 3SXQ4418207 ligt klaar in ons sorteercentrum. Betaal de resterende "
       "verzendkosten van € 1,99 met iDEAL om de bezorging voor morgen in te plannen. Na "
       "48 uur wordt de zending teruggestuurd naar de afzender. U betaalt veilig via "
       "postnl-zendingvolgen.info",
       domains=("postnl-zendingvolgen.info",)),
    _m("dhl-web-douane", "web", "DHL Express",
       "Uw zending is door de douane tegengehouden. Voor de inklaring is nog € 3,20 aan "
       "heffingen verschuldigd. Rond de betaling binnen 24 uur af, anders gaat het pakket "
       "terug naar het land van herkomst. Vragen? Mail naar "
       "inklaring@dhl-douanezaken.com",
       domains=("dhl-douanezaken.com",)),
    # --- Belastingdienst, Toeslagen, CJIB, DigiD ------------------------------------------
    _m("belasting-teruggave", "sms", "Belastingdienst",
       "Belastingdienst: U heeft recht op een teruggave van € 412,85 over het belastingjaar "
       "2024. Vraag het bedrag binnen 3 dagen aan op "
       "https://belastingdienst-teruggaaf.com/aanvraag met uw DigiD.",
       domains=("belastingdienst-teruggaaf.com",)),
    _m("toeslagen-terug", "email", "Dienst Toeslagen <noreply@toeslagen-invordering.nl>",
       "Geachte heer/mevrouw,\nUit onze controle blijkt dat u over 2023 te veel zorgtoeslag "
       "heeft ontvangen. U dient het bedrag van € 238,00 binnen 5 werkdagen terug te "
       "betalen op rekening NL29 RABO 0317 2458 90 t.n.v. Toeslagen Invordering, onder "
       "vermelding van kenmerk ZT-88214. Betaalt u niet op tijd, dan wordt het bedrag "
       "verhoogd met invorderingskosten.\nMet vriendelijke groet,\nDienst Toeslagen",
       ibans=("NL29RABO0317245890",)),
    _m("cjib-sms", "sms", "CJIB",
       "CJIB: Laatste aanmaning. Uw verkeersboete van € 129,00 is nog altijd niet voldaan. "
       "Betaal vandaag via www.cjib-boeteloket.nl/betalen, anders schakelen wij een "
       "deurwaarder in en volgt beslag op uw loon.",
       domains=("cjib-boeteloket.nl",)),
    _m("cjib-mail", "email", "CJIB Inning <aanmaning@cjib-digitaalloket.eu>",
       "Geachte bestuurder,\nOp 3 maart bent u met uw voertuig geflitst op de A12 bij "
       "Woerden. Ondanks twee herinneringen is de boete van € 219,00 nog niet betaald. "
       "Maak het bedrag binnen 3 dagen over naar NL47 ABNA 0562 9381 47 t.n.v. CJIB "
       "Inning. Na deze termijn wordt uw rekening geblokkeerd. Voor vragen belt u "
       "058-204 71 39.",
       ibans=("NL47ABNA0562938147",), phones=("058-204 71 39",)),
    _m("cjib-whatsapp", "whatsapp", "CJIB Klantenservice",
       "Beste meneer/mevrouw, u heeft een openstaande verkeersboete van €356,20. betaal "
       "deze vandaag nog via cjib-betaalportaal.com/boete om extra kosten te voorkomen. "
       "vriendelijk groet, CJIB",
       domains=("cjib-betaalportaal.com",)),
    _m("digid-verloopt", "sms", "DigiD",
       "DigiD: Uw DigiD verloopt op 14-06. Verleng uw account kosteloos via "
       "https://digid-verlengen.net/mijn om toegang tot de Belastingdienst en uw "
       "zorgverzekeraar te behouden.",
       domains=("digid-verlengen.net",)),
    _m("digid-app", "email", "DigiD <info@mijn-digid-activatie.com>",
       "Beste gebruiker,\nVanaf 1 juli is inloggen met alleen gebruikersnaam en wachtwoord "
       "niet meer mogelijk. Zet vandaag nog de extra sms-controle aan via "
       "www.mijn-digid-activatie.com/zetaan en bevestig dit met uw bank. Doet u dit niet, "
       "dan wordt uw DigiD binnen 48 uur gedeactiveerd.\nTeam DigiD",
       domains=("mijn-digid-activatie.com",)),
    _m("belasting-web", "web", "Belastingdienst",
       "Teruggave inkomstenbelasting 2024: u ontvangt € 512,60. Kies hieronder uw bank en "
       "log in om het bedrag binnen 2 werkdagen op uw rekening te ontvangen. Deze "
       "aanvraag vervalt op 31 mei. belasting-teruggave2024.com",
       domains=("belasting-teruggave2024.com",)),
    _m("belasting-bel", "sms", "+31 85 303 17 94",
       "Belastingdienst: Er staat een naheffing van € 1.128,00 op uw naam. Bel vandaag nog "
       "085-303 17 94 om beslag op uw inboedel te voorkomen.",
       phones=("085-303 17 94",)),
    # --- 'hoi mam / pap' (WhatsApp, informal, typos) --------------------------------------
    _m("hoi-mam", "whatsapp", "+31 6 28 41 77 06",
       "Hoi mam dit is mn nieuwe nummer, mijn telefoon is kapot gegaan. Kan je me ff "
       "helpen? ik moet vandaag nog een rekening betalen maar mijn bank app werkt nog niet "
       "op deze telefoon. Wil je €985 overmaken naar NL08 INGB 0006 8431 29 tnv R de Vries? "
       "morgen krijg je het terug ❤",
       ibans=("NL08INGB0006843129",)),
    _m("hoi-pap", "whatsapp", "+31 6 51 09 33 82",
       "Hee pap, mn telefoon is stuk dus ik app je even vanaf dit nummer, sla je hem op? Ik "
       "zit beetje in de problemen, moet voor 16u een factuur betalen van 1245,50 en mn pas "
       "is geblokkeerd. Kan jij het voorschieten? NL07 BUNQ 2045 7183 96 tnv J. Bakker. Ik "
       "betaal je vanavond terug echt waar ☺",
       ibans=("NL07BUNQ2045718396",)),
    _m("hoi-oma", "whatsapp", "+31 6 19 72 54 40",
       "Hoi oma met Lisa! Ik heb een nieuw nummer want de oude deed raar. Wil je mij helpen "
       "met iets? Ik heb een nieuwe laptop voor school besteld maar mijn rekening zit "
       "tijdelijk vast. Het is €649 naar NL58 ASNB 0708 3152 64 op naam van L. Visser, dan "
       "betaal ik je volgende week terug. Niet aan mama zeggen he, het is een verassing ☺",
       ibans=("NL58ASNB0708315264",)),
    _m("hoi-mam-tikkie", "whatsapp", "+31 6 40 86 15 27",
       "hoi mam, nieuw nummer! kun je deze opslaan. ik sta bij de kassa en mijn pas doet "
       "het niet. wil je dit betaalverzoek even betalen van 74,30? "
       "tlkkie-betaalverzoek.nl/p/8Kd2Qx thanks je bent top",
       domains=("tlkkie-betaalverzoek.nl",)),
    _m("hoi-pap-kort", "whatsapp", "+31 6 37 20 91 68",
       "Hoi pap ben je er? dit is mijn nieuwe nummer, de oude mag je verwijderen. Kan je "
       "even appen als je tijd hebt, ik heb je hulp nodig met iets dringends",),
    # --- Marktplaats / Vinted ----------------------------------------------------------------
    _m("marktplaats-koerier", "whatsapp", "+31 6 84 12 70 59",
       "Hallo, ik heb interesse in uw fiets op Marktplaats. Ik woon ver weg dus ik laat hem "
       "ophalen door een koerier. Ik heb al betaald via Marktplaats Gelijk Oversteken, u "
       "kunt het geld ontvangen via deze link: https://marktplaats-veiligbetalen.com/ontvang/48213 "
       "Vul uw bankgegevens in, dan staat het bedrag direct op uw rekening.",
       domains=("marktplaats-veiligbetalen.com",)),
    _m("marktplaats-cent", "whatsapp", "+31 6 29 50 84 13",
       "Goedemiddag, is de kinderwagen nog beschikbaar? Voordat ik betaal wil ik zeker weten "
       "dat u echt bestaat, ik ben al eens opgelicht. Kunt u 1 cent overmaken via "
       "www.tikkie-verificatie.nl/betaal ? Daarna maak ik meteen de 180 euro over.",
       domains=("tikkie-verificatie.nl",)),
    _m("vinted-qr", "whatsapp", "+32 470 28 61 93",
       "Hoi! Ik heb je jas gekocht via Vinted. Om het geld te ontvangen moet je de QR-code "
       "scannen die Vinted naar je mail heeft gestuurd, of ga direct naar "
       "vinted-uitbetaling.eu/claim/7731 en bevestig je kaartgegevens.",
       domains=("vinted-uitbetaling.eu",)),
    _m("vinted-mail", "email", "Vinted <no-reply@vinted-verkoperscheck.com>",
       "Hallo,\nJe artikel 'Zwarte winterjas maat M' is verkocht! De koper heeft al "
       "betaald. Om de uitbetaling van € 45,00 te ontvangen moet je binnen 12 uur je account "
       "verifiëren via https://vinted-verkoperscheck.com/uitbetaling/55120. Daarna wordt "
       "het bedrag direct op je rekening gestort.\nHet Vinted-team",
       domains=("vinted-verkoperscheck.com",)),
    _m("tikkie-web", "web", "Tikkie",
       "Sanne vraagt € 0,01 voor 'Verificatie verkoper Marktplaats'. Kies je bank om het "
       "betaalverzoek te voldoen. Dit verzoek verloopt over 15 minuten. tlkkie-betalen.com",
       domains=("tlkkie-betalen.com",)),
    # --- invoice fraud to a small business --------------------------------------------------
    _m("factuur-iban", "email", "Van Dijk Bouw <administratie@vandijkbouw-facturen.nl>",
       "Beste heer Jansen,\nHierbij laten wij u weten dat ons rekeningnummer per direct is "
       "gewijzigd in verband met een overstap naar een andere bank. Wilt u de openstaande "
       "factuur 2024-118 van € 4.830,00 overmaken naar NL37 TRIO 0391 8472 65 t.n.v. Van Dijk "
       "Bouw en Onderhoud? Het oude nummer is niet meer in gebruik. Graag vandaag nog, onze "
       "boekhouding sluit het kwartaal af.\nMet vriendelijke groet,\nMarieke van Dijk",
       ibans=("NL37TRIO0391847265",)),
    _m("factuur-directeur", "email", "Mark de Boer <m.deboer@deboer-groep.co>",
       "Hoi Sandra,\nIk zit de hele dag in een bespreking en ben slecht bereikbaar. Kun jij "
       "vandaag nog een spoedbetaling van € 12.450 doen aan onze nieuwe leverancier? "
       "NL08 KNAB 0255 3817 49 t.n.v. Delta Trading BV, omschrijving 'voorschot Q3'. "
       "Bespreek het met niemand, het is vertrouwelijk. Laat even weten als het gedaan is.\n"
       "Groet, Mark",
       ibans=("NL08KNAB0255381749",)),
    _m("factuur-link", "email", "Facturatie <factuur@docs-factuurportaal.com>",
       "Geachte klant,\nUw factuur F-20931 van € 1.176,45 staat voor u klaar. U kunt deze "
       "inzien en betalen via https://docs-factuurportaal.com/inzien/F-20931. Betaal binnen "
       "7 dagen om extra incassokosten te voorkomen.\nMet vriendelijke groet,\nAfdeling "
       "Debiteuren",
       domains=("docs-factuurportaal.com",)),
    _m("kvk-inschrijving", "email", "KvK Handelsregister <registratie@kvk-handelsregister.info>",
       "Geachte ondernemer,\nUw inschrijving in het Handelsregister is niet meer actueel. "
       "Volgens de wet moet u uw gegevens binnen 14 dagen bijwerken, anders riskeert u een "
       "boete van € 870. Werk uw gegevens bij op www.kvk-handelsregister.info/bijwerken en "
       "betaal de verwerkingskosten van € 19,95.\nKamer van Koophandel",
       domains=("kvk-handelsregister.info",)),
    # --- bank helpdesk, 'veilige rekening', codes ------------------------------------------
    _m("helpdesk-sms", "sms", "ING",
       "ING Fraudeafdeling: Er is een verdachte overboeking van € 1.249,00 naar Litouwen "
       "klaargezet. Niet herkend? Bel ons direct op 020-808 41 67 zodat wij de betaling "
       "kunnen tegenhouden.",
       phones=("020-808 41 67",)),
    _m("veilige-rekening", "whatsapp", "+31 6 12 84 39 57",
       "Goedemiddag, u spreekt met Daan van de afdeling Veiligheid van de Rabobank, zojuist "
       "hadden wij telefonisch contact. Zoals besproken is uw rekening gehackt. Maak uw "
       "saldo zo snel mogelijk over naar de tijdelijke veilige rekening NL35 RBRB 0948 2671 35 "
       "t.n.v. Rabobank Kluisrekening. Na het onderzoek zetten wij alles binnen 48 uur terug. "
       "Deel deze gegevens met niemand, ook niet met familie.",
       ibans=("NL35RBRB0948267135",)),
    _m("helpdesk-code", "sms", "Rabobank",
       "Rabobank: Uw verificatiecode is 482913. Onze medewerker vraagt u zo om deze code "
       "voor te lezen ter bevestiging. Heeft u dit niet aangevraagd? Bel direct "
       "085 888 13 40.",
       phones=("085 888 13 40",)),
    _m("helpdesk-pas", "sms", "ABN AMRO",
       "ABN AMRO: Uit veiligheidsoverwegingen wordt uw bankpas vandaag vervangen. Een "
       "koerier haalt uw oude pas en pincode tussen 15:00 en 17:00 bij u op. Vragen? Bel "
       "010-742 19 85.",
       phones=("010-742 19 85",)),
    _m("microsoft-web", "web", "Windows Defender",
       "Uw computer is geblokkeerd vanwege verdachte activiteit. Uw wachtwoorden en "
       "bankgegevens lopen gevaar. Sluit deze pagina niet en zet uw computer niet uit. Bel "
       "direct de Microsoft-ondersteuning op 020-369 58 14 om de blokkade op te heffen.",
       phones=("020-369 58 14",)),
    # --- investment / crypto -------------------------------------------------------------------
    _m("crypto-groep", "whatsapp", "Koersclub VIP",
       "Welkom in de VIP-groep van Koersclub! Vorige week maakten onze leden gemiddeld 32% "
       "winst met onze Bitcoin-signalen. Start vandaag met slechts € 250 via "
       "https://koersclub-invest.com/start en laat onze analist de rest doen. Plekken zijn "
       "beperkt tot vrijdag.",
       domains=("koersclub-invest.com",)),
    _m("crypto-uitbetaling", "email", "Accountbeheer <support@nordic-coinvest.com>",
       "Beste belegger,\nUw tegoed van € 18.640,22 staat klaar voor uitbetaling. Om de "
       "transactie vrij te geven moet u eerst 10% vermogensheffing voldoen op "
       "NL96 BUNQ 2093 8461 57 t.n.v. NC Settlement. Zodra wij de betaling hebben ontvangen, "
       "wordt het volledige bedrag binnen 24 uur overgemaakt. Neem voor vragen contact op "
       "met uw accountmanager via +31 20 369 04 15.",
       ibans=("NL96BUNQ2093846157",), phones=("+31 20 369 04 15",)),
    _m("crypto-sms", "sms", "+31 6 58 33 07 21",
       "Gefeliciteerd, uw Bitcoin-wallet heeft € 3.412 rendement opgebouwd. Log in op "
       "btc-rendementportaal.net om het bedrag voor 23:59 uit te laten betalen.",
       domains=("btc-rendementportaal.net",)),
    _m("crypto-web", "web", "NordicCoinvest",
       "Uw saldo: € 9.870,45. Opnemen is pas mogelijk na betaling van de verificatiekosten "
       "van € 495. Maak dit bedrag over naar NL36 RABO 0184 7362 95 t.n.v. NC Verificatie. "
       "Uw persoonlijke adviseur helpt u graag via www.nordic-coinvest.com/adviseur",
       domains=("nordic-coinvest.com",), ibans=("NL36RABO0184736295",)),
    # --- energy supplier refund --------------------------------------------------------------
    _m("energie-teruggave", "email", "Eneco Klantenservice <klant@eneco-terugbetaling.com>",
       "Beste klant,\nBij de controle van uw jaarafrekening hebben wij een te veel betaald "
       "bedrag van € 187,40 vastgesteld. Om dit bedrag terug te storten vragen wij u uw IBAN "
       "te bevestigen via www.eneco-terugbetaling.com/klant binnen 72 uur. Na deze termijn "
       "vervalt uw recht op terugbetaling.\nMet vriendelijke groet,\nEneco",
       domains=("eneco-terugbetaling.com",)),
    _m("energie-sms", "sms", "Vattenfall",
       "Vattenfall: Uw maandbedrag wordt verlaagd en u ontvangt € 96,12 terug. Bevestig uw "
       "rekeningnummer op vattenfall-tegoed.nl/bevestig",
       domains=("vattenfall-tegoed.nl",)),
    _m("energietoeslag", "sms", "+31 6 90 24 18 35",
       "Gemeente: U komt in aanmerking voor de energietoeslag van € 1.300. Vraag deze aan "
       "voor 30 september via https://energietoeslag-aanvragen.org/gemeente",
       domains=("energietoeslag-aanvragen.org",)),
    # --- KPN / Ziggo invoice -------------------------------------------------------------------
    _m("kpn-factuur", "email", "KPN <factuur@mijnkpn-betaling.com>",
       "Beste klant,\nDe automatische incasso van uw KPN-factuur van € 64,95 is mislukt. "
       "Betaal het openstaande bedrag binnen 24 uur via https://mijnkpn-betaling.com/factuur "
       "om afsluiting van internet en tv te voorkomen.\nMet vriendelijke groet,\nKPN "
       "Klantenservice",
       domains=("mijnkpn-betaling.com",)),
    _m("ziggo-sms", "sms", "Ziggo",
       "Ziggo: Uw betaling van € 58,20 is niet gelukt. Werk uw betaalgegevens bij via "
       "www.ziggo-klantportaal.net/betalen om onderbreking van uw abonnement te voorkomen.",
       domains=("ziggo-klantportaal.net",)),
    # --- prizes, lotteries, giveaways ------------------------------------------------------
    _m("loterij-sms", "sms", "+31 6 71 45 90 28",
       "Gefeliciteerd! Uw nummer is uitgeloot in de Jubileumtrekking en u wint € 25.000. "
       "Bel binnen 48 uur met 0900-243 56 70 om uw prijs te claimen.",
       phones=("0900-243 56 70",)),
    _m("loterij-mail", "email", "Prijzenbureau <winnaar@postcodewinst-uitbetaling.com>",
       "Gefeliciteerd!\nUw postcode is getrokken in de maandelijkse trekking. U heeft "
       "€ 15.000 gewonnen. Om uw prijs te ontvangen, betaalt u eerst € 29,95 "
       "administratiekosten op NL17 ABNA 0437 1629 58. Claim uw prijs daarna via "
       "postcodewinst-uitbetaling.com/claim voor vrijdag 17:00.",
       domains=("postcodewinst-uitbetaling.com",), ibans=("NL17ABNA0437162958",)),
    _m("ah-actie", "whatsapp", "+31 6 22 65 38 04",
       "Albert Heijn geeft ter ere van het jubileum een boodschappenkaart van € 150 weg aan "
       "iedereen die deze korte vragenlijst invult: ah-jubileumactie.shop/kaart ❤ Deel dit "
       "bericht met 5 vrienden om je kaart te activeren!",
       domains=("ah-jubileumactie.shop",)),
    # --- only a phone number -------------------------------------------------------------------
    _m("pakket-bel", "sms", "+31 6 19 43 82 07",
       "Hallo, ik probeer u al de hele dag te bereiken over uw pakket. Kunt u mij "
       "terugbellen op 06-19 43 82 07? Groet, Mark",
       phones=("06-19 43 82 07",)),
    _m("bank-terugbellen", "whatsapp", "+31 6 55 81 20 46",
       "Goedendag, dit is de fraudeafdeling van uw bank. Wij zien afwijkende transacties op "
       "uw betaalrekening en hebben uw pas uit voorzorg geblokkeerd. Neem binnen een uur "
       "contact op via 085-060 92 31, dan lossen wij het samen met u op.",
       phones=("085-060 92 31",)),
)
# fmt: on

# E-mails show a subject line: app chrome, so it is not part of a shot's truth text.
SUBJECTS: dict[str, str] = {
    "asn-voorwaarden": "Actie vereist: nieuwe voorwaarden Internetbankieren",
    "toeslagen-terug": "Terugvordering zorgtoeslag 2023",
    "cjib-mail": "Laatste aanmaning verkeersboete",
    "digid-app": "Belangrijk: uw DigiD wordt gedeactiveerd",
    "vinted-mail": "Je item is verkocht!",
    "factuur-iban": "Gewijzigd rekeningnummer",
    "factuur-directeur": "Spoedbetaling",
    "factuur-link": "Uw factuur F-20931",
    "kvk-inschrijving": "Uw inschrijving is niet actueel",
    "crypto-uitbetaling": "Uitbetaling tegoed",
    "energie-teruggave": "Terugbetaling jaarafrekening",
    "kpn-factuur": "Betaling mislukt",
    "loterij-mail": "U bent winnaar!",
}

# A second bubble: the resident answering a number, or the scammer pushing on.
RESIDENT_REPLIES: tuple[str, ...] = (
    "Wie is dit?",
    "Is dit echt? Ik vertrouw het niet",
    "Waar gaat dit over?",
    "Ik bel zelf wel even, welk nummer heeft u?",
    "Welk bedrag bedoelt u precies?",
)
# The scammer's second bubble, in the register of the first: 'u' or 'je'.
FOLLOW_UPS_FORMAL: tuple[str, ...] = (
    "Reageer zo snel mogelijk, anders vervalt uw aanvraag.",
    "Let op: dit is de laatste herinnering. Na vandaag kunnen wij u niet meer helpen.",
    "Heeft u de betaling al voldaan? Stuur ter bevestiging een schermafbeelding.",
)
FOLLOW_UPS_INFORMAL: tuple[str, ...] = (
    "Ben je er nog? Het is echt dringend",
    "Heb je het al gedaan? Stuur even een screenshot als het gelukt is",
    "??",
)

BY_KEY: dict[str, ScamMessage] = {message.key: message for message in MESSAGES}
