"""The default 组卷要求 (every series without its own lines), in the order of the seed: the two official forms
(§一: 评审表 and 一览表, 一式三份), what §二 produced (排名表, 公示, 承诺书), then the materials of §二(七).3
and §一 (学历, 资历, 论文, 获奖, 工作总结) and the assessment/continuing-education evidence."""

from django.db import migrations

DEFAULT_ITEMS = [
    ("《专业技术职务任职资格评审表》（一式三份）", True),
    ("《申报评审XX系列XX专业技术职务任职资格情况一览表》（一式三份）", True),
    ("《申报晋升人员量化评分推荐排名表》", True),
    ("单位公示情况（公示材料及无异议证明）", True),
    ("《职称申报评审真实性承诺书》", True),
    ("学历（学位）证书", True),
    ("资历证明（现专业技术职务任职资格证书、聘任证明）", True),
    ("论文（论著）", False),
    ("获奖证书、科研成果证明", False),
    ("工作总结", True),
    ("年度及任职期满考核材料", True),
    ("继续教育证明", True),
]


def add(apps, schema_editor):
    AssemblyItem = apps.get_model("office_review", "AssemblyItem")
    if AssemblyItem.objects.filter(series__isnull=True).exists():
        return
    AssemblyItem.objects.bulk_create([AssemblyItem(series=None, order=i, name=name, required=required)
                                      for i, (name, required) in enumerate(DEFAULT_ITEMS, 1)])


def remove(apps, schema_editor):
    apps.get_model("office_review", "AssemblyItem").objects.filter(series__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("office_review", "0004_handin")]
    operations = [migrations.RunPython(add, remove)]
