"""What the gateway itself says to residents (Dutch, B1). Numbers only from shared/contacts.yml."""

from __future__ import annotations

# When Rasa or the action server is unreachable: a notice, then the essential advice.
DEGRADED_NOTICE = "Er is nu een storing. Je bericht is bewaard. Je krijgt later hier antwoord."
ESSENTIAL_ADVICE: tuple[str, ...] = (
    "Heb je geld overgemaakt of codes gegeven? Bel dan meteen je eigen bank. "
    "Gebruik het nummer op je bankpas of in je bank-app.",
    "Advies nodig? Bel de Fraudehelpdesk: 088-786 73 72. "
    "Aangifte doen kan via de politie: 0900-8844. Is er nu gevaar? Bel 112.",
    "Check de afzender. Twijfel je? Klik weg.",
)
# The gateway's database cannot be reached: a message that was not stored, and any
# other request of the widget.
NOT_KEPT = "Er is nu een storing. Je bericht is niet bewaard. Probeer het over een minuut opnieuw."
SERVICE_AWAY = "Er is nu een storing. Probeer het over een minuut opnieuw."
# Before the assistant's first answer, if Rasa cannot give the greeting.
GREETING_FALLBACK = (
    "Hallo! Ik help je als je denkt dat iemand je wil oplichten. "
    "Vertel in je eigen woorden wat er gebeurde. Of plak het verdachte bericht hier."
)
TOO_LONG = "Je bericht is te lang. Stuur het in delen van hooguit {limit} tekens."
EMPTY = "Ik zie geen tekst in je bericht. Vertel in je eigen woorden wat er gebeurde."
RATE_LIMITED = (
    "Je stuurt veel berichten snel achter elkaar. Wacht even een minuut. "
    "Stuur je bericht daarna opnieuw."
)
UNKNOWN_CONVERSATION = "Dit gesprek bestaat niet meer. Begin een nieuw gesprek."
# A message of the same conversation took too long to handle (several gateway workers).
CONVERSATION_BUSY = (
    "Je vorige bericht is nog niet klaar. Wacht even. Stuur dit bericht daarna opnieuw."
)
UNREADABLE = "Dit bericht kan ik niet lezen. Typ je vraag als gewone tekst."
UNKNOWN_BUTTON = "Deze knop hoort niet bij het gesprek. Typ je vraag als gewone tekst."
BODY_TOO_LARGE = "Je bericht is te groot. Stuur een korter bericht."
NOT_FOUND = "Dit adres bestaat niet. Open het gesprek opnieuw."
METHOD_NOT_ALLOWED = "Dit kan zo niet. Open het gesprek opnieuw."

# Telegram: voice messages, stickers, video and other files (photos are read).
UNSUPPORTED_MEDIA = (
    "Ingesproken berichten, video's, stickers en bestanden kan ik niet lezen. "
    "Typ in je eigen woorden wat er gebeurde, of plak de tekst van het verdachte bericht. "
    "Een foto of schermafbeelding van het bericht kan ik wel lezen."
)

# Screenshots (bot/images/). The read text is shown, never the picture.
IMAGE_READ_INTRO = "Ik las dit in je afbeelding:"
IMAGE_SHORTENED = "(ingekort)"
IMAGE_CHANGES = "Deze tekens waren slecht te lezen. Ik heb ze zo gelezen:"
IMAGE_LINKS_NOTE = "Links zijn onklikbaar gemaakt. Klik er niet op."
IMAGE_NOTHING_READ = (
    "Ik kon weinig of geen tekst lezen in je afbeelding. "
    "Typ of plak de tekst van het bericht hier. "
    "Lukt dat niet? Dan kan een vrijwilliger meekijken."
)
IMAGE_TOO_LARGE = (
    "Deze afbeelding is te groot (meer dan 10 MB). "
    "Maak een schermafbeelding van alleen het bericht, of typ de tekst over."
)
IMAGE_TOO_MANY_PIXELS = (
    "Deze afbeelding is te groot om te lezen. "
    "Maak een schermafbeelding van alleen het bericht, of typ de tekst over."
)
NOT_AN_IMAGE = (
    "Dit bestand is geen foto of schermafbeelding. "
    "Stuur een afbeelding (bijvoorbeeld JPG of PNG), of typ de tekst over."
)
IMAGE_HEIC = (
    "Dit soort foto (HEIC, van een iPhone) kan ik niet lezen. "
    "Maak een schermafbeelding van het bericht en stuur die, of typ de tekst over."
)
IMAGE_BROKEN = (
    "Deze afbeelding is kapot of niet helemaal verstuurd. "
    "Maak de schermafbeelding opnieuw en stuur hem nog een keer."
)
IMAGE_TOO_SLOW = (
    "Het lezen van deze afbeelding duurde te lang. Typ of plak de tekst van het bericht hier."
)
TOO_MANY_IMAGES = "Stuur maximaal {limit} afbeeldingen tegelijk."
IMAGE_NOT_FETCHED = "Ik kon je afbeelding niet ophalen. Stuur hem nog een keer."
NO_IMAGE = "Er zat geen afbeelding bij. Kies een foto of schermafbeelding en stuur die."
IMAGE_NOT_READ_ONE = "Afbeelding {number}: {reason}"
VOLUNTEER_BUTTON = "Praat met een vrijwilliger"
# Sent to the assistant as the resident's words when that button is pressed.
VOLUNTEER_REQUEST = "Ik wil met een vrijwilliger praten"

# --- the helpdesk (hand-off to a volunteer) -----------------------------------
HELPLINE_NOW = "Wil je nu iemand spreken? Bel de Fraudehelpdesk: 088-786 73 72."
VOLUNTEER_ONLINE = "Er is nu een vrijwilliger online."
# Where the resident stands in the queue the volunteers see (bot/helpdesk/queue_wait.py):
# one computation for the first message and the later 'nog wachten' ones.
QUEUE_FIRST = "Jij bent de volgende."
QUEUE_ONE_AHEAD = "Er is nog 1 persoon voor je."
QUEUE_AHEAD = "Er zijn nog {ahead} mensen voor je."
# A wait in minutes only when nobody is ahead: a median wait next to a long queue lies.
WAIT_FIRST = "Je krijgt meestal binnen ongeveer {minutes} minuten antwoord."
WAIT_QUEUE = "Het kan daarom langer duren."
# Later, when the queue changed: urgent questions go first, so a place can move back.
QUEUE_NOW_FIRST = "Jij bent nu de volgende."
QUEUE_NOW_ONE_AHEAD = "Er is nu nog 1 persoon voor je. Dringende vragen gaan voor."
QUEUE_NOW_AHEAD = "Er zijn nu nog {ahead} mensen voor je. Dringende vragen gaan voor."
VOLUNTEER_OFFLINE = "Er is nu geen vrijwilliger online. De vrijwilligers zijn er {hours}."
# Where the answer comes, per channel: a Telegram chat stays, a browser tab can close.
REPLY_HERE = {
    "telegram": "Een vrijwilliger antwoordt hier in dit gesprek.",
    "widget": (
        "Een vrijwilliger antwoordt hier in dit gesprek. Sluit je dit venster? "
        "Bewaar dan eerst de link, dan kun je later terugkomen."
    ),
}
CONSENT_QUESTION = (
    "Mag een vrijwilliger meelezen in dit gesprek? Dan hoef je niet alles opnieuw te vertellen."
)
CONSENT_YES_BUTTON = "Ja, dat mag"
CONSENT_NO_BUTTON = "Nee, liever niet"
CONSENT_GIVEN = "Dank je. De vrijwilliger kan lezen wat je hier eerder schreef."
CONSENT_REFUSED = (
    "Goed. De vrijwilliger ziet alleen wat je vanaf nu stuurt. "
    "Schrijf hier wat de vrijwilliger moet weten."
)
BACK_TO_BOT_BUTTON = "Toch verder met de assistent"
BACK_TO_BOT = (
    "Je praat weer met de assistent. Vertel in je eigen woorden wat er gebeurde. Of kies een knop."
)
STILL_WAITING = (
    "Je bericht is bewaard voor de vrijwilliger. Die leest het zodra die je vraag oppakt."
)
ALREADY_WITH_VOLUNTEER = "Een vrijwilliger helpt je nu. Schrijf hier je vraag."
# Telegram '/start' while the conversation is with the helpdesk.
CASE_STILL_OPEN = (
    "Je vraag aan de vrijwilliger loopt nog. Schrijf hier gewoon verder. De vrijwilliger leest het."
)
VOLUNTEER_JOINED = "Vrijwilliger {name} helpt je nu. Je kunt hier gewoon typen."
VOLUNTEER_HANDED_BACK = (
    "De vrijwilliger is klaar. Je praat nu weer met de assistent. "
    "Heb je nog een vraag? Typ die hier."
)
VOLUNTEER_CLOSED = (
    "De vrijwilliger heeft je vraag afgerond. "
    "Heb je later nog een vraag? Typ die hier, dan helpt de assistent je verder."
)
# Sent to the volunteers' Telegram group: no resident content, only the category.
URGENT_ANNOUNCEMENT = "Dringende zaak in de wachtrij: {scam_type}. Open de console: {url}"

# --- erasure on request ('verwijder mijn gegevens') ----------------------------
ERASE_QUESTION = (
    "Wil je dat ik dit hele gesprek en je gegevens nu verwijder? Dat kan niet ongedaan worden."
)
ERASE_YES_BUTTON = "Ja, verwijder alles"
ERASE_NO_BUTTON = "Nee, bewaar het"
ERASED = "Klaar. Je gesprek en je gegevens zijn verwijderd. Je kunt opnieuw beginnen."
ERASE_CANCELLED = "Goed, er is niets verwijderd. Waarmee kan ik je helpen?"

# --- 'heeft dit geholpen?' at the end of an advice path --------------------------
# --- what is going around (bot/waves/): said only when a message matches a wave ----------
# Never 'niet gemeld' for a message that matches nothing: that would sound safe.
WAVE_REPORTED = (
    "Dit bericht (of een bericht dat er sterk op lijkt) is de afgelopen 7 dagen "
    "{count} keer bij ons gemeld."
)
WAVE_CONFIRMED = "Een vrijwilliger van ons heeft dit bericht bekeken. Het is oplichting."
WAVE_WARNING = "Waarschuwing van ons team: {warning}"

HELPED_QUESTION = "Heeft dit advies je geholpen?"
HELPED_YES_BUTTON = "Ja"
HELPED_NO_BUTTON = "Nee"
HELPED_THANKS = "Dank je voor je antwoord. Heb je nog een vraag? Typ die hier."
NOT_HELPED = (
    "Dank je voor je antwoord. Wil je met een mens praten? "
    "Kies dan de knop hieronder. Of bel de Fraudehelpdesk: 088-786 73 72."
)

# --- the first message for residents who came through a campaign ----------------
# Replaces the assistant's own greeting; the second greeting message stays.
WELCOME_BY_GROUP: dict[str, str] = {
    "ouderen": (
        "Hallo! Fijn dat je er bent. Ik help je als je denkt dat iemand je wil oplichten. "
        "Neem rustig de tijd. Vertel in je eigen woorden wat er gebeurde."
    ),
    "jongeren": (
        "Hoi! Ik help je als je denkt dat iemand je wil oplichten. "
        "Bijvoorbeeld als iemand geld biedt voor je bankpas, of je onder druk zet met foto's. "
        "Vertel in je eigen woorden wat er gebeurde."
    ),
    "ondernemers": (
        "Hallo! Ik help ondernemers bij oplichting. Bijvoorbeeld een nepfactuur, "
        "of een leverancier die zegt dat zijn rekeningnummer is veranderd. "
        "Vertel in je eigen woorden wat er gebeurde. Of plak het verdachte bericht hier."
    ),
    "laaggeletterden": (
        "Hallo! Denk je dat iemand je wil oplichten? Ik help je. "
        "Schrijf wat er gebeurde. Kort is goed."
    ),
}

# --- the safety net: a life in danger, in every state (common/crisis.py) ---------
# First, before anything else; the normal answer follows.
CRISIS_113 = (
    "Wil je niet meer leven? Of zegt iemand dat tegen jou? Praat er nu over met "
    "113 Zelfmoordpreventie. Bel 113 of 0800-0113. Dat is gratis, dag en nacht. "
    "Je hoeft je naam niet te zeggen. Chatten kan ook, op 113.nl."
)
CRISIS_DANGER_112 = "Is er nu direct gevaar? Bel dan meteen 112."
DANGER_NOW_112 = (
    "Ben je nu in gevaar? Bel meteen 112. Doe de deur niet open voor iemand die je niet kent."
)
CRISIS_NOT_ALONE = "Je staat er niet alleen voor. Er zijn mensen die je willen helpen."
CRISIS_OFFER = (
    "Wil je vertellen wat er gebeurd is? Dan help ik je daarmee. "
    "Of praat met een vrijwilliger. Dat is een mens."
)
# The volunteers see this category in the queue and in the Telegram group.
CRISIS_LABEL = "Levensgevaar genoemd"

# --- damage told while waiting for or talking with a volunteer -------------------
# The urgent step at once, from the gateway's own texts (the assistant is paused).
URGENT_STEP: dict[str, str] = {
    "card_handed": (
        "Dit is nu het belangrijkst: bel meteen je eigen bank en laat je pas blokkeren. "
        "Gebruik het nummer in je bank-app. Staat er nu iemand bij je deur voor je pas? "
        "Bel dan 112."
    ),
    "remote_access": (
        "Dit is nu het belangrijkst: zet je internet uit. Haal de stekker uit je modem of "
        "zet wifi uit. Verander daarna je wachtwoorden. Doe dat op een ander apparaat. "
        "Kon de beller bij je bank? Bel dan ook meteen je eigen bank."
    ),
    "paid": (
        "Dit is nu het belangrijkst: bel meteen je eigen bank. Gebruik het nummer op je "
        "bankpas of in je bank-app. Soms kan de bank de betaling nog stoppen."
    ),
    "bank_details": (
        "Dit is nu het belangrijkst: bel meteen je eigen bank. Gebruik het nummer op je "
        "bankpas of in je bank-app. Laat je pas en je toegang blokkeren."
    ),
    "digid": (
        "Dit is nu het belangrijkst: neem contact op met DigiD via digid.nl. "
        "Vraag om je DigiD te stoppen. Doe daarna aangifte bij de politie."
    ),
    "account_code": (
        "Dit is nu het belangrijkst: gaat het om WhatsApp? Registreer WhatsApp opnieuw met je "
        "eigen nummer. Gaat het om een ander account? Log in en verander je wachtwoord."
    ),
}
# Money paid in a way no bank can stop (common/case_facts.py: payment_method).
URGENT_PAID_BY: dict[str, str] = {
    "gift_card": (
        "Dit is nu het belangrijkst: betaal niet meer. Geld via cadeaukaarten of paysafecards "
        "kan niemand terughalen. Bewaar de codes en de bonnetjes. Die heeft de politie nodig."
    ),
    "crypto": (
        "Dit is nu het belangrijkst: betaal niet meer. Bitcoin en andere crypto kan niemand "
        "terughalen. Bewaar alles van de betaling, zoals het adres van de wallet."
    ),
    "credit_card": (
        "Dit is nu het belangrijkst: laat meteen je creditcard blokkeren. Bel het nummer op de "
        "achterkant van je kaart. Vraag daarna om een terugboeking van de betaling."
    ),
}
URGENT_NOW_FIRST = "Je vraag krijgt nu voorrang bij de vrijwilligers."

# A typed 'iets anders' where no such button was offered.
TELL_IN_OWN_WORDS = (
    "Goed. Vertel dan in je eigen woorden wat er gebeurde. "
    "Bijvoorbeeld: wie nam contact op, hoe, en wat vroegen ze?"
)

# --- the personal return link (widget only: bot/conversation/return_link.py) -------
RETURN_LINK_INVALID = (
    "Deze link werkt niet meer. Misschien is het gesprek verwijderd. "
    "Of er is later een nieuwe link gemaakt. Je kunt een nieuw gesprek beginnen."
)
RETURN_LINK_TRIES = (
    "Er is te vaak een verkeerde link geprobeerd. Wacht een minuut en probeer het opnieuw."
)
# --- a case that goes back to the queue, or to another volunteer (bot/helpdesk/holding.py)
# No promise of a time: nobody knows when the next volunteer is free.
VOLUNTEER_LEFT = (
    "Je vrijwilliger moest stoppen. Je vraag staat weer klaar voor een andere vrijwilliger. "
    "Die antwoordt hier. Wat je al schreef, blijft bewaard."
)
VOLUNTEER_TAKES_OVER = "Vrijwilliger {name} helpt je nu verder. Je kunt hier gewoon typen."

# --- the report draft (Aangifte voorbereiden: bot/reports/) ------------------------------
REPORT_DRAFT_NONE = "Er is geen concept voor een aangifte in dit gesprek. Of het is verwijderd."
REPORT_DRAFT_NO_PDF = "De PDF lukt nu niet. Kopieer de tekst, of probeer het later opnieuw."
REPORT_DRAFT_CAPTION = (
    "Je concept voor de aangifte, als PDF. Dit is nog geen aangifte. "
    "Die doe je zelf bij de politie."
)
