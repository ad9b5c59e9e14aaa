"""The honest answer to a message that is clearly not Dutch (bot/languages/detect.py):
the assistant is a computer program that works in Dutch only, the Fraudehelpdesk's
number, the urgent steps that hold for everyone (paid, or gave bank details or codes:
call your own bank; danger now: 112), and a volunteer through the button. Nothing is guessed from
the message itself, and nobody is promised to speak the resident's language.

One bubble in Dutch, then one in the resident's language (`IN_LANGUAGE`, by BCP 47 tag),
or in English for any other language, so that a screen reader or a read-aloud voice
reads each in its own language. Plain strings: the content tests (tests/) read them.
Numbers only from shared/contacts.yml. In the Arabic text, the number and the Dutch
names sit between Unicode isolates (U+2066 ... U+2069), so that the right-to-left text
keeps their groups in order ('088-786 73 72', not '72 73 088-786')."""

from __future__ import annotations

from bot.texts import VOLUNTEER_BUTTON

# shared/contacts.yml: fraudehelpdesk (verified).
FRAUDEHELPDESK_PHONE = "088-786 73 72"
# For any other language: English.
FALLBACK = "en"

NOT_DUTCH_NL = (
    "Ik ben een computer. Ik werk alleen in het Nederlands.\n\n"
    "Plak je een bericht dat je kreeg? Schrijf er dan in het Nederlands bij wat er gebeurde.\n\n"
    f"Wil je iemand spreken? Bel de Fraudehelpdesk: {FRAUDEHELPDESK_PHONE}.\n\n"
    "Heb je betaald? Of gaf je bankgegevens of codes? Bel dan nu je eigen bank. "
    "Het nummer staat op je bankpas of in je bank-app. Is er nu gevaar? Bel 112.\n\n"
    "Je kunt ook praten met een vrijwilliger. Dat is een mens. "
    f"Druk dan op de knop '{VOLUNTEER_BUTTON}'."
)

_LRI, _PDI = "\u2066", "\u2069"

IN_LANGUAGE: dict[str, str] = {
    "en": (
        "I am a computer program. I only work in Dutch. If you can, write to me in Dutch.\n\n"
        "Do you want to talk to someone? Call the Fraudehelpdesk. "
        f"This is a Dutch helpline about fraud: {FRAUDEHELPDESK_PHONE}.\n\n"
        "Did you pay? Or did you give your bank details or codes? Then call your own bank now. "
        "Use the number on your bank card or in your bank's app. "
        "Are you in danger now? Call 112.\n\n"
        "You can also talk to a volunteer. A volunteer is a real person. "
        f"Press the button '{VOLUNTEER_BUTTON}'."
    ),
    "tr": (
        "Ben bir bilgisayar programıyım. Sadece Hollandaca çalışıyorum. "
        "Yapabiliyorsanız bana Hollandaca yazın.\n\n"
        "Biriyle konuşmak ister misiniz? Fraudehelpdesk'i arayın. "
        f"Bu, Hollanda'daki dolandırıcılık yardım hattıdır: {FRAUDEHELPDESK_PHONE}.\n\n"
        "Para ödediniz mi? Banka bilgilerinizi ya da kodlarınızı verdiniz mi? "
        "O zaman hemen kendi bankanızı arayın. "
        "Banka kartınızdaki ya da banka uygulamanızdaki numarayı kullanın. "
        "Şu anda tehlikede misiniz? 112'yi arayın.\n\n"
        "Bir gönüllüyle de konuşabilirsiniz. Gönüllü gerçek bir insandır. "
        f"'{VOLUNTEER_BUTTON}' düğmesine basın."
    ),
    "ar": (
        "أنا برنامج كمبيوتر. أعمل باللغة الهولندية فقط. إذا استطعت، اكتب لي باللغة الهولندية."
        "\n\n"
        f"هل تريد التحدث مع شخص؟ اتصل بـ {_LRI}Fraudehelpdesk{_PDI}. "
        f"هذا خط هولندي للمساعدة في حالات الاحتيال: {_LRI}{FRAUDEHELPDESK_PHONE}{_PDI}."
        "\n\n"
        "هل دفعت مالًا؟ أو هل أعطيت بياناتك البنكية أو رموزًا؟ اتصل ببنكك الآن. "
        "استخدم الرقم الموجود على بطاقتك البنكية أو في تطبيق البنك. "
        f"هل أنت في خطر الآن؟ اتصل بالرقم {_LRI}112{_PDI}."
        "\n\n"
        "يمكنك أيضًا التحدث مع متطوع. المتطوع شخص حقيقي. "
        f"اضغط على زر «{_LRI}{VOLUNTEER_BUTTON}{_PDI}»."
    ),
    "pl": (
        "Jestem programem komputerowym. Działam tylko w języku niderlandzkim. "
        "Jeśli możesz, napisz do mnie po niderlandzku.\n\n"
        "Chcesz z kimś porozmawiać? Zadzwoń do Fraudehelpdesk. "
        f"To holenderska infolinia w sprawie oszustw: {FRAUDEHELPDESK_PHONE}.\n\n"
        "Jeśli doszło do płatności albo podania danych bankowych lub kodów, "
        "zadzwoń teraz do swojego banku. "
        "Użyj numeru z karty bankowej albo z aplikacji banku. "
        "Grozi ci teraz niebezpieczeństwo? Zadzwoń pod 112.\n\n"
        "Możesz też porozmawiać z wolontariuszem. Wolontariusz to prawdziwy człowiek. "
        f"Naciśnij przycisk „{VOLUNTEER_BUTTON}”."
    ),
    "uk": (
        "Я комп’ютерна програма. Я працюю лише нідерландською мовою. "
        "Якщо можете, напишіть мені нідерландською.\n\n"
        "Хочете з кимось поговорити? Зателефонуйте до Fraudehelpdesk. "
        f"Це нідерландська гаряча лінія щодо шахрайства: {FRAUDEHELPDESK_PHONE}.\n\n"
        "Ви заплатили гроші? Або передали банківські дані чи коди? "
        "Тоді негайно зателефонуйте до свого банку. "
        "Використайте номер з вашої банківської картки або з банківського застосунку. "
        "Вам зараз загрожує небезпека? Телефонуйте 112.\n\n"
        "Ви також можете поговорити з волонтером. Волонтер — це жива людина. "
        f"Натисніть кнопку «{VOLUNTEER_BUTTON}»."
    ),
}
