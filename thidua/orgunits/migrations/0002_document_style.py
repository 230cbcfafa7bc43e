"""How a body signs its documents (thidua.core.wordlayout): its abbreviation in document
numbers, its superior body, its head's title and the collective that signs.

Fills the seed bodies already in a database (a copy of ``orgunits.demo.DOCUMENT_STYLE`` as
it was when the fields came; the demo loader sets them on a fresh load). Units that are
not in the database are left alone.
"""

import django.db.models.deletion
from django.db import migrations, models

# code: (abbreviation, superior body's code, title of its head, collective that signs)
STYLE = {
    "BCA": ("BCA", "", "Bộ trưởng", ""),
    "BNV": ("BNV", "", "Bộ trưởng", ""),
    "BTDKT": ("BTĐKT", "", "Trưởng ban", ""),
    "HDTDKT": ("HĐTĐKT", "", "Chủ tịch", "Hội đồng"),
    "H-BG-TU": ("TU", "", "Bí thư", "Ban Thường vụ"),
    "H-BG-BTGTU": ("BTGTU", "", "Trưởng ban", ""),
    "H-BG-BCDNQ": ("BCĐNQ", "", "Trưởng ban", "Ban Chỉ đạo"),
    "H-BG-UBND": ("UBND", "", "Chủ tịch", "Ủy ban nhân dân"),
    "H-BG-VP": ("VP", "", "Chánh Văn phòng", ""),
    "H-BG-CA": ("CAT", "BCA", "Giám đốc", ""),
    "H-BG-SNGV": ("SNgV", "", "Giám đốc", ""),
    "H-BG-STTTT": ("STTTT", "", "Giám đốc", ""),
    "H-BG-SVHTTDL": ("SVHTTDL", "", "Giám đốc", ""),
    "H-BG-SGDDT": ("SGDĐT", "", "Giám đốc", ""),
    "P42-TU": ("TU", "", "Bí thư", "Ban Thường vụ"),
    "P42-BCD35": ("BCĐ35", "", "Trưởng ban", "Ban Chỉ đạo"),
    "P42-BTGTU": ("BTGTU", "", "Trưởng ban", ""),
    "P42-HDND": ("HĐND", "", "Chủ tịch", "Thường trực Hội đồng nhân dân"),
    "P42-UBND": ("UBND", "", "Chủ tịch", "Ủy ban nhân dân"),
    "P42-CA": ("CAT", "BCA", "Giám đốc", ""),
    "P42-STP": ("STP", "", "Giám đốc", ""),
    "P42-SXD": ("SXD", "", "Giám đốc", ""),
    "P42-SNNMT": ("SNNMT", "", "Giám đốc", ""),
    "P42-D-HS-BCD35": ("BCĐ35", "", "Trưởng ban", "Ban Chỉ đạo"),
    "P42-D-CL-BCD35": ("BCĐ35", "", "Trưởng ban", "Ban Chỉ đạo"),
    "P42-D-KA-BCD35": ("BCĐ35", "", "Trưởng ban", "Ban Chỉ đạo"),
    "H-HG-UBND": ("UBND", "", "Chủ tịch", "Ủy ban nhân dân"),
    "H-HG-CA": ("CAT", "BCA", "Giám đốc", ""),
    "H-HG-MTTQ": ("MTTQ", "", "Chủ tịch", "Ban Thường trực"),
}


def fill(apps, schema_editor):
    OrgUnit = apps.get_model("orgunits", "OrgUnit")
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[*STYLE, "BCA"])}
    for code, (abbreviation, superior, head, collective) in STYLE.items():
        unit = units.get(code)
        if unit is None:
            continue
        unit.abbreviation, unit.head_title, unit.collective_name = abbreviation, head, collective
        unit.superior_body = units.get(superior) if superior else None
        unit.save(update_fields=["abbreviation", "head_title", "collective_name", "superior_body"])


class Migration(migrations.Migration):

    dependencies = [
        ('orgunits', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='orgunit',
            name='abbreviation',
            field=models.CharField(blank=True, help_text="The body's part of a document's number and symbol: UBND in 15/BC-UBND.", max_length=20, verbose_name='abbreviation in document numbers'),
        ),
        migrations.AddField(
            model_name='orgunit',
            name='collective_name',
            field=models.CharField(blank=True, help_text='For a body led collectively, the collective its head signs for (TM. Ủy ban nhân dân). Empty: the rule of its kind.', max_length=120, verbose_name='collective that signs'),
        ),
        migrations.AddField(
            model_name='orgunit',
            name='head_title',
            field=models.CharField(blank=True, help_text='Who signs for the body: Chủ tịch, Giám đốc, Trưởng ban…', max_length=80, verbose_name='title of its head'),
        ),
        migrations.AddField(
            model_name='orgunit',
            name='superior_body',
            field=models.ForeignKey(blank=True, help_text="Named above the body in its documents' header. Empty: its parent, when the parent is a body and not a locality.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgunits.orgunit', verbose_name='superior body'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
