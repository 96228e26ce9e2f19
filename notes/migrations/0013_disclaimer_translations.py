"""The standard disclaimer in the five other official languages, for version 1 as seeded.

Only a version 1 whose English texts are still those seeded (notes/migrations/0002) and that
has no translation yet is given them: a deployment that wrote its own footnote keeps it, and
adds its translations in the admin with a new version."""

from django.db import migrations

SEEDED_TEXT = (
    "For information – not an official report. The views expressed here do not necessarily "
    "represent those of the 1540 Committee or of the organizers or participants in the event."
)
SEEDED_CONTACT_LINE = (
    "For further information, please contact the 1540 Committee experts by e-mail at "
    "1540experts@un.org."
)
TRANSLATIONS = {
    "fr": (
        "Pour information – ne constitue pas un rapport officiel. Les opinions exprimées ici ne "
        "reflètent pas nécessairement celles du Comité 1540, ni celles des organisateurs ou des "
        "participants à l'événement.",
        "Pour de plus amples informations, veuillez contacter les experts du Comité 1540 par "
        "courriel à l'adresse 1540experts@un.org.",
    ),
    "es": (
        "A título informativo; no constituye un informe oficial. Las opiniones expresadas en el "
        "presente documento no reflejan necesariamente las del Comité 1540 ni las de los "
        "organizadores o participantes en la actividad.",
        "Para más información, sírvanse dirigirse a los expertos del Comité 1540 por correo "
        "electrónico: 1540experts@un.org.",
    ),
    "ru": (
        "Для информации – не является официальным докладом. Изложенные здесь мнения не "
        "обязательно отражают мнения Комитета 1540, организаторов или участников мероприятия.",
        "За дополнительной информацией просьба обращаться к экспертам Комитета 1540 по "
        "электронной почте: 1540experts@un.org.",
    ),
    "ar": (
        "للعلم – ليس تقريرا رسميا. ولا تعبر الآراء الواردة هنا بالضرورة عن آراء لجنة القرار 1540 "
        "أو منظمي المناسبة أو المشاركين فيها.",
        "للمزيد من المعلومات، يرجى الاتصال بخبراء لجنة القرار 1540 عن طريق البريد الإلكتروني: "
        "1540experts@un.org.",
    ),
    "zh_hans": (
        "仅供参考——并非正式报告。本文所表达的观点不一定代表1540委员会或活动组织者、参与者的观点。",
        "如需更多信息，请通过电子邮件1540experts@un.org与1540委员会专家联系。",
    ),
}


def translate_the_seeded_version(apps, schema_editor):
    Disclaimer = apps.get_model("notes", "Disclaimer")
    seeded = Disclaimer.objects.filter(
        version=1, text=SEEDED_TEXT, contact_line=SEEDED_CONTACT_LINE, text_fr=""
    )
    fields = {}
    for language, (text, contact_line) in TRANSLATIONS.items():
        fields[f"text_{language}"] = text
        fields[f"contact_line_{language}"] = contact_line
    seeded.update(**fields)


class Migration(migrations.Migration):
    dependencies = [("notes", "0012_disclaimer_languages")]

    operations = [migrations.RunPython(translate_the_seeded_version, migrations.RunPython.noop)]
