"""The standard list of acts to record on audio/video (R2; 国办发〔2018〕118号)."""

from django.db import migrations

BASIS = "国办发〔2018〕118号"
OPEN = "执法人员抵达现场"
CLOSE = "执法人员离开现场"
PHRASES = (
    "开始：“现在是X年X月X日X时X分，我们是XX的执法人员XX、XX，执法证号XX、XX，"
    "现依法对XX进行XX，全程进行音像记录。”\n结束：“本次执法活动结束，现在是X时X分，停止记录。”"
)
RULES = [
    ("seizure", "", "mandatory"),
    ("demolition", "", "mandatory"),
    ("inspection", "", "recommended"),
    ("inquiry", "", "recommended"),
    ("sampling", "", "recommended"),
    ("preservation", "", "recommended"),
    ("hearing", "", "recommended"),
    ("service", "left", "recommended"),
    ("service", "public_notice", "recommended"),
]


def seed(apps, schema_editor):
    RecordingRule = apps.get_model("records", "RecordingRule")
    for kind, method, requirement in RULES:
        RecordingRule.objects.get_or_create(
            act_kind=kind, service_method=method,
            defaults={"requirement": requirement, "basis": BASIS, "start_trigger": OPEN,
                      "end_trigger": CLOSE, "phrases": PHRASES},
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
