"""Demo users, one or more per scenario; all share the password ``DEMO_PASSWORD``.

The README's tour lists them; other apps' demo loaders refer to them by username.
"""

from __future__ import annotations

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.orgunits.models import OrgUnit

DEMO_PASSWORD = "thidua-demo"

# username: (full name, position, [(unit code, role)])
USERS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "admin": ("Quản trị hệ thống", "System administrator", [("VN", Role.ADMIN)]),
    # S1 — Bắc Giang plan 92/KH-BCĐNQ
    "bg.supervisor": (
        "Nguyễn Văn Hùng",
        "Chánh Văn phòng UBND tỉnh (theo dõi, đôn đốc)",
        [("H-BG", Role.MANAGER)],
    ),
    "bg.police": ("Trần Minh Đức", "Cán bộ Công an tỉnh", [("H-BG-CA", Role.REPORTER)]),
    "bg.foreign": ("Lê Thị Mai", "Chuyên viên Sở Ngoại vụ", [("H-BG-SNGV", Role.REPORTER)]),
    "bg.luc-ngan": ("Hoàng Văn Nam", "Văn phòng huyện Lục Ngạn", [("H-BG-D-LN", Role.REPORTER)]),
    "bn.archive": ("Phạm Thu Hà", "Văn phòng UBND tỉnh Bắc Ninh", [("P24", Role.VIEWER)]),
    # S2 — Hà Tĩnh, five years of 35-NQ/TW; S3 — Hà Tĩnh coordination plans
    "ht.bcd35": ("Đặng Quốc Việt", "Thường trực BCĐ 35 tỉnh", [("P42", Role.MANAGER)]),
    "ht.huongson": ("Nguyễn Thị Lan", "BCĐ 35 huyện Hương Sơn", [("P42-D-HS", Role.REPORTER)]),
    "ht.btg": ("Đào Xuân Yên", "Trưởng Ban Tuyên giáo Tỉnh ủy", [("P42-BTGTU", Role.MANAGER)]),
    "ht.hdnd": ("Nguyễn Quang Hải", "Phó Chủ tịch HĐND tỉnh", [("P42-HDND", Role.APPROVER)]),
    "ht.ubnd": ("Đào Thanh Tùng", "Phó Chủ tịch UBND tỉnh", [("P42-UBND", Role.APPROVER)]),
    "ht.stp": ("Võ Thị Hằng", "Chuyên viên Sở Tư pháp", [("P42-STP", Role.REPORTER)]),
    # S4 — Hà Giang, ten years of programme 09
    "hg.police": (
        "Vương Văn Sinh",
        "Công an tỉnh Hà Giang",
        [("H-HG", Role.APPROVER), ("H-HG-CA", Role.MANAGER)],
    ),
    "hg.front": ("Hầu Thị Mai", "Ủy ban MTTQ tỉnh Hà Giang", [("H-HG-MTTQ", Role.MANAGER)]),
    "hg.chair": (
        "Nguyễn Văn Sơn",
        "Chủ tịch UBND tỉnh Hà Giang",
        [("H-HG-UBND", Role.MANAGER), ("H-HG", Role.APPROVER)],
    ),
    "hg.dongvan": ("Sùng Mí Pả", "Cán bộ huyện Đồng Văn", [("H-HG-D-DV", Role.REPORTER)]),
    "hg.lungcu": ("Giàng Seo Pao", "Công an xã Lũng Cú", [("H-HG-D-DV-01", Role.REPORTER)]),
    # S5 — national movement "All people protect national security"
    "bca.movement": ("Lê Quang Trung", "Cục V05, Bộ Công an", [("BCA", Role.MANAGER)]),
    "hdtdkt.secretary": (
        "Phạm Thị Thanh",
        "Thư ký Hội đồng TĐKT Trung ương",
        [("HDTDKT", Role.MANAGER), ("BNV", Role.MANAGER)],
    ),
    "moet.reporter": ("Trịnh Văn Bình", "Bộ Giáo dục và Đào tạo", [("BGDDT", Role.REPORTER)]),
    "hanoi.reporter": ("Ngô Thị Hoa", "UBND Thành phố Hà Nội", [("P01", Role.REPORTER)]),
    "vn.approver": ("Bùi Đức Long", "Chuyên viên tổng hợp (toàn quốc)", [("VN", Role.APPROVER)]),
    # Someone with no role anywhere: sees nothing but their own account.
    "outsider": ("Người ngoài", "Không giữ vai trò nào", []),
}


def load() -> None:
    for username, (full_name, position, roles) in USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_password(DEMO_PASSWORD)
        user.full_name, user.position = full_name, position
        user.email = f"{username.replace('.', '-')}@demo.thidua.invalid"
        user.is_superuser = user.is_staff = username == "admin"
        user.save()
        for code, role in roles:
            RoleAssignment.objects.get_or_create(
                user=user, unit=OrgUnit.objects.get(code=code), role=role
            )
