"""Demo people of the pipeline: cadres, cohorts of cadets and their recorded admissions.

Everything is written through `members.services`, so the demo obeys every rule of the
procedure; a change of rules that the demo breaks makes `seed_demo` fail loudly. The data is
deterministic for a given day (one seeded `random.Random`); the history of Tiểu đoàn 1 is fixed
in years (54 admissions in 2015 and 60 in 2016, as in the article) while the open cases are
placed relative to today, so that some are due and some overdue whenever the demo is loaded.
"""

import datetime
import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Role
from core.concurrency import BY_CODE
from core.workdays import add_months, is_working_day
from demodata.units import DEMO_BATTALIONS, DEMO_COMMITTEE_MEMBERS
from members.choices import (
    PROCEDURE,
    AssignmentKind,
    EducationLevel,
    Ethnicity,
    ExitGround,
    Gender,
    Grade,
    MilitaryRank,
    PartyStatus,
    PersonKind,
    PoliticalTheory,
    Programme,
    QualityRating,
    Religion,
    ReplacementReason,
    StepKind,
    StudyStatus,
)
from members.models import Person
from members.rules import get_rules
from members.selectors import official_member_count
from members.services import (
    assignment_create,
    evaluation_record,
    person_create,
    person_move,
    person_update,
    rating_record,
    step_record,
)
from members.transfers import Posting, cohort_hand_off, transfer_in
from units.models import PartyCell

# Where the last graduated cohort's members are posted (the hand-off), in turn.
POSTED_TO = [
    ("Lữ đoàn Công binh 229", "Đảng ủy Lữ đoàn Công binh 229"),
    ("Lữ đoàn Công binh 249", "Đảng ủy Lữ đoàn Công binh 249"),
    ("Trung đoàn Công binh 293", "Đảng ủy Trung đoàn Công binh 293"),
    ("Lữ đoàn Công binh 543", "Đảng ủy Lữ đoàn Công binh 543"),
    ("Sư đoàn 312", "Đảng ủy Sư đoàn 312"),
]

# Every demo person's code starts with this ("mẫu"): it tells demo records from real ones and
# makes seeding idempotent.
DEMO_CODE_PREFIX = "MAU-"
SEED = 20150054

# Family names weighted roughly by their share of the population (northern and central
# provinces, where most cadets of the academy come from).
FAMILY_NAMES = {
    "Nguyễn": 36, "Trần": 11, "Lê": 9, "Phạm": 7, "Hoàng": 5, "Phan": 4, "Vũ": 4, "Đặng": 2,
    "Bùi": 2, "Đỗ": 2, "Hồ": 1, "Ngô": 1, "Dương": 1, "Đinh": 1, "Trịnh": 1, "Đào": 1, "Võ": 1,
    "Mai": 1, "Lương": 1, "Cao": 1, "Hà": 1, "Lý": 1, "Tạ": 1, "Nông": 1, "Kiều": 1,
}  # fmt: skip
MALE_MIDDLE = {
    "Văn": 24, "Đức": 8, "Minh": 7, "Quang": 5, "Hữu": 4, "Công": 4, "Đình": 4, "Xuân": 3,
    "Thành": 3, "Tiến": 3, "Duy": 3, "Mạnh": 2, "Ngọc": 2, "Việt": 2, "Thế": 2, "Trọng": 2,
    "Quốc": 2, "Hoàng": 2, "Trung": 2, "Thanh": 2, "Bá": 1, "Khắc": 1, "Tuấn": 1, "Hải": 1,
    "Nhật": 1, "Anh": 1,
}  # fmt: skip
FEMALE_MIDDLE = {"Thị": 10, "Thu": 2, "Thanh": 2, "Ngọc": 2, "Phương": 1, "Thùy": 1, "Minh": 1}
MALE_GIVEN = [
    "An", "Anh", "Bảo", "Bình", "Chiến", "Công", "Cường", "Dũng", "Duy", "Dương", "Đại", "Đạt",
    "Định", "Đông", "Đức", "Giang", "Hải", "Hào", "Hiếu", "Hiệp", "Hoài", "Hoàng", "Hòa", "Huy",
    "Hùng", "Hưng", "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Linh", "Long", "Lộc", "Lợi",
    "Luân", "Mạnh", "Minh", "Nam", "Nghĩa", "Ngọc", "Nhật", "Phong", "Phú", "Phúc", "Quân",
    "Quang", "Quý", "Sơn", "Tài", "Tâm", "Thái", "Thắng", "Thành", "Thịnh", "Thông", "Toàn",
    "Trung", "Trường", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
]  # fmt: skip
FEMALE_GIVEN = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hoài", "Huyền",
    "Hương", "Lan", "Linh", "Mai", "Ngân", "Ngọc", "Nhung", "Phương", "Quỳnh", "Thảo",
    "Trang", "Vân", "Yến",
]  # fmt: skip
# Home districts and provinces (names as written in records made before the 2025 merger).
HOMETOWNS = [
    "Hải Hậu, Nam Định", "Nghĩa Hưng, Nam Định", "Giao Thủy, Nam Định", "Quỳnh Lưu, Nghệ An",
    "Diễn Châu, Nghệ An", "Yên Thành, Nghệ An", "Nghi Lộc, Nghệ An", "Hoằng Hóa, Thanh Hóa",
    "Thọ Xuân, Thanh Hóa", "Nông Cống, Thanh Hóa", "Đức Thọ, Hà Tĩnh", "Can Lộc, Hà Tĩnh",
    "Hương Sơn, Hà Tĩnh", "Kiến Xương, Thái Bình", "Thái Thụy, Thái Bình", "Vũ Thư, Thái Bình",
    "Gia Lâm, Hà Nội", "Sóc Sơn, Hà Nội", "Ba Vì, Hà Nội", "Nam Sách, Hải Dương",
    "Gia Lộc, Hải Dương", "Khoái Châu, Hưng Yên", "Văn Lâm, Hưng Yên", "Quế Võ, Bắc Ninh",
    "Tiên Du, Bắc Ninh", "Lạng Giang, Bắc Giang", "Hiệp Hòa, Bắc Giang", "Lâm Thao, Phú Thọ",
    "Thanh Ba, Phú Thọ", "Vĩnh Tường, Vĩnh Phúc", "Yên Lạc, Vĩnh Phúc", "Kim Sơn, Ninh Bình",
    "Yên Khánh, Ninh Bình", "Lý Nhân, Hà Nam", "Duy Tiên, Hà Nam", "Lệ Thủy, Quảng Bình",
    "Bố Trạch, Quảng Bình", "Hải Lăng, Quảng Trị", "Gio Linh, Quảng Trị",
    "Phú Vang, Thừa Thiên Huế", "Điện Bàn, Quảng Nam", "Mộ Đức, Quảng Ngãi",
    "Phù Cát, Bình Định", "Thủy Nguyên, Hải Phòng", "Đông Triều, Quảng Ninh",
    "Đại Từ, Thái Nguyên", "Sơn Dương, Tuyên Quang", "Mai Sơn, Sơn La", "Lương Sơn, Hòa Bình",
]  # fmt: skip
# The province codes that open a citizen ID (the province of birth registration), for the
# provinces of HOMETOWNS; others get Hà Nội's.
PROVINCE_CODES = {
    "Hà Nội": "001", "Tuyên Quang": "008", "Sơn La": "014", "Hòa Bình": "017",
    "Thái Nguyên": "019", "Quảng Ninh": "022", "Bắc Giang": "024", "Phú Thọ": "025",
    "Vĩnh Phúc": "026", "Bắc Ninh": "027", "Hải Dương": "030", "Hải Phòng": "031",
    "Hưng Yên": "033", "Thái Bình": "034", "Hà Nam": "035", "Nam Định": "036",
    "Ninh Bình": "037", "Thanh Hóa": "038", "Nghệ An": "040", "Hà Tĩnh": "042",
    "Quảng Bình": "044", "Quảng Trị": "045", "Thừa Thiên Huế": "046", "Quảng Nam": "049",
    "Quảng Ngãi": "051", "Bình Định": "052",
}  # fmt: skip
# Mostly Kinh and without religion, as the academy's intake is; a few of other groups.
ETHNICITIES = [Ethnicity.KINH] * 16 + [
    Ethnicity.TAY, Ethnicity.MUONG, Ethnicity.THAI, Ethnicity.NUNG, Ethnicity.DAO,
]  # fmt: skip
RELIGIONS = [Religion.NONE] * 14 + [Religion.BUDDHISM] * 3 + [Religion.CATHOLICISM] * 2
CADET_RANKS = [MilitaryRank.PRIVATE_1, MilitaryRank.CORPORAL, MilitaryRank.SERGEANT]
CADRE_RANKS = [MilitaryRank.CAPTAIN, MilitaryRank.MAJOR, MilitaryRank.LIEUTENANT_COLONEL]
# Specialities of the platoon-officer university programme, as class-name prefixes.
SPECIALITIES = ["CNTT", "ĐTVT", "CK", "VK", "XD", "HH", "TĐH", "RĐ", "TL", "HK"]
CADRE_POSITIONS = ["Chính trị viên", "Đại đội trưởng", "Phó đại đội trưởng", "Chính trị viên phó"]
CADET_POSITIONS = ["Lớp trưởng", "Bí thư chi đoàn", "Lớp phó", "Phó bí thư chi đoàn"]

# The cell's comments on each focus area, by grade.
COMMENTS = {
    "study": {
        Grade.GOOD: ["Học tập chăm chỉ, điểm trung bình học kỳ đạt loại giỏi",
                     "Tích cực nghiên cứu khoa học, kết quả học tập giỏi"],
        Grade.FAIR: ["Kết quả học tập khá, tiến bộ ở các môn cơ sở ngành"],
        Grade.AVERAGE: ["Kết quả học tập trung bình, cần cố gắng hơn ở các môn cơ bản"],
        Grade.WEAK: ["Còn nợ một môn, cần có kế hoạch học lại ngay học kỳ tới"],
    },
    "training": {
        Grade.GOOD: ["chấp hành nghiêm điều lệnh, kỷ luật",
                     "gương mẫu trong chấp hành chế độ trong ngày"],
        Grade.FAIR: ["rèn luyện thể lực tốt, nền nếp chính quy khá"],
        Grade.AVERAGE: ["có lần chậm giờ sinh hoạt, đã sửa chữa"],
        Grade.WEAK: ["vi phạm chế độ ngủ nghỉ, đã kiểm điểm trước chi đoàn"],
    },
    "movement": {
        Grade.GOOD: ["là nòng cốt phong trào văn nghệ, thể thao của đại đội.",
                     "nhiệt tình trong công tác Đoàn và hoạt động tình nguyện."],
        Grade.FAIR: ["tham gia đầy đủ các hoạt động phong trào."],
        Grade.AVERAGE: ["cần chủ động hơn trong các hoạt động phong trào."],
        Grade.WEAK: ["ít tham gia hoạt động phong trào, cần khắc phục."],
    },
}  # fmt: skip

# Tiểu đoàn 1's cohorts, by year of enrolment: admission decisions in each of the four years
# after enrolment. The columns add up, year by year, to 54 admissions in 2015 and 60 in 2016:
#   2015 = 3 (2014, 1st) + 19 (2013, 2nd) + 22 (2012, 3rd) + 10 (2011, 4th)
#   2016 = 5 (2015, 1st) + 21 (2014, 2nd) + 25 (2013, 3rd) + 9 (2012, 4th)
TD1_ADMISSIONS = {
    2011: (0, 15, 22, 10),
    2012: (3, 16, 22, 9),
    2013: (4, 19, 25, 10),
    2014: (3, 21, 25, 10),
    2015: (5, 20, 24, 9),
    2016: (4, 19, 24, 10),
    2017: (4, 20, 23, 9),
    2018: (3, 19, 24, 10),
    2019: (4, 18, 22, 9),
    2020: (3, 17, 23, 10),
    2021: (4, 19, 24, 9),
}
TD1_LATER_ADMISSIONS = (4, 19, 23, 9)
TD1_FIRST_COHORT = 2011
# One cadet of this cohort graduated without being admitted: "about 100%".
TD1_COHORT_WITH_A_NON_MEMBER = 2014
TD2_ADMISSIONS = (1, 5, 7, 3)
TD2_COHORTS = 6

# Days from the previous step, drawn uniformly; all well inside the legal deadlines.
GAPS = {
    StepKind.AWARENESS_COURSE: (20, 60),
    StepKind.APPLICATION: (15, 45),
    StepKind.BACKGROUND_CHECK: (20, 50),
    StepKind.INTRODUCTION: (15, 40),
    StepKind.OPINION_SUMMARY: (7, 20),
    StepKind.CELL_VOTE: (5, 15),
    StepKind.COMMITTEE_VOTE: (5, 20),
    StepKind.DECISION: (14, 36),
    StepKind.CEREMONY: (7, 28),
    StepKind.NEW_MEMBER_COURSE: (30, 150),
    StepKind.CONVERSION_VOTE: (1, 25),  # counted from the end of the 12 months of probation
    StepKind.CONVERSION_COMMITTEE: (3, 12),
    StepKind.CONVERSION_DECISION: (7, 23),
}
# Windows (month, day) for the admission decision in the n-th year after enrolment: the first
# year's window leaves 12 months together with the introducers; the fourth year's ends early
# enough for the conversion to be decided before graduation.
DECISION_WINDOWS = {
    1: ((12, 1), (12, 22)),
    2: ((1, 8), (12, 22)),
    3: ((1, 8), (12, 22)),
    4: ((1, 8), (3, 31)),
}
ENROLMENT_DAY = (8, 10)
GRADUATION_DAY = (7, 31)
PROGRAMME_YEARS = 5


def _back_to_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def _on_to_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _working_days_before(day: datetime.date, count: int) -> datetime.date:
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def cohort_name(enrolment_year: int) -> str:
    """The academy numbers its intakes: the 2016 intake is K50."""
    return f"K{enrolment_year - 1966}"


@dataclass
class Cohort:
    year: int
    cells: list[PartyCell]
    specialities: list[str]
    programme: Programme = Programme.PLATOON_OFFICER_UNIVERSITY

    @property
    def name(self) -> str:
        return cohort_name(self.year)

    @property
    def enrolment(self) -> datetime.date:
        return _on_to_working_day(datetime.date(self.year, *ENROLMENT_DAY))

    @property
    def graduation(self) -> datetime.date:
        return _back_to_working_day(datetime.date(self.year + PROGRAMME_YEARS, *GRADUATION_DAY))


@dataclass
class CadetPlan:
    """What will be recorded for one cadet: the dated steps, and the events around them."""

    cohort: Cohort
    class_index: int
    dates: dict[StepKind, datetime.date] = field(default_factory=dict)
    deadline_extended: bool = False
    # Struck off or expelled: how, when, on what ground (Điều lệ Đảng, Điều 8, 35), with a note.
    left_party: tuple[StepKind, datetime.date, ExitGround, str] | None = None
    move: tuple[PartyCell, datetime.date] | None = None
    withdrawn: bool = False
    notes: dict[StepKind, str] = field(default_factory=dict)
    person: Person | None = None
    # Not a Youth Union member (introduced by two members), or introduced by a member of a
    # sibling cell, or by a replacement introducer: the paths of introduction the demo shows.
    youth_union: bool = True
    introduced_by: str = ""
    # Documents of the file redone after they expired (12 months), with their new dates.
    redone: dict[StepKind, datetime.date] = field(default_factory=dict)
    # Cell votes that fell short of two thirds before the one that passed (or still none).
    failed_votes: dict[StepKind, datetime.date] = field(default_factory=dict)
    # The admission-plan cases (issue 18): a given name, birth date and day of arrival in the
    # battalion, and steps entered from the files of a former unit.
    full_name: str = ""
    born: datetime.date | None = None
    joined_on: datetime.date | None = None
    historical: frozenset[StepKind] = frozenset()

    @property
    def cell(self) -> PartyCell:
        return self.cohort.cells[self.class_index % len(self.cohort.cells)]

    @property
    def class_name(self) -> str:
        return f"{self.cohort.specialities[self.class_index]} {self.cohort.name}"

    def official_from(self) -> datetime.date | None:
        if self.left_party:
            return None
        return self.dates.get(StepKind.CONVERSION_DECISION)


# Told how many cadets' histories are written so far, out of how many.
Progress = Callable[[int, int], None]


class DemoBuilder:
    """Plans the demo in memory first (so that vote counts and document numbers are
    consistent), then writes it through the services, oldest cohort first."""

    def __init__(self, cells: dict[str, PartyCell], today: datetime.date):
        self.rng = random.Random(SEED)
        self.today = today
        self.rules = get_rules()
        self.cells = cells
        this_year = Cohort(today.year, [], [])
        self.intake = today.year if today >= this_year.enrolment else today.year - 1
        self.cadres: dict[int, list[Person]] = defaultdict(list)
        self.plans: list[CadetPlan] = []
        self.used_names: set[str] = set()
        self.code_counters: dict[str, int] = defaultdict(int)
        self.numbers: dict[tuple[int, StepKind], int] = {}
        self.users: dict[int, object] = {}
        self.plans_by_cell: dict[int, list[CadetPlan]] = defaultdict(list)
        # Plans already written, by cell: their official members may help and introduce.
        self.recorded_plans: dict[int, list[CadetPlan]] = defaultdict(list)
        self.progress: Progress = lambda done, total: None
        self.admission_cases: list[CadetPlan] = []
        # The lý lịch draws from a generator of its own, so that the rest of the demo stays
        # what it was before profiles existed.
        self.profile_rng = random.Random(SEED + 15)
        self.citizen_ids = 0

    def _profile(
        self, born: datetime.date, gender: str, hometown: str, *, cadre: bool
    ) -> dict[str, object]:
        """A plausible lý lịch (2-KNĐ): the citizen ID opens with the province of birth, the
        century-and-gender digit and the year of birth, then a serial number of the demo's."""
        rng = self.profile_rng
        province = hometown.rsplit(", ", 1)[-1]
        self.citizen_ids += 1
        century = (0 if born.year < 2000 else 2) + (1 if gender == Gender.FEMALE else 0)
        citizen_id = (
            f"{PROVINCE_CODES.get(province, '001')}{century}{born.year % 100:02d}"
            f"{self.citizen_ids:06d}"
        )
        return {
            "ethnicity": rng.choice(ETHNICITIES),
            "religion": rng.choice(RELIGIONS),
            "citizen_id": citizen_id,
            "place_of_birth": province,
            "permanent_address": f"Thôn {rng.randint(1, 12)}, {hometown}",
            "military_rank": rng.choice(CADRE_RANKS if cadre else CADET_RANKS),
            "general_education": "12/12",
            "professional_qualification": rng.choice(
                ["Cử nhân khoa học quân sự", "Kỹ sư chỉ huy tham mưu"]
            )
            if cadre
            else "",
            "political_theory": PoliticalTheory.INTERMEDIATE if cadre else "",
        }

    # --- people ---------------------------------------------------------------------------

    def _weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _name(self, gender: Gender) -> str:
        while True:
            family = self._weighted(FAMILY_NAMES)
            if gender == Gender.MALE:
                middle = self._weighted(MALE_MIDDLE)
                given = self.rng.choice(MALE_GIVEN)
            else:
                middle = self._weighted(FEMALE_MIDDLE)
                given = self.rng.choice(FEMALE_GIVEN)
            # Some carry their mother's family name too.
            second = self._weighted(FAMILY_NAMES)
            if self.rng.random() < 0.05 and second != family:
                middle = f"{second} {middle}"
            name = f"{family} {middle} {given}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def _birth_date(self, year: int) -> datetime.date:
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def _create_cadres(self, cell: PartyCell, count: int, joined: datetime.date) -> None:
        for index in range(count):
            gender = Gender.FEMALE if index == 3 and self.rng.random() < 0.5 else Gender.MALE
            born = self._birth_date(self.rng.randint(1975, 1986))
            admitted = _back_to_working_day(
                datetime.date(born.year + self.rng.randint(20, 22), self.rng.randint(1, 12), 15)
            )
            ceremony = _back_to_working_day(admitted + datetime.timedelta(self.rng.randint(7, 25)))
            converted = _back_to_working_day(
                add_months(ceremony, 12) + datetime.timedelta(self.rng.randint(15, 40))
            )
            hometown = self.rng.choice(HOMETOWNS)
            code = f"{DEMO_CODE_PREFIX}CB-{cell.code}-{index + 1}"
            person = person_create(
                cell=cell,
                joined_on=joined,
                kind=PersonKind.CADRE,
                code=code,
                full_name=self._name(gender),
                date_of_birth=born,
                gender=gender,
                hometown=hometown,
                education_level=self.rng.choice(
                    [EducationLevel.UNIVERSITY] * 3 + [EducationLevel.POSTGRADUATE]
                ),
                position=CADRE_POSITIONS[index % len(CADRE_POSITIONS)],
                youth_union_date=datetime.date(born.year + 16, 3, 26),
                # The card is handed to an official member (on 3 February, the Party's day).
                party_card_number=f"{self.citizen_ids + 1:08d}",
                party_card_date=datetime.date(converted.year + 1, 2, 3),
                party_file_number=f"LL-{code}",
                **self._profile(born, gender, hometown, cadre=True),
            )
            # Cadres joined the Party long before and elsewhere: only their official membership
            # is entered, from old files. Recording their admission here would count it among
            # this battalion's admissions of that year.
            step_record(
                person=person,
                kind=StepKind.CONVERSION_DECISION,
                date=converted,
                is_historical=True,
                notes=f"Kết nạp ngày {admitted:%d/%m/%Y}, lễ kết nạp ngày {ceremony:%d/%m/%Y}.",
            )
            person.refresh_from_db()
            self.cadres[cell.pk].append(person)

    def _readmitted_cadre(self, cell: PartyCell, joined: datetime.date) -> None:
        """A cadre struck off over three years ago (dues unpaid: not a ground that excludes
        re-admission), re-admitted with the consent the rules require (Quy định 294-QĐ/TW,
        3.5), waiting to be listed again: the second admission cycle, the first kept on
        record."""
        today = self.today
        person = person_create(
            cell=cell,
            joined_on=joined,
            kind=PersonKind.CADRE,
            code=f"{DEMO_CODE_PREFIX}CB-{cell.code}-KNL",
            full_name=self._name(Gender.MALE),
            date_of_birth=self._birth_date(1984),
            gender=Gender.MALE,
            hometown=self.rng.choice(HOMETOWNS),
            education_level=EducationLevel.UNIVERSITY,
            position="Trợ lý",
        )
        user = self.users.get(cell.battalion_id)
        step_record(
            person=person,
            kind=StepKind.CONVERSION_DECISION,
            date=datetime.date(2008, 5, 19),
            is_historical=True,
            notes="Kết nạp ngày 12/04/2007, lễ kết nạp ngày 05/05/2007.",
        )
        left = _back_to_working_day(add_months(today, -self.rules.readmission_wait_months - 4))
        step_record(
            person=person,
            kind=StepKind.STRUCK_OFF,
            date=left,
            exit_ground=ExitGround.DUES,
            document_number=f"{left.month}{left.day:02d}-QĐ/ĐU",
            notes="Không đóng đảng phí ba tháng trong năm, không có lý do chính đáng.",
            user=user,
        )
        consent = _back_to_working_day(today - datetime.timedelta(days=45))
        step_record(
            person=person,
            kind=StepKind.READMISSION,
            date=consent,
            document_number=f"{consent.month}{consent.day:02d}-CV/ĐU",
            notes="Đơn xin kết nạp lại; cấp ủy có thẩm quyền đồng ý bằng văn bản.",
            user=user,
        )

    def _create_cadet(self, plan: CadetPlan) -> Person:
        cohort = plan.cohort
        gender = Gender.FEMALE if self.rng.random() < 0.06 else Gender.MALE
        born = plan.born or self._birth_date(
            cohort.year - self.rng.choice([18, 18, 18, 19, 19, 20])
        )
        self.code_counters[cohort.name] += 1
        youth_union = datetime.date(born.year + self.rng.randint(15, 16), 3, 26)
        hometown = self.rng.choice(HOMETOWNS)
        return person_create(
            cell=plan.cell,
            joined_on=plan.joined_on or cohort.enrolment,
            kind=PersonKind.CADET,
            code=f"{DEMO_CODE_PREFIX}{cohort.name}-{self.code_counters[cohort.name]:03d}",
            full_name=plan.full_name or self._name(gender),
            date_of_birth=born,
            gender=gender,
            hometown=hometown,
            **self._profile(born, gender, hometown, cadre=False),
            position=self.rng.choice(CADET_POSITIONS) if self.rng.random() < 0.12 else "",
            cohort=cohort.name,
            class_name=plan.class_name,
            programme=cohort.programme,
            enrolment_date=cohort.enrolment,
            expected_graduation_date=cohort.graduation,
            youth_union_date=youth_union if plan.youth_union else None,
        )

    # --- planning -------------------------------------------------------------------------

    def _timeline(
        self,
        anchor: StepKind,
        on: datetime.date,
        overrides: dict[StepKind, datetime.date] | None = None,
    ) -> dict[StepKind, datetime.date]:
        """Dates of every step, drawn around `anchor` on `on` (not beyond the ceremony)."""
        overrides = overrides or {}
        position = PROCEDURE.index(anchor)
        dates = {anchor: _back_to_working_day(on)}
        for index in range(position - 1, -1, -1):
            kind, following = PROCEDURE[index], PROCEDURE[index + 1]
            gap = datetime.timedelta(days=self.rng.randint(*GAPS[following]))
            dates[kind] = overrides.get(kind) or _back_to_working_day(dates[following] - gap)
        for index in range(position + 1, len(PROCEDURE)):
            kind, previous = PROCEDURE[index], dates[PROCEDURE[index - 1]]
            gap = datetime.timedelta(days=self.rng.randint(*GAPS[kind]))
            if kind in overrides:
                dates[kind] = overrides[kind]
            elif kind == StepKind.CONVERSION_VOTE:
                ceremony = dates[StepKind.CEREMONY]
                probation_end = add_months(ceremony, self.rules.probation_months)
                dates[kind] = _on_to_working_day(probation_end + gap)
            else:
                dates[kind] = max(previous, _back_to_working_day(previous + gap))
        return dates

    def _decision_day(self, cohort: Cohort, year_of_study: int) -> datetime.date:
        start, end = DECISION_WINDOWS[year_of_study]
        year = cohort.year + year_of_study
        first, last = datetime.date(year, *start), datetime.date(year, *end)
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def _plan_cohort(self, cohort: Cohort, admissions: tuple, non_members: int) -> None:
        plans = []
        for year_of_study, count in enumerate(admissions, start=1):
            for _ in range(count):
                plan = CadetPlan(cohort, class_index=0)
                plan.dates = self._timeline(
                    StepKind.DECISION, self._decision_day(cohort, year_of_study)
                )
                plans.append(plan)
        plans.extend(CadetPlan(cohort, class_index=0) for _ in range(non_members))
        self.rng.shuffle(plans)
        for index, plan in enumerate(plans):
            plan.class_index = index * len(cohort.specialities) // len(plans)
        self.plans.extend(plans)

    def _open_case(
        self,
        cohort: Cohort,
        anchor: StepKind,
        on: datetime.date,
        stop: StepKind,
        overrides: dict[StepKind, datetime.date] | None = None,
    ) -> CadetPlan:
        """A cadet whose steps are recorded up to `stop`: later ones have not happened yet."""
        plan = CadetPlan(cohort, class_index=self.rng.randrange(len(cohort.specialities)))
        dates = self._timeline(anchor, on, overrides)
        plan.dates = {kind: day for kind, day in dates.items() if kind.order <= stop.order}
        self.plans.append(plan)
        return plan

    def _not_listed(self, cohort: Cohort) -> CadetPlan:
        plan = CadetPlan(cohort, class_index=self.rng.randrange(len(cohort.specialities)))
        self.plans.append(plan)
        return plan

    def _plan_open_cases(self, cohorts: dict[int, Cohort], full: bool) -> None:
        """Cases at every stage, placed relative to today: some due, some overdue."""
        today, rules = self.today, self.rules
        year_ago = add_months(today, -rules.probation_months)
        in_year = {years: cohorts[self.intake - years] for years in range(1, 5)}

        def days_ago(count: int) -> datetime.date:
            return _back_to_working_day(today - datetime.timedelta(days=count))

        case = self._open_case
        decision_overdue = _working_days_before(today, rules.decision_deadline_working_days + 20)
        case(in_year[3], StepKind.CELL_VOTE, decision_overdue, StepKind.CELL_VOTE).notes[
            StepKind.CELL_VOTE
        ] = "Đã gửi hồ sơ lên đảng ủy, chưa có quyết định."
        case(in_year[3], StepKind.DECISION, days_ago(12), StepKind.DECISION)
        # The grassroots committee resolved (8-KNĐ): the decision is awaited, in time or past
        # the 60 working days from the cell's resolution.
        case(in_year[3], StepKind.COMMITTEE_VOTE, days_ago(10), StepKind.COMMITTEE_VOTE)
        case(
            in_year[3],
            StepKind.CELL_VOTE,
            decision_overdue - datetime.timedelta(days=7),
            StepKind.COMMITTEE_VOTE,
        )
        case(in_year[2], StepKind.INTRODUCTION, days_ago(20), StepKind.INTRODUCTION)
        if not full:
            return
        for years, kind, count in (
            (1, StepKind.LISTED, 20),
            (1, StepKind.AWARENESS_COURSE, 35),
            (2, StepKind.APPLICATION, 30),
            (2, StepKind.BACKGROUND_CHECK, 25),
            (2, StepKind.OPINION_SUMMARY, 7),
            (3, StepKind.CELL_VOTE, 21),
            (3, StepKind.CEREMONY, 90),
        ):
            case(in_year[years], kind, days_ago(count), kind)
        # The superior committee extended its deadline: past the normal one, not overdue.
        extended = case(
            in_year[3],
            StepKind.CELL_VOTE,
            _working_days_before(today, rules.decision_deadline_working_days + 5),
            StepKind.CELL_VOTE,
        )
        extended.deadline_extended = True
        extended.notes[StepKind.CELL_VOTE] = "Cấp trên gia hạn thời gian xét để bổ sung lý lịch."
        ceremony_overdue = _working_days_before(today, rules.ceremony_deadline_working_days + 10)
        case(in_year[4], StepKind.DECISION, ceremony_overdue, StepKind.DECISION)
        # Probation ended: long enough ago for the conversion vote to be overdue, or just now.
        conversion_overdue = _working_days_before(
            year_ago, rules.conversion_vote_deadline_working_days + 15
        )
        # The one overdue took the new-member course; the one just ended has not yet.
        case(in_year[4], StepKind.CEREMONY, conversion_overdue, StepKind.NEW_MEMBER_COURSE)
        just_ended = _back_to_working_day(year_ago - datetime.timedelta(days=5))
        case(in_year[4], StepKind.CEREMONY, just_ended, StepKind.CEREMONY)
        # Conversion voted, awaiting the decision: recently, and long enough to be overdue.
        for vote_days_ago, probation_ended_days_ago in ((8, 30), (70, 85)):
            case(
                in_year[4],
                StepKind.CEREMONY,
                year_ago - datetime.timedelta(days=probation_ended_days_ago),
                StepKind.CONVERSION_VOTE,
                overrides={StepKind.CONVERSION_VOTE: days_ago(vote_days_ago)},
            )
        struck = case(in_year[3], StepKind.CEREMONY, days_ago(240), StepKind.CEREMONY)
        struck.left_party = (
            StepKind.STRUCK_OFF,
            days_ago(30),
            ExitGround.PROBATION_UNFIT,
            "Vi phạm kỷ luật học viên, chi bộ đề nghị xóa tên.",
        )
        # Official members who left the Party: one struck off, one expelled.
        for kind, ground, note in (
            (
                StepKind.STRUCK_OFF,
                ExitGround.DUES,
                "Không đóng đảng phí ba tháng trong năm, không có lý do chính đáng.",
            ),
            (
                StepKind.EXPELLED,
                ExitGround.OTHER_VIOLATION,
                "Vi phạm nghiêm trọng kỷ luật, chi bộ biểu quyết đề nghị khai trừ.",
            ),
        ):
            official = case(
                in_year[4],
                StepKind.CEREMONY,
                year_ago - datetime.timedelta(days=120),
                StepKind.CONVERSION_DECISION,
            )
            official.left_party = (kind, days_ago(15), ground, note)
        # Moved to another cell: listed in the first, introduced in the second by members who
        # have known the cadet there for 12 months.
        cohort = in_year[3]
        moved_on = _back_to_working_day(add_months(cohort.enrolment, 13))
        introduced_on = _back_to_working_day(
            add_months(moved_on, rules.introducer_min_months_together) + datetime.timedelta(days=20)
        )
        moved = case(
            cohort,
            StepKind.LISTED,
            moved_on - datetime.timedelta(days=40),
            StepKind.CEREMONY,
            overrides={StepKind.INTRODUCTION: introduced_on},
        )
        moved.move = (next(c for c in cohort.cells if c.pk != moved.cell.pk), moved_on)
        moved.notes[StepKind.LISTED] = "Đưa vào danh sách khi còn ở đại đội cũ."
        # The paths of introduction: by a member of a sibling cell, by a replacement introducer
        # (the first one was transferred), and by two members for a cadet outside the Union.
        sibling = case(in_year[2], StepKind.INTRODUCTION, days_ago(40), StepKind.OPINION_SUMMARY)
        sibling.introduced_by = "sibling"
        sibling.notes[StepKind.INTRODUCTION] = "Người giới thiệu là chính trị viên đại đội bạn."
        replaced = case(in_year[2], StepKind.INTRODUCTION, days_ago(10), StepKind.INTRODUCTION)
        replaced.introduced_by = "replacement"
        replaced.notes[StepKind.INTRODUCTION] = (
            "Đồng chí giúp đỡ trước chuyển công tác; chi bộ phân công đồng chí khác giới thiệu."
        )
        case(
            in_year[3], StepKind.INTRODUCTION, days_ago(50), StepKind.OPINION_SUMMARY
        ).youth_union = False
        # A file that waited too long for the cell: its introduction and summary of opinions
        # expired after 12 months and were redone.
        expired = case(
            in_year[3], StepKind.OPINION_SUMMARY, days_ago(400), StepKind.OPINION_SUMMARY
        )
        expired.redone = {
            StepKind.INTRODUCTION: days_ago(30),
            StepKind.OPINION_SUMMARY: days_ago(20),
        }
        # The grassroots committee's vote fell short of two thirds of its members: recorded,
        # the committee will consider the file again (within the cell resolution's deadline).
        short = case(in_year[3], StepKind.CELL_VOTE, days_ago(30), StepKind.CELL_VOTE)
        short.failed_votes[StepKind.COMMITTEE_VOTE] = days_ago(12)
        short.notes[StepKind.CELL_VOTE] = "Đảng ủy chưa đủ 2/3 tán thành, yêu cầu bổ sung hồ sơ."
        # Conversion proposed by the grassroots committee (14-KNĐ), the decision awaited: in
        # time, and past the 30 working days from the cell's resolution.
        for vote_days_ago, committee_days_ago in ((12, 6), (75, 60)):
            case(
                in_year[4],
                StepKind.CEREMONY,
                year_ago - datetime.timedelta(days=vote_days_ago + 8),
                StepKind.CONVERSION_COMMITTEE,
                overrides={
                    StepKind.CONVERSION_VOTE: days_ago(vote_days_ago),
                    StepKind.CONVERSION_COMMITTEE: days_ago(committee_days_ago),
                },
            )
        # Votes below two thirds: the candidate still waits for the cell to vote again, another
        # passed at the second vote, and a probationary member was recognised at the second.
        waiting = case(in_year[2], StepKind.OPINION_SUMMARY, days_ago(70), StepKind.OPINION_SUMMARY)
        waiting.failed_votes[StepKind.CELL_VOTE] = days_ago(35)
        waiting.notes[StepKind.OPINION_SUMMARY] = "Chi bộ tiếp tục bồi dưỡng, sẽ xét lại."
        case(
            in_year[3],
            StepKind.OPINION_SUMMARY,
            days_ago(150),
            StepKind.CELL_VOTE,
            overrides={StepKind.CELL_VOTE: days_ago(25)},
        ).failed_votes[StepKind.CELL_VOTE] = days_ago(100)
        case(
            in_year[4],
            StepKind.CEREMONY,
            year_ago - datetime.timedelta(days=60),
            StepKind.CONVERSION_VOTE,
            overrides={StepKind.CONVERSION_VOTE: days_ago(12)},
        ).failed_votes[StepKind.CONVERSION_VOTE] = days_ago(45)
        # A couple of cadets not on any list, and one who left the academy.
        self._not_listed(in_year[4])
        self._not_listed(in_year[3])
        self._not_listed(in_year[2]).withdrawn = True

    def _plan_admission_cases(self, cohorts: dict[int, Cohort]) -> list[CadetPlan]:
        """A cohort graduating within a year (the next one unless it graduates within five
        months, when no plan can be on track) with a cadet on track, one at risk and two who
        cannot be admitted before graduation, each for a reason of its own (members.planning):
        the file complete; an awareness course taken in a former unit over five years ago,
        expiring before the cell can vote (at risk: the course again); 18 years old only after
        graduation (an early entrant); arrived from another academy too late for any member
        to know them 12 months. Named and dated here, not drawn, so the rest stays as it was."""
        today = self.today
        cohort = cohorts[self.intake - 4]
        if cohort.graduation < today + datetime.timedelta(days=150):
            cohort = cohorts[self.intake - 3]
        graduation = cohort.graduation

        def days_ago(count: int) -> datetime.date:
            return _back_to_working_day(today - datetime.timedelta(days=count))

        def case(name: str, dates: dict[StepKind, datetime.date], **fields) -> CadetPlan:
            return CadetPlan(cohort, class_index=0, full_name=name, dates=dates, **fields)

        expires = today + datetime.timedelta(days=3)
        course = _back_to_working_day(
            add_months(expires, -self.rules.awareness_certificate_valid_months)
        )
        arrived = days_ago(45)
        return [
            case(
                "Vương Đức Thịnh",
                {
                    StepKind.LISTED: days_ago(200),
                    StepKind.AWARENESS_COURSE: days_ago(170),
                    StepKind.APPLICATION: days_ago(140),
                    StepKind.BACKGROUND_CHECK: days_ago(100),
                    StepKind.INTRODUCTION: days_ago(60),
                    StepKind.OPINION_SUMMARY: days_ago(20),
                },
                born=datetime.date(cohort.year - 19, 4, 12),
            ),
            case(
                "Lục Văn Bảo",
                {
                    StepKind.LISTED: course - datetime.timedelta(days=30),
                    StepKind.AWARENESS_COURSE: course,
                    StepKind.APPLICATION: days_ago(120),
                    StepKind.BACKGROUND_CHECK: days_ago(80),
                    StepKind.INTRODUCTION: days_ago(40),
                },
                born=datetime.date(cohort.year - 21, 9, 3),
                historical=frozenset({StepKind.LISTED, StepKind.AWARENESS_COURSE}),
                notes={
                    StepKind.AWARENESS_COURSE: "Học lớp khi còn là chiến sĩ ở đơn vị cũ.",
                },
            ),
            case(
                "Hà Minh Khôi",
                {StepKind.LISTED: days_ago(60), StepKind.AWARENESS_COURSE: days_ago(30)},
                born=add_months(graduation, -self.rules.min_age_months)
                + datetime.timedelta(days=1),
                notes={StepKind.LISTED: "Học viên vào học sớm (năng khiếu)."},
            ),
            case(
                "Triệu Quang Vinh",
                {StepKind.LISTED: days_ago(30), StepKind.AWARENESS_COURSE: days_ago(10)},
                born=datetime.date(cohort.year - 18, 2, 20),
                joined_on=arrived,
                notes={StepKind.LISTED: "Chuyển từ học viện khác đến tiểu đoàn."},
            ),
        ]

    def _plan_battalion(self, code: str, cells: list[PartyCell]) -> None:
        if code == "TD1":
            first, per_cohort = TD1_FIRST_COHORT, 3
        else:
            first, per_cohort = self.intake - TD2_COHORTS + 1, 1
        cohorts = {}
        for year in range(first, self.intake + 1):
            specialities = self.rng.sample(SPECIALITIES, per_cohort)
            # Classes go to the companies in turn, so each cell holds several cohorts.
            class_cells = [cells[(year + index) % len(cells)] for index in range(per_cohort)]
            # Tiểu đoàn 2 trains civil engineers: the dashboard shows a programme without the
            # 100% target beside the platoon-officer cohorts.
            programme = (
                Programme.PLATOON_OFFICER_UNIVERSITY if code == "TD1" else Programme.ENGINEER_CIVIL
            )
            cohorts[year] = Cohort(year, class_cells, specialities, programme)
            if code != "TD1":
                admissions, non_members = TD2_ADMISSIONS, 1
            else:
                admissions = TD1_ADMISSIONS.get(year, TD1_LATER_ADMISSIONS)
                if cohorts[year].graduation > self.today:
                    non_members = 2  # not (yet) on the list
                else:
                    non_members = int(year == TD1_COHORT_WITH_A_NON_MEMBER)
            self._plan_cohort(cohorts[year], admissions, non_members)
        self._plan_open_cases(cohorts, full=code == "TD1")
        if code == "TD1":
            self.admission_cases = self._plan_admission_cases(cohorts)

    def _number_documents(self) -> None:
        """Number decisions per battalion and year, cell resolutions per cell and year."""
        series = defaultdict(list)
        for index, plan in enumerate(self.plans):
            for kind, day in plan.dates.items():
                if day > self.today:
                    continue
                if kind in (StepKind.DECISION, StepKind.CONVERSION_DECISION):
                    series[(plan.cell.battalion_id, day.year)].append((day, index, kind))
                elif kind.is_committee_vote:
                    series[(plan.cell.battalion_id, "committee", day.year)].append(
                        (day, index, kind)
                    )
                elif kind.has_vote:
                    series[(plan.cell.pk, "cell", day.year)].append((day, index, kind))
        for entries in series.values():
            for number, (_, index, kind) in enumerate(sorted(entries), start=1):
                self.numbers[(index, kind)] = number

    # --- recording ------------------------------------------------------------------------

    def _officials(self, cell: PartyCell, day: datetime.date) -> list[Person]:
        """Cadets of the cell who are official members on `day` and still studying there."""
        return [
            plan.person
            for plan in self.recorded_plans[cell.pk]
            if plan.official_from() is not None
            and plan.official_from() <= day < plan.cohort.graduation
        ]

    def _vote(self, cell: PartyCell, day: datetime.date) -> dict:
        # Measured, as the service measures it, against the records' count on the meeting day.
        eligible = official_member_count(cell, day)
        required = math.ceil(self.rules.vote_threshold * eligible)
        present = max(required, eligible - self.rng.choice([0, 0, 1, 1, 2, 3]))
        votes_for = max(required, present - self.rng.choice([0, 0, 0, 1]))
        return {
            "votes_eligible": eligible,
            "votes_present": present,
            "votes_for": votes_for,
            "votes_against": present - votes_for,
        }

    def _committee_vote(self, cell: PartyCell, against: int = 0) -> dict:
        """The grassroots committee's vote, measured against its members (the setting)."""
        members = cell.battalion.committee_members or DEMO_COMMITTEE_MEMBERS
        absent = self.rng.choice([0, 0, 1]) if not against else 0
        return {
            "votes_eligible": members,
            "votes_present": members - absent,
            "votes_for": members - absent - against,
            "votes_against": against,
        }

    def _helper(self, cell: PartyCell, day: datetime.date, exclude=()) -> Person:
        cadets = [p for p in self._officials(cell, day) if p not in exclude]
        cadres = [p for p in self.cadres[cell.pk] if p not in exclude]
        if cadets and self.rng.random() < 0.6:
            return self.rng.choice(cadets)
        return self.rng.choice(cadres)

    def _introduction(self, plan: CadetPlan, cell: PartyCell, day: datetime.date) -> dict:
        """Cadets are Youth Union members in youth age: the Youth Union and one official member
        introduce them (Charter Art. 4); a cadet outside the Union needs two members."""
        first = self.rng.choice(self.cadres[cell.pk])
        if not plan.youth_union:
            return {"introducers": [first, self._helper(cell, day, exclude=[first])]}
        details: dict = {"introducers": [first], "by_youth_union": True}
        if plan.introduced_by == "sibling":
            # Time together counts in the battalion, the grassroots committee's unit.
            sibling = next(c for c in plan.cohort.cells if c.pk != cell.pk)
            details["introducers"] = [self.cadres[sibling.pk][0]]
        elif plan.introduced_by == "replacement":
            details |= {
                "replacement_introducer": first,
                "replacement_reason": ReplacementReason.TRANSFERRED,
            }
        return details

    def _step(
        self, plan: CadetPlan, index: int, kind: StepKind, day: datetime.date, redone=False
    ) -> None:
        person, cell = plan.person, plan.person.cell
        details: dict = {"notes": plan.notes.get(kind, "")}
        if redone:
            details["notes"] = "Làm lại: văn bản trước đã quá 12 tháng, chi bộ chưa xét."
        number = self.numbers.get((index, kind))
        if kind == StepKind.LISTED:
            details["helper"] = self._helper(cell, day)
        elif kind == StepKind.AWARENESS_COURSE:
            details["document_number"] = f"GCN {self.rng.randint(100, 999)}/TTCT"
        elif kind == StepKind.NEW_MEMBER_COURSE:
            details["document_number"] = f"GCN {self.rng.randint(100, 999)}/ĐVM"
        elif kind == StepKind.INTRODUCTION:
            details |= self._introduction(plan, cell, day)
        elif kind.is_committee_vote:
            details |= self._committee_vote(cell)
            details["document_number"] = f"{number}-NQ/ĐU"
        elif kind.has_vote:
            details |= self._vote(cell, day)
            details["document_number"] = f"{number}-NQ/CB"
            details["deadline_extended"] = plan.deadline_extended and kind == StepKind.CELL_VOTE
        elif kind in (StepKind.DECISION, StepKind.CONVERSION_DECISION):
            details["document_number"] = f"{number}-QĐ/ĐU"
        elif kind == StepKind.CEREMONY:
            details["helper"] = self._helper(cell, day)
        if kind in plan.historical:
            details["is_historical"] = True
        step_record(
            person=person, kind=kind, date=day, user=self.users.get(cell.battalion_id), **details
        )

    def _evaluation_days(self, plan: CadetPlan) -> list[datetime.date]:
        """Quarter ends while the cadet was a candidate (at most the last four)."""
        listed = plan.dates.get(StepKind.LISTED)
        if listed is None or plan.cohort.graduation <= self.today:
            return []
        until = min(plan.dates.get(StepKind.CEREMONY, self.today), self.today)
        days = []
        for year in range(listed.year, until.year + 1):
            for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
                quarter_end = _back_to_working_day(datetime.date(year, month, day))
                if listed + datetime.timedelta(days=30) <= quarter_end < until:
                    days.append(quarter_end)
        return days[-4:]

    def _evaluate(self, plan: CadetPlan, day: datetime.date) -> None:
        grades = self.rng.choices(list(Grade), weights=[45, 40, 13, 2], k=len(COMMENTS))
        areas = dict(zip(COMMENTS, grades, strict=True))
        comment = "; ".join(self.rng.choice(COMMENTS[area][grade]) for area, grade in areas.items())
        evaluation_record(
            person=plan.person,
            user=self.users.get(plan.cell.battalion_id),
            date=day,
            comment=comment,
            **areas,
        )

    def _failed_vote(self, plan: CadetPlan, kind: StepKind, day: datetime.date) -> None:
        """One vote short of two thirds: the service records it as a failed vote."""
        if kind.is_committee_vote:
            eligible = plan.cell.battalion.committee_members or DEMO_COMMITTEE_MEMBERS
            threshold = self.rules.committee_vote_threshold
        else:
            eligible = official_member_count(plan.cell, day)
            threshold = self.rules.vote_threshold
        votes_for = math.ceil(threshold * eligible) - 1
        step_record(
            person=plan.person,
            kind=kind,
            date=day,
            user=self.users.get(plan.cell.battalion_id),
            votes_eligible=eligible,
            votes_present=eligible,
            votes_for=votes_for,
            votes_against=eligible - votes_for,
            notes="Chưa đủ hai phần ba đảng viên chính thức tán thành.",
        )

    def _leave_party(self, plan: CadetPlan) -> None:
        kind, on, ground, reason = plan.left_party
        step_record(
            person=plan.person,
            kind=kind,
            date=on,
            exit_ground=ground,
            document_number=f"{on.month}{on.day:02d}-QĐ/ĐU",
            notes=reason,
            user=self.users.get(plan.cell.battalion_id),
        )

    def _record(self, plan: CadetPlan, index: int) -> None:
        plan.person = self._create_cadet(plan)
        # (date, order on the same day, action): a move first, then evaluations, then steps.
        events: list[tuple[datetime.date, int, Callable[[], None]]] = []
        if plan.move:
            cell, on = plan.move
            events.append(
                (
                    on,
                    0,
                    lambda: person_move(
                        person=plan.person,
                        seen_version=BY_CODE,
                        cell=cell,
                        on=on,
                    ),
                )
            )
        for day in self._evaluation_days(plan):
            events.append((day, 1, lambda d=day: self._evaluate(plan, d)))
        for kind, day in plan.dates.items():
            if day <= self.today:
                events.append((day, 2, lambda k=kind, d=day: self._step(plan, index, k, d)))
        for kind, day in plan.redone.items():
            events.append((day, 2, lambda k=kind, d=day: self._step(plan, index, k, d, True)))
        if plan.left_party:
            events.append((plan.left_party[1], 3, lambda: self._leave_party(plan)))
        for kind, day in plan.failed_votes.items():
            events.append((day, 2, lambda k=kind, d=day: self._failed_vote(plan, k, d)))
        for _, _, action in sorted(events, key=lambda event: event[:2]):
            action()
        plan.person.refresh_from_db()

    def _cultivate(self) -> None:
        """Probationary members each cultivate one or two non-members of their cell."""
        for plans in self.recorded_plans.values():
            mentors = [
                p.person
                for p in plans
                if p.person.party_status == PartyStatus.PROBATIONARY
                and p.person.study_status == StudyStatus.STUDYING
            ]
            masses = [
                p.person
                for p in plans
                if p.person.party_status in (PartyStatus.NON_MEMBER, PartyStatus.CANDIDATE)
                and p.person.study_status == StudyStatus.STUDYING
            ]
            self.rng.shuffle(masses)
            for mentor in mentors[:6]:
                ceremony = mentor.steps.get(kind=StepKind.CEREMONY).date
                for _ in range(self.rng.randint(1, 2)):
                    if not masses:
                        break
                    mentee = masses.pop()
                    start = max(ceremony, mentee.enrolment_date) + datetime.timedelta(days=30)
                    assignment_create(
                        kind=AssignmentKind.CULTIVATE,
                        mentor=mentor,
                        mentee=mentee,
                        start_date=min(start, self.today),
                        notes="Giúp đỡ, bồi dưỡng để sớm đủ điều kiện vào Đảng.",
                    )

    def _rate(self, plans_by_cell: dict[int, list[CadetPlan]], *, cadres: bool) -> None:
        """Yearly quality ratings of the last three years; "xuất sắc" kept within the cap.

        Rated in batches (a cohort before it graduates, then those still studying and the
        cadres): each batch keeps within the cap, so a cell's year does too."""
        for year in range(self.today.year - 3, self.today.year):
            rated_on = datetime.date(year, 11, 30)
            for cell_pk, plans in plans_by_cell.items():
                members = (list(self.cadres[cell_pk]) if cadres else []) + [
                    plan.person
                    for plan in plans
                    if plan.dates.get(StepKind.CEREMONY, self.today) <= rated_on
                    and plan.cohort.graduation > datetime.date(year, 12, 31)
                    and plan.person.party_status in (PartyStatus.PROBATIONARY, PartyStatus.OFFICIAL)
                ]
                self.rng.shuffle(members)
                ratings = [QualityRating.COMPLETED] * max(1, len(members) // 7)
                if len(members) > 30:
                    ratings.append(QualityRating.NOT_COMPLETED)
                good = len(members) - len(ratings)
                # At most a fifth of those rated "tốt": a sixth of the rest stays below it.
                excellent = good // 6
                ratings += [QualityRating.GOOD] * (good - excellent)
                # "Tốt" first, so that the cap sees them when "xuất sắc" is recorded.
                ratings += [QualityRating.EXCELLENT] * excellent
                for person, rating in zip(members, ratings, strict=False):
                    rating_record(person=person, year=year, rating=rating)

    def _graduate(self, plans: list[CadetPlan], *, hand_off: bool = False) -> None:
        """A cohort graduates before the next one is recorded: its stays end on the graduation
        date, so the later cohorts' votes count the cell's official members as they were. Its
        ratings are recorded first (the records of those who left are read-only)."""
        by_cell: dict[int, list[CadetPlan]] = defaultdict(list)
        for plan in plans:
            if not plan.move:
                by_cell[plan.cell.pk].append(plan)
        self._rate(by_cell, cadres=False)
        if hand_off:
            self._hand_off(plans)
        for plan in plans:
            # Those handed off have graduated already.
            plan.person.refresh_from_db()
            if plan.person.study_status == StudyStatus.STUDYING:
                person_update(
                    person=plan.person, seen_version=BY_CODE, study_status=StudyStatus.GRADUATED
                )
                plan.person.refresh_from_db()

    def _hand_off(self, plans: list[CadetPlan]) -> None:
        """The last graduated cohort handed off (issue 15): each member's party activity
        transferred to the unit they are posted to, on the graduation date."""
        for plan in plans:
            plan.person.refresh_from_db()
        members = [
            plan
            for plan in plans
            if plan.person.party_status in (PartyStatus.PROBATIONARY, PartyStatus.OFFICIAL)
        ]
        postings = [
            Posting(
                person=plan.person,
                outside_unit=POSTED_TO[index % len(POSTED_TO)][0],
                outside_committee=POSTED_TO[index % len(POSTED_TO)][1],
                letter_number=f"{index + 1}-GT/ĐU",
            )
            for index, plan in enumerate(members)
        ]
        if postings:
            cohort = members[0].cohort
            cohort_hand_off(cohort=cohort.name, graduation=cohort.graduation, postings=postings)

    def build(self) -> None:
        user_model = get_user_model()
        for code, (_, cell_codes) in DEMO_BATTALIONS.items():
            cells = [self.cells[cell_code] for cell_code in cell_codes]
            # Steps are recorded in the name of the battalion's clerk, when there is one.
            self.users[cells[0].battalion_id] = user_model.objects.filter(
                role=Role.CLERK, battalion=cells[0].battalion
            ).first()
            joined = datetime.date(2010, 6, 1) if code == "TD1" else datetime.date(2015, 6, 1)
            for cell in cells:
                self._create_cadres(cell, 4 if code == "TD1" else 3, joined)
            if code == "TD1":
                self._readmitted_cadre(cells[0], joined)
            self._plan_battalion(code, cells)
        self._number_documents()
        for plan in self.plans:
            self.plans_by_cell[plan.cell.pk].append(plan)
        order = sorted(range(len(self.plans)), key=lambda i: self.plans[i].cohort.year)
        graduating: list[CadetPlan] = []
        # The last cohort that has graduated is handed off (issue 15, item 3).
        last_graduated = max(
            (plan.cohort.year for plan in self.plans if plan.cohort.graduation <= self.today),
            default=None,
        )
        for done, index in enumerate(order, start=1):
            plan = self.plans[index]
            if graduating and graduating[0].cohort.year != plan.cohort.year:
                self._graduate(graduating, hand_off=graduating[0].cohort.year == last_graduated)
                graduating = []
            self._record(plan, index)
            if done % 50 == 0 or done == len(order):
                self.progress(done, len(order))
            if not plan.move:
                self.recorded_plans[plan.cell.pk].append(plan)
            if plan.cohort.graduation <= self.today and not plan.withdrawn:
                graduating.append(plan)
        self._graduate(
            graduating, hand_off=bool(graduating) and graduating[0].cohort.year == last_graduated
        )
        self._cultivate()
        studying = {
            cell_pk: [plan for plan in plans if plan.person.study_status == StudyStatus.STUDYING]
            for cell_pk, plans in self.recorded_plans.items()
        }
        self._rate(studying, cadres=True)
        for plan in self.plans:
            if plan.withdrawn:
                person_update(
                    person=plan.person, seen_version=BY_CODE, study_status=StudyStatus.WITHDRAWN
                )
        # Recorded last, with a generator of their own: the rest of the demo draws as before.
        main_rng, self.rng = self.rng, random.Random(SEED + 18)
        for plan in self.admission_cases:
            self.used_names.add(plan.full_name)
            self._record(plan, index=-1)
        self.rng = main_rng
        self._transferred_in_cadre(self.cells[DEMO_BATTALIONS["TD1"][1][1]])

    def _transferred_in_cadre(self, cell: PartyCell) -> None:
        """An official member transferred in from a unit outside the academy, who arrived a
        few days ago: counted in the cell from arrival, never as an admission (issue 15)."""
        arrived = _back_to_working_day(self.today - datetime.timedelta(days=2))
        transfer_in(
            cell=cell,
            introduced_on=_working_days_before(arrived, 5),
            arrived_on=arrived,
            outside_unit="Lữ đoàn Công binh 229",
            outside_committee="Đảng ủy Lữ đoàn Công binh 229",
            letter_number="41-GT/ĐU",
            admitted_on=datetime.date(2012, 5, 18),
            admission_number="205-QĐ/ĐU",
            ceremony_on=datetime.date(2012, 6, 2),
            official_on=datetime.date(2013, 6, 10),
            official_number="318-QĐ/ĐU",
            reason="Điều động về công tác tại Học viện",
            user=self.users.get(cell.battalion_id),
            kind=PersonKind.CADRE,
            code=f"{DEMO_CODE_PREFIX}CB-{cell.code}-DEN",
            full_name=self._name(Gender.MALE),
            date_of_birth=self._birth_date(1989),
            gender=Gender.MALE,
            education_level=EducationLevel.UNIVERSITY,
            position="Trợ lý chính trị",
        )


def seed_people(cells: dict[str, PartyCell], progress: Progress | None = None) -> None:
    """Create the demo battalions' cadres and cadets with their admission history.

    Idempotent: when demo people (codes starting with DEMO_CODE_PREFIX) exist, nothing is done.
    """
    if Person.objects.filter(code__startswith=DEMO_CODE_PREFIX).exists():
        return
    builder = DemoBuilder(cells, timezone.localdate())
    if progress:
        builder.progress = progress
    builder.build()
