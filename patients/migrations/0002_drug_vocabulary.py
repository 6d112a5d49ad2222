"""The first drug vocabulary: the drugs the clinical sources name, plus the common systemic
treatments of the primary cancers the panel sees. Admins extend it in the Django admin."""

from django.db import migrations

DRUGS = {
    "chemotherapy": [
        "gemcitabine", "doxorubicin", "carboplatin", "cisplatin", "vinorelbine", "paclitaxel",
        "etoposide", "pemetrexed", "docetaxel", "capecitabine", "cabazitaxel",
    ],
    "targeted": [
        "erlotinib", "gefitinib", "osimertinib", "afatinib", "alectinib", "brigatinib",
        "lorlatinib", "crizotinib", "sotorasib", "sunitinib", "cabozantinib", "palbociclib",
        "ribociclib", "abemaciclib", "olaparib", "trastuzumab",
    ],
    "anti_angiogenic": ["bevacizumab"],
    "immunotherapy": [
        "pembrolizumab", "nivolumab", "atezolizumab", "durvalumab", "ipilimumab", "cemiplimab",
    ],
    "hormone": [
        "letrozole", "anastrozole", "tamoxifen", "fulvestrant", "enzalutamide", "abiraterone",
        "leuprorelin", "degarelix",
    ],
    "antithrombotic": [
        "aspirin", "clopidogrel", "prasugrel", "ticagrelor", "apixaban", "rivaroxaban",
        "dabigatran", "edoxaban", "warfarin", "fluindione", "acenocoumarol", "enoxaparin",
        "tinzaparin",
    ],
    "antiresorptive": ["zoledronic_acid", "denosumab", "pamidronate"],
}


def load(apps, schema_editor):
    Drug = apps.get_model("patients", "Drug")
    for category, codes in DRUGS.items():
        for code in codes:
            Drug.objects.update_or_create(
                code=code,
                defaults={"name": code.replace("_", " ").capitalize(), "category": category},
            )


def unload(apps, schema_editor):
    Drug = apps.get_model("patients", "Drug")
    Drug.objects.filter(code__in=[c for codes in DRUGS.values() for c in codes]).delete()


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
