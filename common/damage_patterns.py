"""The phrasings of damage already done, per kind (read by common/damage.py).

Tuned on tests/damage/dev_set.yml only; tests/damage/damage_set.yml is the held-out
set the bench measures on (tools/wild_bench.py) and nobody tunes against.
"""

from __future__ import annotations

ACCOUNT_CODE = "account_code"
BANK_DETAILS = "bank_details"
CARD_HANDED = "card_handed"
DIGID = "digid"
PAID = "paid"
REMOTE_ACCESS = "remote_access"

_GIVEN = (
    r"(gegeven|ingevuld|ingevoerd|ingetypt|ingetikt|ingetoetst|ingegeven|doorgegeven|gestuurd|"
    r"doorgestuurd|opgestuurd|verteld|gezegd|opgegeven|genoemd|gedeeld|voorgelezen|afgegeven|"
    r"gescand|gezet|getypt|gegeve|ingevult|ingevoert|gestuurt|doorgegeve|gave|entered|sent|"
    r"shared|typed|told|ingetyp|gedeelt|geappt|ge-appt|gewhatsappt|meegegeven|uitgeleend|"
    r"gegefen|ingefult|gestuurd)"
)
_SECRET = (
    r"(pincode|pin|pin-code|pinkode|pincod|inlog\w*|wachtwoord\w*|wachtwoort|paswoord|"
    r"\w*codes?|kode|6 cijfers|zes cijfers|\d cijfers|zescijferige code|responscodes|digipass|"
    r"inlogcode|bevestigingscode|beveiligingscode|responscode|signeercodes?|sms-code|smscode|"
    r"scanner|creditcard\w*|cvc\w*|kaartnummer|pas ?nummer|kaartgegevens|gebruikersnaam|"
    r"vervaldatum|"
    r"bankgegevens|rekeninggegevens|gegevens|cijfers achter\w*|password|details|login|"
    r"card number)"
)
_INSTALLED = (
    r"(geinstalleerd|geinstaleerd|gedownload|gedownloaded|installeerde|downloadde|"
    r"opgezet|op gezet|gezet|aangezet|installed|downloaded|laten zetten|laten installeren|"
    r"geinstalleert|gedownload|gedownloadt)"
)
_REMOTE_APP = (
    r"(anydesk|any desk|anie ?desk|eniedesk|teamviewer|team viewer|teamvieuwer|teamviewr|"
    r"quick ?support|rustdesk|supremo|ultraviewer)"
)
_DEVICE = r"(computer|laptop|pc|telefoon|mobiel|scherm|tablet|ipad|zaakcomputer)"
_CARD = (
    r"(bankpas|pinpas|betaalpas|bankkaart|pas|pasje|kaart|creditcard|bankpasjes|pasjes|"
    r"pinpassen|passen|bankpassen|bankkaarten|visa ?kaart)"
)
_MONEY = r"(euro|eur|€|ruggen|rug|mille|ballen|duizend|honderd|k)"
_OUR = r"(mijn|m'n|mn|me|onze|ons|zijn|haar|hun)"

PATTERNS: dict[str, list[str]] = {
    PAID: [
        r"\bover ?ge(maakt|maak|maakd|boekt|schreven|schreve|stort)\b",
        r"\bovergemaakt\b",
        r"\bover ?gezet\b",
        r"\b(naar|op) (een|de|die|hun|zijn) (veilige |nieuwe |andere )?(rekening|kluisrekening)"
        r"\W+(gezet|gestort|overgezet|gezet|gedaan)\b",
        rf"\b\d+([.,]\d+)*\s*{_MONEY}?\s*(kwijt|armer|weg|lichter)\b",
        r"\b(leeg ?gehaald|leeg ?geroofd|leeggetrokken|leeg getrokken|weggesluisd|weg gesluisd)\b",
        r"\b(overschrijving|overschrijvingen|overboekingen)\b(\W+\w+){0,5}?\W+(gedaan|gemaakt|"
        r"uitgevoerd)\b",
        r"\b(contant|cash|contanten|baar geld)\b(\W+\w+){0,6}?\W+(gegeven|meegegeven|meegenomen|"
        r"afgegeven|opgehaald|overhandigd)\b",
        r"\b(gegeven|meegegeven|afgegeven|overhandigd)\b(\W+\w+){0,4}?\W+(contant|cash)\b",
        r"\b(geld|euro|contant)\b(\W+\w+){0,6}?\W+(meegenomen|opgehaald)\b",
        rf"\b(verdwenen|afgehaald|opgenomen|gepind|afgeschreven)\b(\W+\w+){{0,2}}?\W+(van|vanaf)\W+"
        rf"{_OUR}\W+(\w+)?rekening\b",
        rf"\bvan {_OUR} (\w+)?rekening\b(\W+\w+){{0,3}}?\W+(verdwenen|afgehaald|opgenomen|"
        r"gepind|gegaan|gehaald|weggehaald)\b",
        rf"\b(betalingen|afschrijvingen|transacties)\b(\W+\w+){{0,2}}?\W+van {_OUR} rekening\b",
        rf"\b{_CARD}\b(\W+\w+){{0,5}}?\W+gepind\b",
        r"\b(is|zijn|werd|werden)\b(\W+\w+){0,4}?\W+gepind\b",
        r"\b(geld|euro)\b(\W+\w+){0,2}?\W+af\W+(van|vanaf)\W+(mijn|m'n|mn|me|onze)\W+rekening\b",
        r"\bbetaald\b",
        r"\b(heb|hebben|had|heeft|al)\b(\W+\w+){0,6}?\W+betaalt\b",
        r"\b(maakte|boekte|schreef)\b(\W+\w+){0,6}?\W+over\b",
        r"\bgestort\b",
        # investment platforms: 'ik heb 5000 euro ingelegd', 'we hebben 12.000 geinvesteerd'
        r"\b(ingelegd|geinvesteerd|geinvesteert)\b",
        r"\bafgeschreven\b",
        r"\bvoldaan\b",
        r"\b(gepaid|paid|transferred|gesent)\b",
        r"\b(sent|gesent|send)\b(\W+\w+){0,2}?\W+(money|bitcoins?|crypto|euro|\d+)\b",
        r"\b(betaling|transactie|overboeking)\b(\W+\w+){0,3}?\W+(gedaan|uitgevoerd|deed)\b",
        r"\b(deed|heb gedaan)\b(\W+\w+){0,2}?\W+(betaling|overboeking)\b",
        r"\bvan (mijn|m'n|mn|onze|zijn|haar) rekening (gehaald|afgehaald|gehaalt)\b",
        r"\bsaldo\b(\W+\w+){0,2}?\W+leeg\b",
        r"\bcontant geld\b(\W+\w+){0,3}?\W+(meegegeven|gegeven|afgegeven)\b",
        r"\b(geld|spaargeld|centen)\W+weg\b",
        r"\b(geld|spaargeld|centen)\W+(is|zijn|was|werd)\W+(\w+\W+){0,2}?(weg|kwijt|gestolen|"
        r"verdwenen)\b",
        r"\b(ben|zijn|is)\b(\W+\w+){0,4}?\W+(geld|spaargeld|euro)\W+kwijt\b",
        r"\brekening\b(\W+\w+){0,2}?\W+(is|werd|was)\W+(leeg|leeggehaald|geplunderd|leeggeroofd)\b",
        r"\b(hebben|heeft|hebben ze|heeft hij)\b(\W+\w+){0,3}?\W+(leeggehaald|leeggeroofd)\b",
        r"\b(geld|bitcoins?|crypto|euro|cadeaukaart(en)?|giftcards?|paysafe\w*|tegoedbon\w*)\b"
        r"(\W+\w+){0,6}?\W+(gestuurd|opgestuurd|verstuurd|overgemaakt|gestort|betaald)\b",
        r"\b(cadeaukaart(en)?|giftcards?|paysafe\w*)\b(\W+\w+){0,4}?\W+gekocht\b",
        r"\b(i|we) (have |already )?(paid|transferred|sent (the |them |him |her )?money)\b",
    ],
    CARD_HANDED: [
        rf"\b{_CARD}\b(\W+\w+){{0,8}}?\W+(meegegeven|afgegeven|afgegeeven|opgehaald|meegenomen|"
        rf"overhandigd|gegeven aan|uitgeleend|verkocht|afgestaan|opgestuurd|op de post gedaan|"
        rf"gelegd|neergelegd|achtergelaten)\b",
        rf"\b{_CARD}\b(\W+\w+){{0,4}}?\W+(doorgeknipt|door ?geknipt|kapotgeknipt|in (tweeen|"
        rf"stukken) geknipt)\b",
        rf"\b(doorgeknipt|kapotgeknipt)\b(\W+\w+){{0,3}}?\W+{_CARD}\b",
        rf"\b{_CARD}\b\W+(is|zijn) mee met\b",
        # 'mijn bankpas aan een man gegeven', 'mn pas aan iemand gegeven voor 200 euro'
        # 'iemand bood 200 euro voor mijn bankpas en ik heb hem al gegeven'
        rf"\b{_CARD}\b(\W+\w+){{0,8}}?\W+(heb|had|hebben)\W+(ik\W+)?(hem|die|het|em|ze)\W+"
        rf"(\w+\W+){{0,2}}?(gegeven|meegegeven|afgegeven|opgestuurd|gestuurd|uitgeleend|"
        rf"verkocht)\b",
        rf"\b{_CARD}\b(\W+\w+){{0,2}}?\W+aan\W+(\w+\W+){{0,5}}?(gegeven|gegeve|gegeeven)\b",
        rf"\b(koerier|iemand|man|vrouw)\b(\W+\w+){{0,6}}?\W+{_CARD}\b(\W+\w+){{0,3}}?\W+"
        rf"(opgehaald|meegenomen)\b",
        r"\bin een envelop\W+(gedaan|gestopt|gestoken)\b",
        rf"\b(langs geweest|langsgekomen|kwam langs)\b(\W+\w+){{0,3}}?\W+{_CARD}\b",
        rf"\b(kwam|is gekomen)\b(\W+\w+){{0,4}}?\W+{_CARD}\b(\W+\w+){{0,2}}?\W+(halen|ophalen)\b",
    ],
    REMOTE_ACCESS: [
        rf"\b{_REMOTE_APP}\b(\W+\w+){{0,6}}?\W+{_INSTALLED}\b",
        rf"\b{_INSTALLED}\b(\W+\w+){{0,6}}?\W+{_REMOTE_APP}\b",
        rf"\b(app|programma|programmaatje|software|appje)\b(\W+\w+){{0,5}}?\W+{_INSTALLED}\b",
        rf"\b{_INSTALLED}\b(\W+\w+){{0,3}}?\W+(app|programma|programmaatje|software|appje)\b",
        rf"\b(meegekeken|meekeek|overgenomen)\b(\W+\w+){{0,6}}?\W+{_DEVICE}\b",
        rf"\b{_DEVICE}\b(\W+\w+){{0,5}}?\W+(meegekeken|overgenomen|bediend)\b",
        r"\btoegang\W+(gegeven|gekregen|verleend)\b",
        r"\blaten meekijken\b",
        r"\b(heeft|hebben|had|hadden)\W+(\w+\W+){0,5}?meegekeken\b",
        r"\bop afstand\W+(\w+\W+){0,3}?(meegekeken|meekeek|ingelogd)\b",
        r"\b(had|kreeg|heeft|hadden|kregen)\W+(\w+\W+){0,2}?toegang\b",
        r"\bscherm\b(\W+\w+){0,2}?\W+gedeeld\b",
        rf"\b(zit|zitten|zat|zaten|kwam|kwamen|kon|konden)\b(\W+\w+){{0,2}}?\W+(op|in|bij)\W+"
        rf"(mijn|m'n|mn|onze|zijn|haar)\W+{_DEVICE}\b",
        rf"\bliet\b(\W+\w+){{0,4}}?\W+op\W+(mijn|m'n|mn|onze|zijn|haar)\W+{_DEVICE}\b",
        r"\b(gave|given|gaf)\b(\W+\w+){0,2}?\W+remote access\b",
        rf"\b(via|met) {_REMOTE_APP}\b(\W+\w+){{0,5}}?\W+(gegaan|bekeken|gezeten|ingelogd|"
        r"overgenomen|gedaan|bestuurd|gekeken|binnengekomen|ingebroken)\b",
        rf"\b{_REMOTE_APP}\b(\W+\w+){{0,5}}?\W+({_GIVEN[1:-1]})\b",
        rf"\b(cijfers|code|nummer|id)\b(\W+\w+){{0,2}}?\W+{_REMOTE_APP}\b",
        r"\bop afstand\b(\W+\w+){0,4}?\W+(bestuurd|overgenomen|bediend|gewerkt)\b",
        rf"\b(bestuurd|besturen|overnemen|overgenomen|bedienen)\b(\W+\w+){{0,2}}?\W+"
        rf"(mijn|m'n|mn|de|zijn|haar)?\W*{_DEVICE}\b",
        rf"\b{_DEVICE}\b(\W+\w+){{0,3}}?\W+(besturen|overnemen|bedienen)\b",
        rf"\b(controle|macht)\W+over\W+{_OUR}\W+{_DEVICE}\b",
        rf"\b(apk|bestand|apk-bestand)\b(\W+\w+){{0,4}}?\W+{_INSTALLED}\b",
        rf"\b(zag|ziet)\W+hij\W+{_OUR}\W+scherm\b",
    ],
    DIGID: [
        rf"\bdigi ?d\b(\W+\w+){{0,10}}?\W+({_GIVEN[1:-1]}|ingelogd|inloggen gedaan|goedgekeurd|"
        r"bevestigd|geactiveerd|gescand|ingevoerd)\b",
        r"\b(goedgekeurd|bevestigd|gescand)\b(\W+\w+){0,5}?\W+digi ?d\b",
        r"\b(ingelogd|logde in|ingevuld|ingevult)\b(\W+\w+){0,5}?\W+digi ?d\b",
    ],
    BANK_DETAILS: [
        rf"\b{_SECRET}\b(\W+\w+){{0,9}}?\W+{_GIVEN}\b",
        r"\b(die|dat|deze)\W+(heb|had)\W+(ik|hij|zij)\W+(\w+\W+){0,2}?(gegeven|ingevuld|"
        r"doorgegeven|doorgestuurd|verteld|gezegd|ingetypt)\b",
        rf"\b(gaf|gaven|gegeven|give|gave|typed|entered|vulde|typte|tikte|voerde|ingevuld|"
        rf"ingevoerd|ingetikt|ingetypt|doorgegeven)\b(\W+\w+){{0,5}}?\W+{_SECRET}\b",
        r"\b(bevestigen|goedkeuren|akkoord|ok)\W+(gedrukt|geklikt|getikt)\b",
        r"\bitsme\b(\W+\w+){0,6}?\W+(aangemeld|ingelogd|goedgekeurd|bevestigd|gebruikt)\b",
        r"\b(aangemeld|ingelogd|goedgekeurd|bevestigd)\b(\W+\w+){0,4}?\W+itsme\b",
        r"\b(telefoon|toestel|apparaat|gsm)\b(\W+\w+){0,3}?\W+(aan|in|bij)\W+(mijn|m'n|mn|de)"
        r"\W+(bankapp|bank-app|app|bankrekening|rekening)\W+(gekoppeld|toegevoegd)\b",
        r"\b(ondertekend|getekend|bevestigd|goedgekeurd)\b(\W+\w+){0,4}?\W+(kaartlezer|digipass|"
        r"scanner|bankapp|bank-app|itsme|pincode)\b",
        r"\bingelogd\W+(bij|in|op)\W+(mijn|m'n|de)\W+(bank|bankapp|internetbankieren)\b",
        rf"\bfoto\W+van\W+{_OUR}\W+{_CARD}\b(\W+\w+){{0,6}}?\W+(opgestuurd|gestuurd|verstuurd|"
        r"gedeeld|doorgestuurd)\b",
        r"\bmoest\W+ik\b(\W+\w+){0,6}?\W+(voorlezen|doorgeven|intoetsen|invullen|geven)\b",
        r"\bik\W+moest\b(\W+\w+){0,6}?\W+(voorlezen|doorgeven|intoetsen|invullen)\b",
        r"\b(ingelogd|logde in|inlogde|logged in)\b(\W+\w+){0,6}?\W+"
        r"(link|site|pagina|website|nepsite)\b",
        r"\b(link|site|pagina|website|nepsite)\b(\W+\w+){0,6}?\W+(ingelogd|inlogde|logde)\b",
        r"\b(scanner|pas)\b(\W+\w+){0,4}?\W+(gebruikt|gescand)\b",
        r"\b(goedgekeurd|bevestigd|geaccordeerd)\b(\W+\w+){0,6}?\W+(app|bankapp|bank-app|"
        r"vingerafdruk|face ?id)\b",
        r"\b(app|appje|bankapp|bank-app)\b(\W+\w+){0,4}?\W+(goedgekeurd|bevestigd|geaccordeerd)\b",
    ],
}

# Something asked for, then 'en dat heb ik gedaan': the request is what was done.
_TO_GIVE = (
    r"(voor te lezen|door te geven|te geven|in te vullen|in te typen|in te toetsen|te bevestigen|"
    r"te delen|te sturen|op te sturen|door te sturen|te koppelen|te scannen|te activeren|"
    r"in te loggen|voorlezen|doorgeven|invullen|intoetsen|bevestigen|sturen|koppelen|goedkeuren|"
    r"goed te keuren|akkoord geven|op akkoord drukken|op akkoord te drukken)"
)
REQUESTS: dict[str, list[str]] = {
    PAID: [r"\b(over te maken|te betalen|te storten|over te boeken|overmaken|betalen|kopen)\b"],
    CARD_HANDED: [
        rf"\b{_CARD}\b(\W+\w+){{0,4}}?\W+(mee te geven|af te geven|op te sturen|"
        r"door te knippen|meegeven|afgeven|opsturen)\b"
    ],
    REMOTE_ACCESS: [r"\b(te installeren|installeren|te downloaden|downloaden)\b"],
    DIGID: [rf"\bdigi ?d\b(\W+\w+){{0,6}}?\W+{_TO_GIVE}\b"],
    BANK_DETAILS: [
        rf"\b{_SECRET}\b(\W+\w+){{0,6}}?\W+{_TO_GIVE}\b",
        # 'ik moest in itsme iets bevestigen' (then: 'en dat heb ik gedaan')
        rf"\b(itsme|bankapp|bank-app|kaartlezer|scanner)\b(\W+\w+){{0,4}}?\W+{_TO_GIVE}\b",
    ],
}
# '..., en dat heb ik gedaan': what was asked was done.
DID_IT = (
    # Flemish 'da' for 'dat': 'da heb ik gedaan'
    r"\b(dat|da|dit|die|het)\W+(heb|had)\W+ik\W+(\w+\W+){0,2}?gedaan\b|\ben\W+dat\W+deed\W+ik\b"
    r"|\b(ik|en)\W+(heb|deed)\W+(het|dat)\W+(\w+\W+){0,1}?(gedaan|maar)\b"
)
