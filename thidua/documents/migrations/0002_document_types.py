"""The document type catalogue of docs/RULES.md §1 (Decree 30/2020 Appendix III, Party usage).

Data, editable in the admin afterwards; this migration only adds missing codes.
"""

from django.db import migrations

STATE = [
    ("NQ", "Nghị quyết", "Resolution"), ("QĐ", "Quyết định", "Decision"),
    ("CT", "Chỉ thị", "Directive"), ("QC", "Quy chế", "Rules"), ("QyĐ", "Quy định", "Regulation"),
    ("TC", "Thông cáo", "Communiqué"), ("TB", "Thông báo", "Notice"), ("HD", "Hướng dẫn", "Guidance"),
    ("CTr", "Chương trình", "Programme"), ("KH", "Kế hoạch", "Plan"), ("PA", "Phương án", "Option"),
    ("ĐA", "Đề án", "Scheme"), ("DA", "Dự án", "Project"), ("BC", "Báo cáo", "Report"),
    ("BB", "Biên bản", "Minutes"), ("TTr", "Tờ trình", "Submission"), ("HĐ", "Hợp đồng", "Contract"),
    ("CĐ", "Công điện", "Telegram"), ("BGN", "Bản ghi nhớ", "Memorandum"),
    ("BTT", "Bản thỏa thuận", "Agreement"), ("GUQ", "Giấy ủy quyền", "Power of attorney"),
    ("GM", "Giấy mời", "Invitation"), ("GGT", "Giấy giới thiệu", "Introduction"),
    ("GNP", "Giấy nghỉ phép", "Leave permit"), ("PG", "Phiếu gửi", "Dispatch slip"),
    ("PC", "Phiếu chuyển", "Transfer slip"), ("PB", "Phiếu báo", "Notice slip"),
    ("SY", "Bản sao y", "True copy"), ("TrS", "Bản trích sao", "Extract copy"),
    ("SL", "Bản sao lục", "Duplicate copy"), ("NĐ", "Nghị định", "Decree"),
    ("TT", "Thông tư", "Circular"), ("L", "Luật", "Law"),
]
PARTY = [("KL", "Kết luận", "Conclusion"), ("QĐi", "Quy định (Đảng)", "Party regulation"),
         ("CV", "Công văn", "Official letter")]


def add_types(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for code, name, name_en in STATE:
        DocumentType.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for code, name, name_en in PARTY:
        DocumentType.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "party_only": True}
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
