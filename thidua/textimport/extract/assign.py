"""Who does what, by when: the parties, timing and classes of units of a plan's tasks,
in Vietnamese, Thai and English, from both shapes a plan comes in.

* The formal layout labels them under each numbered task: "Cơ quan chủ trì: …; Cơ quan
  phối hợp: …; Thời gian hoàn thành: …", "Lead agency: …; Coordinating agencies: …;
  Deadline: …", "หน่วยงานหลัก: … หน่วยงานประสาน: … กำหนดเสร็จ: …".
* A news report or a paragraph assigns work in sentences whose subject is a body: "Sở
  Nông nghiệp và Môi trường chủ trì, phối hợp với Công an tỉnh rà soát …, hoàn thành
  trước ngày 30/9/2025", "The Department of Finance is responsible for …",
  "กรมการคลังรับผิดชอบ …". Each such sentence or clause is a task.

A body's name starts with a word that names a kind of body (Sở, Công an, Ủy ban…,
Department, Police…, กรม, ตำรวจ…); that is how a subject is told from any other words,
and how a list of bodies is cut into its names ("Sở Tài chính, Sở Nội vụ" is two, "Sở
Văn hóa, Thể thao và Du lịch" one). A class of units ("Ủy ban nhân dân các xã, phường",
"People's Committees of communes and wards") is read as unit kinds, for an assignment
to every unit of those kinds. Each rule is written for a shape of language, never for a
given text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

# --- kinds of bodies ----------------------------------------------------------------------

# Vietnamese: the words a body's name begins with, capitalised as names are.
_VI_KIND = (
    r"(?:Ủy ban|Uỷ ban|UBND|UBMTTQ|HĐND|Hội đồng|Sở|Ban|Bộ Chỉ huy|Bộ đội|Bộ|Công an|"
    r"Văn phòng|Thanh tra|Kho bạc|Ngân hàng|Bảo hiểm|Cục|Chi cục|Phòng|Trung tâm|Viện|"
    r"Trường|Báo|Đài|Hội|Liên đoàn|Liên minh|Đoàn|Tỉnh đoàn|Thành đoàn|Mặt trận|Tòa án|"
    r"Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|Cơ quan|Thường trực|Chủ tịch|Hạt|Đồn|Bệnh viện|"
    r"Quỹ|Tổng cục|Ban Chỉ đạo|Ban chỉ đạo|Xã|Phường|Thị trấn|Đặc khu)"
)
_VI_KIND_RX = re.compile(rf"(?<![\w]){_VI_KIND}(?![\w])")
_EN_KIND = (
    r"(?:Department|Departments|Office|Committee|Committees|Police|Council|Board|Ministry|"
    r"Union|Front|Centre|Center|Command|Agency|Agencies|Newspaper|Radio|Association|"
    r"Federation|School|Schools|Inspectorate|Bank|Treasury|Court|Procuracy|Authority|"
    r"Youth Union|Steering Committee|Fund|Hospital|Station|Sub-department|Division)"
)
_EN_KIND_RX = re.compile(rf"\b{_EN_KIND}\b", re.IGNORECASE)
_TH_KIND = (
    r"(?:คณะกรรมการ|กรม|สำนักงาน|ตำรวจ|กองบัญชาการ|กองบัญชาการทหาร|กองทัพ|สภา|ศูนย์|"
    r"สมาคม|สหภาพ|สหพันธ์|แนวร่วม|กระทรวง|หนังสือพิมพ์|สถานีวิทยุ|สถานี|ธนาคาร|"
    r"โรงเรียน|หน่วยงาน|ฝ่าย|ศาล|องค์การ|กองทุน|คลัง|สำนัก|กอง|โรงพยาบาล|สถาบัน|"
    r"ตำบล|แขวง|อำเภอ|จังหวัด)"
)
_TH_KIND_RX = re.compile(_TH_KIND)

# --- classes of units -----------------------------------------------------------------------

_CLASS_WORDS = {
    "vi": (
        ("commune", r"xã|thị trấn"),
        ("ward", r"phường"),
        ("special_zone", r"đặc khu"),
        ("district", r"huyện|quận|thị xã|thành phố thuộc tỉnh"),
        ("department", r"sở|ban|ngành|sở, ngành|sở, ban, ngành"),
        ("school", r"trường(?: học)?"),
        ("enterprise", r"doanh nghiệp"),
    ),
    "en": (
        ("commune", r"communes|townships"),
        ("ward", r"wards"),
        ("special_zone", r"special zones"),
        ("district", r"districts"),
        ("department", r"departments|agencies|branches|sectors"),
        ("school", r"schools"),
        ("enterprise", r"enterprises|businesses"),
    ),
    "th": (
        ("commune", r"ตำบล|ชุมชน"),
        ("ward", r"แขวง"),
        ("district", r"อำเภอ|เขต|เมือง"),
        ("department", r"กรม|หน่วยงาน|ภาคส่วน"),
        ("school", r"โรงเรียน"),
        ("enterprise", r"วิสาหกิจ|ธุรกิจ|ผู้ประกอบการ"),
    ),
}


def _class_rx(lang: str) -> re.Pattern[str]:
    words = "|".join(w for _k, w in _CLASS_WORDS[lang])
    if lang == "vi":
        # "Ủy ban nhân dân các xã, phường", "UBND các huyện, thành phố", "các sở, ban, ngành"
        return re.compile(
            rf"(?:(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Chủ tịch UBND)\s+)?"
            rf"(?:các|tất cả các|toàn bộ các)\s+(?:{words})(?:\s*(?:,|và|/)\s*(?:{words}))*"
            rf"(?:\s+(?:trên địa bàn|thuộc)\s+(?:tỉnh|thành phố|huyện))?",
            re.IGNORECASE,
        )
    if lang == "en":
        return re.compile(
            rf"(?:(?:the\s+)?People's Committees of\s+|(?:all|the)\s+)"
            rf"(?:{words})(?:\s*(?:,|and|/)\s*(?:{words}))*",
            re.IGNORECASE,
        )
    return re.compile(
        rf"(?:คณะกรรมการประชาชน(?:ของ|ระดับ)?\s*|ทุก\s*)(?:{words})"
        rf"(?:\s*(?:,|และ|/)\s*(?:{words}))*(?:ต่าง ?ๆ|ทุกแห่ง)?"
        rf"|(?:{words})(?:\s*(?:,|และ|/)\s*(?:{words}))*\s*(?:ทุกแห่ง|ทุกระดับ|ทั้งหมด)"
    )


_CLASS_RX = {lang: _class_rx(lang) for lang in _CLASS_WORDS}


def unit_classes(text: str, lang: str) -> list[tuple[str, tuple[int, int]]]:
    """The classes of units ``text`` names — (kind, span) once each kind, in text order:
    "Ủy ban nhân dân các xã, phường" → commune and ward."""
    rx = _CLASS_RX.get(lang) or _CLASS_RX["vi"]
    found: dict[str, tuple[int, int]] = {}
    for m in rx.finditer(text):
        # The kinds are named after the plural word ("các", "of", "ทุก"), not in "Ủy ban".
        phrase = re.split(r"\b(?:các|of|all)\s+|ทุก|ของ|ระดับ", m.group().lower(), maxsplit=1)[-1]
        if lang == "th" and not any(re.search(w, phrase) for _k, w in _CLASS_WORDS["th"]):
            phrase = m.group()  # "โรงเรียนทุกแห่ง": the kind is said before "ทุก"
        for kind, words in _CLASS_WORDS.get(lang, _CLASS_WORDS["vi"]):
            # Thai writes words together: no word boundary to look for.
            bounded = words if lang == "th" else rf"(?<!\w)(?:{words})(?!\w)"
            if re.search(bounded, phrase) and kind not in found:
                found[kind] = m.span()
    return list(found.items())


# --- splitting a list of bodies -------------------------------------------------------------


def _kind_rx(lang: str) -> re.Pattern[str]:
    return {"en": _EN_KIND_RX, "th": _TH_KIND_RX}.get(lang, _VI_KIND_RX)


_ARTICLE = re.compile(r"^(?:the|các|all|and|và|cùng|with|với|และ|กับ)\s+", re.IGNORECASE)
_VI_SPLIT = re.compile(r"\s*(?:[,;/]|\bvà\b|\bcùng\b|\bvới\b)\s*")
_EN_SPLIT = re.compile(r"\s*(?:[,;/]|\band\b|\bwith\b)\s*", re.IGNORECASE)
_TH_SPLIT = re.compile(r"\s*(?:[,;/]|และ|กับ|ร่วมกับ|\s)\s*")
_TRAIL = " ,;:.–-()\"'"


def _name_start(piece: str, lang: str) -> bool:
    piece = _ARTICLE.sub("", piece.strip(_TRAIL))
    if lang == "en":
        # "provincial police", "the Department of …", "Phu Tho Provincial Tax Office": a
        # kind word within its first words, before the next comma or "and" (in "Industry
        # and Trade; Provincial Police", "Trade" begins no name).
        cut = _EN_SPLIT.search(piece)
        own = piece[: cut.start()] if cut else piece
        return bool(_EN_KIND_RX.search(" ".join(own.split()[:6])))
    m = _kind_rx(lang).match(piece)
    return bool(m)


def split_parties(phrase: str, lang: str) -> list[str]:
    """The bodies a phrase names, each as written: cut at a comma, "và", "and", "และ"…
    only where the next words begin a body's name."""
    phrase = phrase.strip(_TRAIL)
    if not phrase:
        return []
    splitter = {"en": _EN_SPLIT, "th": _TH_SPLIT}.get(lang, _VI_SPLIT)
    pieces: list[str] = []
    last = 0
    for m in splitter.finditer(phrase):
        rest = phrase[m.end() :]
        if m.start() > last and _name_start(rest, lang):
            pieces.append(phrase[last : m.start()])
            last = m.end()
    pieces.append(phrase[last:])
    out = []
    for p in pieces:
        p = _ARTICLE.sub("", p.strip(_TRAIL)).strip(_TRAIL)
        if p and (_name_start(p, lang) or lang == "th") and p not in out:
            out.append(p)
    return out


# --- labelled lines (the formal layout) -------------------------------------------------

_LEAD_LABELS = (
    r"(?:Cơ quan|Đơn vị)\s+(?:chủ\s+trì|thực\s+hiện|chịu\s+trách\s+nhiệm)|"
    r"Chủ\s+trì(?:\s+thực\s+hiện)?|"
    r"Lead(?:ing)?(?:\s+(?:agency|agencies|body|bodies|unit|units))?|In\s+charge|Responsible"
    r"(?:\s+(?:agency|agencies|body|unit))?|หน่วยงานหลัก|หน่วยงานรับผิดชอบ|ผู้รับผิดชอบ|"
    r"หน่วยงานที่รับผิดชอบ|เจ้าภาพ"
)
_COORD_LABELS = (
    r"(?:Cơ quan|Đơn vị)\s+phối\s+hợp|Phối\s+hợp|Coordinat(?:ing|ion)(?:\s+(?:agency|agencies|"
    r"bodies|units))?|In\s+coordination\s+with|Support(?:ing)?(?:\s+agencies)?|"
    r"หน่วยงานประสาน(?:งาน)?|หน่วยงานร่วม|หน่วยงานสนับสนุน|ประสานงาน"
)
_TIME_LABELS = (
    r"Thời\s+(?:gian|hạn)(?:\s+(?:hoàn\s+thành|thực\s+hiện))?|Hạn\s+(?:hoàn\s+thành|chót)|"
    r"Deadline|Time(?:line|frame)?|Completion|Due|To\s+be\s+completed|กำหนดเสร็จ|"
    r"ระยะเวลา(?:ดำเนินการ)?|กำหนดเวลา|ระยะเวลาแล้วเสร็จ|เวลา"
)
LABEL = re.compile(
    rf"(?P<lead>{_LEAD_LABELS})|(?P<coord>{_COORD_LABELS})|(?P<time>{_TIME_LABELS})",
    re.IGNORECASE,
)
# A label is followed by a colon (or a dash) and stands at a line's or clause's start.
LABELLED = re.compile(
    rf"(?:^|(?<=[\n;.]))[ \t\-–+•*]*(?:{_LEAD_LABELS}|{_COORD_LABELS}|{_TIME_LABELS})"
    r"[^:\n]{0,20}?\s*[:：]",
    re.IGNORECASE | re.MULTILINE,
)


def labelled_fields(text: str) -> dict[str, tuple[str, tuple[int, int]]]:
    """The labelled values of a task's text: {"lead"|"coord"|"time": (value, span)}; a
    value runs to the next label, the next line or a semicolon."""
    out: dict[str, tuple[str, tuple[int, int]]] = {}
    marks = list(LABELLED.finditer(text))
    for i, m in enumerate(marks):
        label = LABEL.search(m.group())
        if label is None:
            continue
        role = label.lastgroup or ""
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value_end = end
        nl = text.find("\n", m.end(), end)
        if nl >= 0:
            value_end = nl
        value = text[m.end() : value_end].strip(_TRAIL)
        if role and role not in out and value:
            out[role] = (value, (m.end(), value_end))
    return out


# --- assignment sentences --------------------------------------------------------------------

# Vietnamese verbs that open the work after a subject, lower case as written in prose.
_VI_VERBS = (
    r"chủ trì|chịu trách nhiệm|có trách nhiệm|được giao|thực hiện|tổ chức|triển khai|"
    r"tham mưu|hướng dẫn|phối hợp|theo dõi|đôn đốc|kiểm tra|rà soát|xây dựng|báo cáo|"
    r"tuyên truyền|cung cấp|bố trí|bảo đảm|đảm bảo|chỉ đạo|giám sát|tổng hợp|nghiên cứu|"
    r"lồng ghép|phát động|vận động|quán triệt|chuẩn bị|đẩy mạnh|tăng cường|"
    r"cập nhật|thẩm định|phân bổ|rà soát|lập|soạn thảo|biên soạn|phổ biến|duy trì|"
    r"hoàn thành|tập trung|khẩn trương|sẽ|cần|phải|tiếp tục|chủ động|nghiêm túc|"
    r"có nhiệm vụ|được giao nhiệm vụ"
)
_VI_VERB_RX = re.compile(rf"(?<![\wÀ-ỹ])(?:{_VI_VERBS})(?![\wÀ-ỹ])")
_VI_LEAD_VERB = re.compile(
    r"^(?:chủ trì|chịu trách nhiệm(?: chính)?|có trách nhiệm|có nhiệm vụ|"
    r"được giao(?: nhiệm vụ| chủ trì)?|"
    r"là cơ quan (?:thường trực|đầu mối|chủ trì)|sẽ|cần|phải)\s*[,:]?\s*"
)
_VI_COORD = re.compile(
    rf"^(?:phối hợp với|phối hợp cùng|phối hợp|cùng với|cùng(?=\s+{_VI_KIND}))\s+"
)
# ", phối hợp với Sở Công Thương" said after the work.
_VI_LATE_COORD = re.compile(
    rf",\s*(?:phối hợp với|phối hợp cùng|cùng với)\s+(?P<x>{_VI_KIND}[^,;.]*?)(?=[,;.]|$)"
)
# A clause may open with a word that links it to the last ("Còn UBND các xã …").
_VI_OPENER = re.compile(r"^\s*(?:Còn|Riêng|Đồng thời|Bên cạnh đó|Ngoài ra|Trong đó)\s*,?\s+")
_VI_ASK = re.compile(
    r"(?:^|(?<=\s))(?:Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu|Phân công|giao cho)\s+"
)

_EN_LEAD = re.compile(
    r"\s+(?:will|shall|must|is to|are to|should)?\s*(?:take the lead(?: in| on)?|lead|leads|"
    r"be responsible for|is responsible for|are responsible for|is in charge of|"
    r"are in charge of|(?:(?:is|are|was|were|has been|have been)\s+(?:also\s+)?"
    r"(?:tasked with|assigned to|asked to|requested to|responsible for|in charge of))|"
    r"will|shall|must|is to|are to)\b[,:]?\s*",
    re.IGNORECASE,
)
_EN_COORD = re.compile(
    r"^,?\s*(?:in (?:close )?(?:coordination|cooperation|collaboration) with|coordinating with|"
    r"together with|working with|with the support of|jointly with)\s+",
    re.IGNORECASE,
)
_EN_ASK = re.compile(
    r"\b(?:assign(?:s|ed)?|task(?:s|ed)|ask(?:s|ed)|request(?:s|ed)|direct(?:s|ed)|"
    r"instruct(?:s|ed)|require(?:s|d))\s+(?=the\s|[A-Z])",
)

_TH_LEAD = re.compile(
    r"(?:เป็นเจ้าภาพ(?:หลัก)?|เป็นประธาน|เป็นหน่วยงานหลัก|เป็นผู้นำ|รับผิดชอบ(?:หลัก)?|"
    r"มีหน้าที่|มีความรับผิดชอบ|ได้รับมอบหมาย(?:ให้)?|ทำหน้าที่(?:หลัก)?|จะเป็นผู้|จะ|ต้อง)"
)
_TH_COORD = re.compile(r"(?:ประสานงานกับ|ประสานกับ|ร่วมกับ|โดยความร่วมมือกับ|โดยประสานงานกับ|ร่วมมือกับ)\s*")
_TH_ASK = re.compile(r"(?:มอบหมายให้|ขอให้|กำหนดให้|สั่งการให้)\s*")
_TH_VERB = re.compile(
    r"ดำเนินการ|ตรวจสอบ|จัดทำ|จัดให้|จัด|ติดตาม|รายงาน|เผยแพร่|ประชาสัมพันธ์|สนับสนุน|"
    r"ทบทวน|ให้คำแนะนำ|แนะนำ|กำกับ|เร่งรัด|สรุป|รวบรวม|ส่งเสริม|พัฒนา|สร้าง|ปรับปรุง|"
    r"จัดสรร|เสนอ|ให้ข้อมูล|ศึกษา|กระตุ้น|ระดม|ตรวจ|ควบคุม|ปฏิบัติ|เตรียม|เร่ง|ประสานงาน|"
    r"ประสาน|ให้คำปรึกษา|บูรณาการ|เฝ้าระวัง|อำนวยการ|ส่ง|มุ่งเน้น|ทำงานร่วม"
)

# Where the work's words end and its timing begins: ", hoàn thành trước ngày …".
_WORK_END = re.compile(
    r"\s*[,;(]?\s*(?:(?:và\s+)?(?:hoàn thành|xong|báo cáo kết quả)\s+(?:trước|trong|chậm nhất)|"
    r"trước ngày|chậm nhất|thời gian hoàn thành|thời hạn|(?:to be )?completed? (?:by|before)|"
    r"no later than|by the end of|(?:by|before) \d|ให้แล้วเสร็จ|แล้วเสร็จ|ภายในวันที่|ก่อนวันที่)",
    re.IGNORECASE,
)


@dataclass
class Assignment:
    """A task read from a sentence: its work, who leads and coordinates, its span."""

    title: str
    leads: list[str]
    coordinators: list[str]
    span: tuple[int, int]
    classes: list[str] = field(default_factory=list)


_SENTENCE = re.compile(r"[^.;!?\n]+(?:[.;!?](?!\d)|\n|$)")
_TH_SENTENCE = re.compile(r"[^\n]+")


def _clauses(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentences or clauses (vi/en: cut at ". ", ";", new lines; a decimal "15.6" or
    "No." is no cut)."""
    out = []
    if lang == "th":
        # Thai writes sentences apart by spaces, not stops: cut at each subject a lead
        # verb follows (done by the caller); here, lines.
        for m in _TH_SENTENCE.finditer(text):
            out.append(m.span())
        return out
    start = 0
    for m in re.finditer(r"(?:[.!?](?=\s+[A-ZÀ-Ỹ\"“(])|;|\n)", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _trim_work(work: str) -> str:
    cut = _WORK_END.search(work)
    if cut and cut.start() > 8:
        work = work[: cut.start()]
    return work.strip(_TRAIL + " ")


def _vi_sentence(text: str, s: int, e: int) -> Assignment | None:
    clause = text[s:e]
    # The subject: a body's name at the clause's start, or after "Giao"/"Đề nghị", or
    # after an opening phrase and a comma ("Theo kế hoạch, Sở Nội vụ …").
    opener = _VI_OPENER.match(clause)
    starts = [opener.end() if opener else 0]
    starts += [m.end() for m in _VI_ASK.finditer(clause)]
    starts += [m.end() for m in re.finditer(r",\s*", clause[:120])]
    for st in starts:
        head = clause[st:].lstrip()
        off = st + (len(clause[st:]) - len(head))
        kind = _VI_KIND_RX.match(head)
        if not kind:
            continue
        verb = _VI_VERB_RX.search(head, kind.end())
        if verb is None:
            continue
        subject = head[: verb.start()].strip(_TRAIL)
        # "UBND tỉnh ban hành Kế hoạch … về “…”": the naming of a document, not work.
        if len(subject.split()) > 18 or re.search(r"[.“”\"]|\bban hành\b", subject):
            continue
        rest = head[verb.start() :]
        lead_verb = _VI_LEAD_VERB.match(rest)
        if lead_verb:
            rest = rest[lead_verb.end() :]
        coords: list[str] = []
        coord = _VI_COORD.match(rest.lstrip(" ,"))
        if coord:
            rest = rest.lstrip(" ,")[coord.end() :]
            nxt = _VI_VERB_RX.search(rest)
            named = rest[: nxt.start()] if nxt else rest
            coords = split_parties(named, "vi")
            rest = rest[nxt.start() :] if nxt else ""
        late = _VI_LATE_COORD.search(rest) if not coords else None
        if late:
            coords = split_parties(late["x"], "vi")
            rest = rest[: late.start()] + rest[late.end() :]
        leads = split_parties(subject, "vi")
        title = _trim_work(rest)
        if not leads or len(title.split()) < 2:
            continue
        return Assignment(title, leads, coords, (s + off, e))
    return None


def _en_sentence(text: str, s: int, e: int) -> Assignment | None:
    clause = text[s:e]
    starts = [0, *[m.end() for m in _EN_ASK.finditer(clause)]]
    starts += [m.end() for m in re.finditer(r",\s*", clause[:100])]
    for st in starts:
        head = clause[st:]
        lead = _EN_LEAD.search(head)
        if lead is None:
            # "assigned the Department of Home Affairs to draft …"
            to = re.search(r"\s+to\s+(?=[a-z])", head) if st else None
            if to is None:
                continue
            subject, rest = head[: to.start()], head[to.end() :]
        else:
            subject, rest = head[: lead.start()], head[lead.end() :]
        if not subject.strip() or len(subject.split()) > 16:
            continue
        if not _EN_KIND_RX.search(subject) and not _CLASS_RX["en"].search(subject):
            continue
        coords: list[str] = []
        coord = _EN_COORD.match(rest)
        if coord:
            rest = rest[coord.end() :]
            comma = rest.find(",")
            if comma > 0:
                coords = split_parties(rest[:comma], "en")
                rest = rest[comma + 1 :]
            else:
                nxt = re.search(r"\s+(?:to|in|on|for)\s+", rest)
                cut = nxt.start() if nxt else len(rest)
                coords = split_parties(rest[:cut], "en")
                rest = rest[cut:]
        # ", working with the Department of …," said after the work.
        late = re.search(
            r",\s*(?:working|in (?:close )?(?:coordination|cooperation) with|coordinating|together)"
            r"(?:\s+with)?\s+(?P<x>[^,;]+?)(?=,|;|$|\s+(?:from|by|before|to be)\b)",
            rest,
        )
        if late and not coords:
            coords = split_parties(late["x"], "en")
            rest = rest[: late.start()] + rest[late.end() :]
        leads = split_parties(subject, "en")
        title = _trim_work(rest)
        if (not leads and not _CLASS_RX["en"].search(subject)) or len(title.split()) < 2:
            continue
        return Assignment(title, leads, coords, (s + st, e))
    return None


def _th_sentences(text: str, s: int, e: int) -> list[Assignment]:
    """Thai writes a paragraph as space-separated phrases. A phrase that begins with a
    body's name and goes straight on to a verb ("กรมการต่างประเทศทำหน้าที่…",
    "สำนักงาน…ประสานงานกับตำรวจภูธรจังหวัดเพื่อ…") opens a task, which runs to the next one;
    so does "มอบหมายให้ <body> <verb>"."""
    line = text[s:e]
    opens: list[tuple[int, int, str]] = []  # (subject start, verb start, subject)
    opening = (
        r"(?:(?:^|(?<=[\s,;:]))(?:ขณะที่|ส่วน|และ|โดยที่)?(?:" + _TH_ASK.pattern + r")?|"
        r"(?P<ask>" + _TH_ASK.pattern + r"))(?=" + _TH_KIND + ")"
    )
    for m in re.finditer(opening, line):
        st = m.end()
        kind = _TH_KIND_RX.match(line, st)
        if kind is None:
            continue
        space = line.find(" ", st)
        chunk_end = len(line) if space < 0 else space
        # A lead phrase ends the name surely ("กรมการศึกษา…เป็นหน่วยงานหลัก": "ศึกษา" is
        # in the name); a verb of the work only where no lead phrase is said.
        verbs = [
            v
            for rx in (_TH_LEAD, _TH_COORD)
            if (v := rx.search(line, kind.end(), chunk_end)) is not None
        ] or [v for v in [_TH_VERB.search(line, kind.end(), chunk_end)] if v is not None]
        subject_end = None
        asked = bool(m["ask"]) or bool(_TH_ASK.search(m.group()))
        if not verbs and asked and space >= 0:
            # "กำหนดให้โรงเรียนทุกแห่งในนคร จัดตั้งทีม…": asked bodies, then their work.
            verbs, subject_end = [re.compile(r"\S").search(line, space)], chunk_end
            verbs = [v for v in verbs if v is not None]
        if not verbs:
            # "คณะกรรมการประชาชนของตำบลและแขวงต่างๆ ที่มี… ต้องตรวจสอบ": the body, a
            # qualifying phrase, then the verb a few phrases on.
            later = _TH_LEAD.search(line, chunk_end, min(len(line), chunk_end + 80))
            if later is None:
                continue
            verbs, subject_end = [later], chunk_end
        verb = min(verbs, key=lambda v: v.start())
        subject = line[st : subject_end or verb.start()]
        if len(subject) < 3 or (opens and st < opens[-1][1]):
            continue
        # "…ได้แสดงความพร้อมที่จะ…", "…กล่าวว่า": a body's past act or words, not work given.
        if re.search(r"ได้(?!รับมอบหมาย)|กล่าว|ระบุ|แสดง", subject):
            continue
        opens.append((st, verb.start(), subject))
    out: list[Assignment] = []
    for i, (st, vs, subject) in enumerate(opens):
        end = opens[i + 1][0] if i + 1 < len(opens) else len(line)
        rest = line[vs:end]
        lead = _TH_LEAD.match(rest)
        if lead:
            rest = rest[lead.end() :].lstrip()
        coords: list[str] = []
        coord = _TH_COORD.search(rest[:40]) or re.search(
            _TH_COORD.pattern + r"(?=" + _TH_KIND + ")", rest
        )
        if coord:
            tail = rest[coord.end() :]
            # The bodies run to the purpose ("เพื่อ…") or the next verb; a space ends
            # them only when neither comes soon.
            # A name may hold a verb's letters ("กรมก่อสร้าง"): a space or "เพื่อ" ends the
            # bodies first; a verb only when neither comes soon.
            purpose = re.search(r"เพื่อ|\s", tail[:60])
            stop = purpose or re.search(_TH_VERB.pattern, tail[:90])
            cut = stop.start() if stop else len(tail)
            coords = split_parties(tail[:cut], "th")
            rest = (rest[: coord.start()] + " " + tail[cut:]).strip()
        title = _trim_work(re.sub(r"^(?:เพื่อ|ใน(?:การ)?)", "", rest.strip()))
        if len(title) < 6:
            continue
        out.append(Assignment(title, split_parties(subject, "th"), coords, (s + st, s + end)))
    return out


# "The Department of Finance is the standing agency for this Plan. It shall monitor …":
# a sentence that names a body as what it is, then one whose subject is "It" or "They".
_EN_INTRODUCES = re.compile(
    r"^\s*(?:the\s+)?(?P<x>[^,;]{3,80}?)\s+(?:is|are|acts as|act as|serves as|serve as)\s+"
    r"(?:the\s+)?(?:standing|focal|lead|leading|coordinating|permanent)\s+"
    r"(?:agency|agencies|body|bodies|unit|units|office)\b",
    re.IGNORECASE,
)
_EN_PRONOUN = re.compile(r"^\s*(?:It|They|This (?:agency|body|office))(?=\s)")


def assignment_tasks(text: str, lang: str) -> list[Assignment]:
    """The tasks the sentences of ``text`` assign, in text order."""
    out: list[Assignment] = []
    named = ""  # the body the last sentence introduced, for a following "It shall …"
    last: Assignment | None = None  # the task of the clause before, if it ended at ";"
    for s, e in _clauses(text, lang):
        if lang == "th":
            out.extend(_th_sentences(text, s, e))
            continue
        found = (_en_sentence if lang == "en" else _vi_sentence)(text, s, e)
        pronoun = _EN_PRONOUN.match(text[s:e]) if lang == "en" and named else None
        if found is None and pronoun is not None:
            said = named + text[s + pronoun.end() : e]
            found = _en_sentence(said, 0, len(said))
            if found is not None:
                found.span = (s, e)
        if found is not None:
            out.append(found)
        elif last is not None:
            # "…; việc kiểm tra phải xong trước ngày 15/11/2025": a clause with no body of
            # its own goes on with the task before it (its timing is the task's).
            last.span = (last.span[0], e)
        last = found or last if text[e : e + 1] == ";" else None
        intro = _EN_INTRODUCES.match(text[s:e]) if lang == "en" else None
        named = intro["x"] if intro and _name_start(intro["x"], "en") else ""
    for a in out:
        a.classes = [k for k, _span in unit_classes(text[a.span[0] : a.span[1]], lang)]
        if a.classes:
            # A class of units is an assignment by kind, not a lead named "các xã".
            a.leads = [p for p in a.leads if not _CLASS_RX.get(lang, _CLASS_RX["vi"]).search(p)]
    return out


# --- timing ----------------------------------------------------------------------------------

_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ORD_Q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_EN_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_TH_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        (
            "มกราคม",
            "กุมภาพันธ์",
            "มีนาคม",
            "เมษายน",
            "พฤษภาคม",
            "มิถุนายน",
            "กรกฎาคม",
            "สิงหาคม",
            "กันยายน",
            "ตุลาคม",
            "พฤศจิกายน",
            "ธันวาคม",
        )
    )
}
_DUE_BEFORE = re.compile(
    r"(?:trước|chậm nhất(?: là)?(?: ngày)?|hạn chót|hoàn thành|xong|trong ngày|before|by|"
    r"no later than|not later than|due|deadline|ก่อน|ภายใน|ไม่เกิน|แล้วเสร็จ|กำหนดเสร็จ)"
    r"[^\d\n]{0,14}$",
    re.IGNORECASE,
)
_IN_MONTH = (
    re.compile(r"trong\s+tháng\s+(?P<m>\d{1,2})(?:/|\s+năm\s+)(?P<y>\d{4})", re.IGNORECASE),
    re.compile(
        r"(?:in|within|during|by the end of|by end of|before the end of)\s+(?P<mn>"
        + "|".join(_EN_MONTHS)
        + r")\s+(?P<y>\d{4})",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:ภายใน|ใน)(?:สิ้น)?เดือน\s*(?P<tm>"
        + "|".join(_TH_MONTHS)
        + r")\s*(?:พ\.ศ\.\s*)?(?P<y>\d{4})"
    ),
    re.compile(r"(?:tháng|hết tháng|cuối tháng)\s+(?P<m>\d{1,2})/(?P<y>\d{4})", re.IGNORECASE),
)
_IN_QUARTER = (
    re.compile(r"quý\s+(?P<q>IV|III|II|I|[1-4])(?:/|\s+năm\s+)(?P<y>\d{4})", re.IGNORECASE),
    re.compile(
        r"(?:the\s+)?(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?"
        r"(?P<y>\d{4})",
        re.IGNORECASE,
    ),
    re.compile(r"\bQ(?P<q>[1-4])[/\s]+(?P<y>\d{4})"),
    re.compile(r"ไตรมาส(?:ที่)?\s*(?P<q>[1-4])\s*(?:ปี|ของปี)?\s*(?:พ\.ศ\.\s*)?(?P<y>\d{4})"),
)
_QUARTER_MONTH = re.compile(
    r"(?P<last>tháng cuối(?: của)? quý|last month of (?:the|each) quarter|เดือนสุดท้ายของไตรมาส)"
    r"|(?P<first>tháng đầu(?: của)? quý|first month of (?:the|each|the next) quarter|"
    r"เดือนแรกของไตรมาส)|"
    r"(?P<second>tháng thứ hai(?: của)? quý|second month of (?:the|each) quarter)",
    re.IGNORECASE,
)


def _ce(year: int) -> int:
    return year - 543 if year > 2400 else year


def _month_end(year: int, month: int) -> dt.date | None:
    year = _ce(year)
    if not (1 <= month <= 12 and 1900 < year < 2200):
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_by_words(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """A due date a month or a quarter names: "trong tháng 10/2025" (31 October), "quý
    II năm 2025" (30 June), "in the third quarter of 2025", "ภายในเดือนตุลาคม 2568"."""
    best: tuple[dt.date, tuple[int, int]] | None = None
    for rx in _IN_MONTH:
        for m in rx.finditer(text):
            gd = m.groupdict()
            month = (
                int(gd["m"])
                if gd.get("m")
                else _EN_MONTHS[gd["mn"].lower()]
                if gd.get("mn")
                else _TH_MONTHS[gd["tm"]]
            )
            day = _month_end(int(m["y"]), month)
            if day and (best is None or m.start() < best[1][0]):
                best = (day, m.span())
    for rx in _IN_QUARTER:
        for m in rx.finditer(text):
            gd = m.groupdict()
            q = _ROMAN_Q[gd["q"].lower()] if gd.get("q") else _ORD_Q[gd["o"].lower()]
            day = _month_end(int(m["y"]), 3 * q)
            if day and (best is None or m.start() < best[1][0]):
                best = (day, m.span())
    return best


def recurrence_of(
    every: str, before: str | None, before_day: int, context: str
) -> dict[str, Any] | None:
    """A task's repeating rule from a recurring deadline ("hằng tháng, trước ngày 25" →
    monthly on the 25th; "hằng quý, trước ngày 15 của tháng cuối quý" → quarterly, month 3
    of the quarter, day 15; "trước ngày 15/12 hằng năm" → yearly, 15 December)."""
    day = before_day or (int(before.split("-")[1]) if before else 0)
    month = int(before.split("-")[0]) if before else None
    if not 1 <= day <= 31:
        return None
    if every == "month":
        return {"every": "monthly", "day": day, "month": None}
    if every == "quarter":
        said = _QUARTER_MONTH.search(context)
        qm = None
        if said:
            qm = 3 if said["last"] else 1 if said["first"] else 2
        elif month:
            qm = (month - 1) % 3 + 1
        return {"every": "quarterly", "day": day, "month": qm}
    if every == "half_year":
        return {
            "every": "half_yearly",
            "day": day,
            "month": ((month - 1) % 6 + 1) if month else None,
        }
    if every == "year":
        if month is None:
            return None
        return {"every": "yearly", "day": day, "month": month}
    return None
