"""Choices of the members app. StepKind lists the admission procedure in order (DOMAIN.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonKind(models.TextChoices):
    CADET = "cadet", _("Học viên")
    CADRE = "cadre", _("Cán bộ")


class Gender(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nu", _("Nữ")


class EducationLevel(models.TextChoices):
    PRIMARY = "tieu_hoc", _("Tiểu học")
    LOWER_SECONDARY = "thcs", _("Trung học cơ sở")
    UPPER_SECONDARY = "thpt", _("Trung học phổ thông")
    UNIVERSITY = "dai_hoc", _("Đại học")
    POSTGRADUATE = "sau_dai_hoc", _("Sau đại học")

    @property
    def rank(self) -> int:
        return list(EducationLevel).index(self)


class Programme(models.TextChoices):
    PLATOON_OFFICER_UNIVERSITY = "sqpd_dh", _("Sĩ quan cấp phân đội trình độ đại học")
    ENGINEER_CIVIL = "ky_su_dan_su", _("Kỹ sư hệ dân sự")
    OTHER = "khac", _("Khác")


# The seed article's target (every cadet admitted before graduating) is set for this programme:
# "đào tạo sĩ quan chỉ huy cấp phân đội trình độ đại học". The dashboard applies it to this
# programme's cohorts only and shows the others apart.
TARGET_PROGRAMME = Programme.PLATOON_OFFICER_UNIVERSITY


class StudyStatus(models.TextChoices):
    STUDYING = "studying", _("Đang học")
    GRADUATED = "graduated", _("Đã tốt nghiệp")
    WITHDRAWN = "withdrawn", _("Thôi học")
    TRANSFERRED = "moved_out", _("Chuyển đơn vị khác")
    DECEASED = "deceased", _("Từ trần")


class TransferKind(models.TextChoices):
    """Chuyển sinh hoạt đảng chính thức or tạm thời (Điều lệ Đảng, Điều 7 and the guidance
    on it; see members/rules.py for the deadlines)."""

    OFFICIAL = "official", _("Chính thức")
    TEMPORARY = "temporary", _("Tạm thời")


class TransferRoute(models.TextChoices):
    OUT = "out", _("Ra ngoài Học viện")
    IN = "in", _("Từ ngoài Học viện đến")
    BETWEEN = "between", _("Giữa các tiểu đoàn trong Học viện")


class TransferState(models.TextChoices):
    SENT = "sent", _("Đã giới thiệu, chờ nơi đến tiếp nhận")
    RECEIVED = "received", _("Nơi đến đã tiếp nhận")


class PartyStatus(models.TextChoices):
    NON_MEMBER = "non_member", _("Quần chúng")
    CANDIDATE = "candidate", _("Quần chúng ưu tú")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")
    OFFICIAL = "official", _("Đảng viên chính thức")
    STRUCK_OFF = "struck_off", _("Đã xóa tên")
    EXPELLED = "expelled", _("Đã bị khai trừ")


class StepKind(models.TextChoices):
    LISTED = "listed", _("Đưa vào danh sách quần chúng ưu tú")
    AWARENESS_COURSE = "course", _("Học lớp bồi dưỡng nhận thức về Đảng")
    APPLICATION = "application", _("Đơn xin vào Đảng và lý lịch")
    BACKGROUND_CHECK = "background", _("Thẩm tra lý lịch")
    INTRODUCTION = "introduction", _("Giới thiệu người vào Đảng")
    OPINION_SUMMARY = "opinions", _("Tổng hợp ý kiến nhận xét")
    CELL_VOTE = "cell_vote", _("Chi bộ xét, đề nghị kết nạp")
    # The grassroots party committee's own vote and resolution (8-KNĐ), between the cell's
    # resolution and the decision.
    COMMITTEE_VOTE = "committee_vote", _("Đảng ủy cơ sở xét, đề nghị kết nạp")
    DECISION = "decision", _("Quyết định kết nạp")
    CEREMONY = "ceremony", _("Lễ kết nạp")
    # During probation: the certificate belongs in the conversion file (01-HD/TW 2021, point 4).
    NEW_MEMBER_COURSE = "new_member_course", _("Học lớp bồi dưỡng đảng viên mới")
    CONVERSION_VOTE = "conversion_vote", _("Chi bộ xét, đề nghị công nhận đảng viên chính thức")
    CONVERSION_COMMITTEE = (
        "conversion_committee",
        _("Đảng ủy cơ sở xét, đề nghị công nhận đảng viên chính thức"),
    )
    CONVERSION_DECISION = "conversion_decision", _("Quyết định công nhận đảng viên chính thức")
    STRUCK_OFF = "struck_off", _("Xóa tên")
    # A cell vote below two thirds: recorded with its figures, the person stays at the stage.
    CELL_VOTE_FAILED = "cell_vote_failed", _("Chi bộ xét kết nạp: không đủ 2/3 tán thành")
    CONVERSION_VOTE_FAILED = (
        "conversion_vote_failed",
        _("Chi bộ xét công nhận đảng viên chính thức: không đủ 2/3 tán thành"),
    )
    # The grassroots committee's vote below two thirds of its members, kept the same way.
    COMMITTEE_VOTE_FAILED = (
        "committee_vote_failed",
        _("Đảng ủy cơ sở xét kết nạp: không đủ 2/3 cấp ủy viên tán thành"),
    )
    CONVERSION_COMMITTEE_FAILED = (
        "conv_committee_failed",
        _("Đảng ủy cơ sở xét công nhận đảng viên chính thức: không đủ 2/3 cấp ủy viên tán thành"),
    )

    # Leaving the Party by the competent committee's decision (Điều lệ Đảng, Điều 8; Điều 35).
    EXPELLED = "expelled", _("Khai trừ")
    # Opens a second admission cycle for someone who left the Party: the written consent of the
    # committee the rules name to consider re-admitting them (Quy định 294-QĐ/TW, point 3.5).
    READMISSION = "readmission", _("Đồng ý xét kết nạp lại")

    @property
    def order(self) -> int:
        return list(StepKind).index(self)

    @property
    def default_form(self) -> str:
        """The official form(s) of the step (12-HD/BTCTW)."""
        return STEP_FORMS.get(self, "")

    @property
    def has_vote(self) -> bool:
        """A vote the user records (the cell's or the grassroots committee's); below two thirds
        it is saved as its failed kind."""
        return self in FAILED_VOTE

    @property
    def is_committee_vote(self) -> bool:
        """The grassroots committee's vote: two thirds of its members, not of the cell's."""
        return self in COMMITTEE_VOTES

    @property
    def is_failed_vote(self) -> bool:
        return self in VOTE_OF_FAILED

    @property
    def is_exit(self) -> bool:
        """Striking off or expulsion: the person is no longer a party member."""
        return self in EXITS


# The kind a cell vote is recorded as when it falls short of two thirds, and back.
FAILED_VOTE = {
    StepKind.CELL_VOTE: StepKind.CELL_VOTE_FAILED,
    StepKind.COMMITTEE_VOTE: StepKind.COMMITTEE_VOTE_FAILED,
    StepKind.CONVERSION_VOTE: StepKind.CONVERSION_VOTE_FAILED,
    StepKind.CONVERSION_COMMITTEE: StepKind.CONVERSION_COMMITTEE_FAILED,
}
VOTE_OF_FAILED = {failed: vote for vote, failed in FAILED_VOTE.items()}
COMMITTEE_VOTES = (
    StepKind.COMMITTEE_VOTE,
    StepKind.COMMITTEE_VOTE_FAILED,
    StepKind.CONVERSION_COMMITTEE,
    StepKind.CONVERSION_COMMITTEE_FAILED,
)
# The cell's resolutions the committee's steps and the decisions count their time from: the
# decision within 60 working days of the cell's resolution (+30 once), the conversion decision
# within 30 (+30) (Quy định 294-QĐ/TW); the committee's resolution falls within the same time.
# The extension is recorded on the cell's resolution.
DEADLINE_FROM = {
    StepKind.COMMITTEE_VOTE: StepKind.CELL_VOTE,
    StepKind.DECISION: StepKind.CELL_VOTE,
    StepKind.CONVERSION_COMMITTEE: StepKind.CONVERSION_VOTE,
    StepKind.CONVERSION_DECISION: StepKind.CONVERSION_VOTE,
}
# Steps added to the procedure after records existed: a later step recorded before they
# existed stands without them (the pipeline re-checks such records without asking for them).
ADDED_STEPS = (StepKind.COMMITTEE_VOTE, StepKind.NEW_MEMBER_COURSE, StepKind.CONVERSION_COMMITTEE)

# The ways out of the Party: striking off (a probationary or official member) and expulsion (an
# official member only: Điều lệ Đảng, Điều 35, khoản 2).
EXITS = (StepKind.STRUCK_OFF, StepKind.EXPELLED)

# The steps a probationary member waits for, from the ceremony to the conversion decision: the
# dashboard lists those due soon (reports.selectors.conversions_due, from a partial index).
PROBATION_STEPS = (
    StepKind.NEW_MEMBER_COURSE,
    StepKind.CONVERSION_VOTE,
    StepKind.CONVERSION_COMMITTEE,
    StepKind.CONVERSION_DECISION,
)

# The procedure in order. Outside it: the exits (they may follow the ceremony), the failed
# votes (as many as the cell held, before the vote that passed) and the re-admission, which
# opens the procedure again for someone who left.
PROCEDURE: list[StepKind] = [
    kind
    for kind in StepKind
    if kind not in EXITS and kind not in VOTE_OF_FAILED and kind != StepKind.READMISSION
]

# The documents of a file that expire and are redone: a newer step of the same kind supersedes
# the older, which stays on record (DOMAIN.md; 12-HD/BTCTW).
REDONE_FILES = (StepKind.INTRODUCTION, StepKind.OPINION_SUMMARY)

# The forms of Hướng dẫn 12-HD/BTCTW (2022), Phụ lục 2, each step's in the order the file holds
# them. CN-NTVĐ is the awareness-course certificate (issued by the political centre, not a
# 12-HD form). There is no 3A-KNĐ: each introducer writes a 3-KNĐ; the Youth Union's route adds
# its resolution, 4-KNĐ (members.forms.YOUTH_UNION_FORMS).
STEP_FORMS = {
    StepKind.AWARENESS_COURSE: "CN-NTVĐ",
    StepKind.APPLICATION: "1-KNĐ, 2-KNĐ",
    StepKind.INTRODUCTION: "3-KNĐ",
    StepKind.OPINION_SUMMARY: "5-KNĐ",
    StepKind.CELL_VOTE: "6-KNĐ",
    # 7-KNĐ is a partial committee's appraisal report (đảng ủy bộ phận), which a battalion's
    # cells do not have.
    StepKind.COMMITTEE_VOTE: "8-KNĐ",
    StepKind.DECISION: "9-KNĐ",
    StepKind.CONVERSION_VOTE: "10-KNĐ, 11-KNĐ, 12-KNĐ, 13-KNĐ",
    # The conversion file closes with the grassroots committee's resolution (14-KNĐ) and the
    # decision (15-KNĐ), as DOMAIN.md and issue 15 number them.
    StepKind.CONVERSION_COMMITTEE: "14-KNĐ",
    StepKind.CONVERSION_DECISION: "15-KNĐ",
}


class ReplacementReason(models.TextChoices):
    """Why an introducer was replaced (Quy định 24-QĐ/TW point 3.2.2, continued by 294-QĐ/TW)."""

    TRANSFERRED = "transferred", _("Người giới thiệu trước chuyển sinh hoạt đảng đi nơi khác")
    DISCIPLINED = "disciplined", _("Người giới thiệu trước bị kỷ luật")
    DIED = "died", _("Người giới thiệu trước từ trần")
    OTHER = "other", _("Người giới thiệu trước không thể tiếp tục theo dõi, giúp đỡ")


class ExitGround(models.TextChoices):
    """Why a member left the Party. Striking off: Điều lệ Đảng, Điều 8 and Quy định 24-QĐ/TW
    point 8.1 (continued by 294-QĐ/TW); a probationary member found unfit: Điều 5, khoản 2.
    Expulsion is a disciplinary measure for official members (Điều 35, khoản 2); its grounds
    here are those the rules on re-admission name (Quy định 294-QĐ/TW, point 3.5)."""

    ABANDONED = "abandoned", _("Bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng")
    DUES = "dues", _("Không đóng đảng phí ba tháng trong năm không có lý do chính đáng")
    CARD = "card", _("Tự ý trả thẻ đảng viên hoặc tự hủy thẻ đảng viên")
    DECLINE = (
        "decline",
        _(
            "Giảm sút ý chí phấn đấu, không làm nhiệm vụ đảng viên, được chi bộ giáo dục 12 tháng "
            "không tiến bộ"
        ),
    )
    TWO_YEARS = "two_years", _("Hai năm liền vi phạm tư cách đảng viên")
    POLITICAL = "political", _("Không bảo đảm tiêu chuẩn chính trị")
    PROBATION_UNFIT = "probation_unfit", _("Đảng viên dự bị không đủ tư cách đảng viên")
    LEFT_AT_REQUEST = "left_at_request", _("Làm đơn xin ra khỏi Đảng")
    LEFT_FOR_FAMILY = (
        "left_for_family",
        _("Làm đơn xin ra khỏi Đảng vì hoàn cảnh gia đình đặc biệt khó khăn"),
    )
    DISUNITY = "disunity", _("Gây mất đoàn kết nội bộ nghiêm trọng")
    CORRUPTION = "corruption", _("Bị kết án về tội tham nhũng")
    SERIOUS_CRIME = "serious_crime", _("Bị kết án về tội phạm nghiêm trọng trở lên")
    MINOR_CRIME = "minor_crime", _("Bị kết án về tội phạm ít nghiêm trọng")
    OTHER_VIOLATION = "other_violation", _("Vi phạm khác đến mức phải khai trừ")


class AssignmentKind(models.TextChoices):
    HELP_CANDIDATE = "help_candidate", _("Đảng viên giúp đỡ quần chúng ưu tú")
    MENTOR_NEW_MEMBER = "mentor_new_member", _("Đảng viên chính thức giúp đỡ đảng viên dự bị")
    CULTIVATE = "cultivate", _("Đảng viên dự bị bồi dưỡng quần chúng")


# The assignment a step that names a helper makes: who helps the candidate or the new member.
HELPER_ASSIGNMENT = {
    StepKind.LISTED: AssignmentKind.HELP_CANDIDATE,
    StepKind.CEREMONY: AssignmentKind.MENTOR_NEW_MEMBER,
}


class Grade(models.TextChoices):
    GOOD = "tot", _("Tốt")
    FAIR = "kha", _("Khá")
    AVERAGE = "trung_binh", _("Trung bình")
    WEAK = "yeu", _("Yếu")


class QualityRating(models.TextChoices):
    EXCELLENT = "xuat_sac", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "tot", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "hoan_thanh", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "khong_hoan_thanh", _("Không hoàn thành nhiệm vụ")


# The lý lịch of 2-KNĐ and the national party-member database (issue 15, item 1).


class Ethnicity(models.TextChoices):
    """Vietnam's 54 ethnic groups, coded and named as the General Statistics Office's list
    (Quyết định 121-TCTK/PPCĐ, 1979) numbers them."""

    KINH = "01", _("Kinh")
    TAY = "02", _("Tày")
    THAI = "03", _("Thái")
    HOA = "04", _("Hoa")
    KHMER = "05", _("Khơ-me")
    MUONG = "06", _("Mường")
    NUNG = "07", _("Nùng")
    HMONG = "08", _("Hmông")
    DAO = "09", _("Dao")
    GIA_RAI = "10", _("Gia-rai")
    NGAI = "11", _("Ngái")
    E_DE = "12", _("Ê-đê")
    BA_NA = "13", _("Ba-na")
    XO_DANG = "14", _("Xơ-đăng")
    SAN_CHAY = "15", _("Sán Chay")
    CO_HO = "16", _("Cơ-ho")
    CHAM = "17", _("Chăm")
    SAN_DIU = "18", _("Sán Dìu")
    HRE = "19", _("Hrê")
    MNONG = "20", _("Mnông")
    RA_GLAI = "21", _("Ra-glai")
    XTIENG = "22", _("Xtiêng")
    BRU_VAN_KIEU = "23", _("Bru-Vân Kiều")
    THO = "24", _("Thổ")
    GIAY = "25", _("Giáy")
    CO_TU = "26", _("Cơ-tu")
    GIE_TRIENG = "27", _("Gié-Triêng")
    MA = "28", _("Mạ")
    KHO_MU = "29", _("Khơ-mú")
    CO = "30", _("Co")
    TA_OI = "31", _("Ta-ôi")
    CHO_RO = "32", _("Chơ-ro")
    KHANG = "33", _("Kháng")
    XINH_MUN = "34", _("Xinh-mun")
    HA_NHI = "35", _("Hà Nhì")
    CHU_RU = "36", _("Chu-ru")
    LAO = "37", _("Lào")
    LA_CHI = "38", _("La Chí")
    LA_HA = "39", _("La Ha")
    PHU_LA = "40", _("Phù Lá")
    LA_HU = "41", _("La Hủ")
    LU = "42", _("Lự")
    LO_LO = "43", _("Lô Lô")
    CHUT = "44", _("Chứt")
    MANG = "45", _("Mảng")
    PA_THEN = "46", _("Pà Thẻn")
    CO_LAO = "47", _("Cơ Lao")
    CONG = "48", _("Cống")
    BO_Y = "49", _("Bố Y")
    SI_LA = "50", _("Si La")
    PU_PEO = "51", _("Pu Péo")
    BRAU = "52", _("Brâu")
    O_DU = "53", _("Ơ Đu")
    RO_MAM = "54", _("Rơ-măm")


# Other spellings a sheet may use for a group (read by the import, ignoring diacritics,
# spacing and punctuation).
ETHNICITY_ALIASES = {
    "Khmer": Ethnicity.KHMER,
    "Mông": Ethnicity.HMONG,
    "Vân Kiều": Ethnicity.BRU_VAN_KIEU,
    "Bru": Ethnicity.BRU_VAN_KIEU,
    "Tà Ôi": Ethnicity.TA_OI,
    "Pa Cô": Ethnicity.TA_OI,
}


class Religion(models.TextChoices):
    """None, or one of the religions recognised in Vietnam (Ban Tôn giáo Chính phủ), or another."""

    NONE = "khong", _("Không")
    BUDDHISM = "phat_giao", _("Phật giáo")
    CATHOLICISM = "cong_giao", _("Công giáo")
    PROTESTANTISM = "tin_lanh", _("Tin lành")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Phật giáo Hòa Hảo")
    ISLAM = "hoi_giao", _("Hồi giáo")
    BAHAI = "bahai", _("Tôn giáo Baha'i")
    TINH_DO_CU_SI = "tinh_do_cu_si", _("Tịnh độ Cư sĩ Phật hội Việt Nam")
    ADVENTIST = "co_doc_phuc_lam", _("Cơ đốc Phục lâm Việt Nam")
    TU_AN_HIEU_NGHIA = "tu_an_hieu_nghia", _("Phật giáo Tứ Ân Hiếu Nghĩa")
    MINH_SU_DAO = "minh_su_dao", _("Minh Sư đạo")
    MINH_LY_DAO = "minh_ly_dao", _("Minh Lý đạo - Tam Tông Miếu")
    BRAHMANISM = "ba_la_mon", _("Bà-la-môn giáo")
    MORMON = "mac_mon", _("Mặc môn")
    HIEU_NGHIA_TA_LON = "hieu_nghia_ta_lon", _("Phật giáo Hiếu Nghĩa Tà Lơn")
    BUU_SON_KY_HUONG = "buu_son_ky_huong", _("Bửu Sơn Kỳ Hương")
    OTHER = "khac", _("Khác")


class MilitaryRank(models.TextChoices):
    """Ranks of the People's Army: soldiers and NCOs (Luật Nghĩa vụ quân sự 2015, Điều 8),
    officers (Luật Sĩ quan Quân đội nhân dân Việt Nam, Điều 10)."""

    PRIVATE_2 = "binh_nhi", _("Binh nhì")
    PRIVATE_1 = "binh_nhat", _("Binh nhất")
    CORPORAL = "ha_si", _("Hạ sĩ")
    SERGEANT = "trung_si", _("Trung sĩ")
    SERGEANT_MAJOR = "thuong_si", _("Thượng sĩ")
    SECOND_LIEUTENANT = "thieu_uy", _("Thiếu úy")
    LIEUTENANT = "trung_uy", _("Trung úy")
    SENIOR_LIEUTENANT = "thuong_uy", _("Thượng úy")
    CAPTAIN = "dai_uy", _("Đại úy")
    MAJOR = "thieu_ta", _("Thiếu tá")
    LIEUTENANT_COLONEL = "trung_ta", _("Trung tá")
    SENIOR_LIEUTENANT_COLONEL = "thuong_ta", _("Thượng tá")
    COLONEL = "dai_ta", _("Đại tá")
    MAJOR_GENERAL = "thieu_tuong", _("Thiếu tướng")
    LIEUTENANT_GENERAL = "trung_tuong", _("Trung tướng")
    COLONEL_GENERAL = "thuong_tuong", _("Thượng tướng")
    GENERAL = "dai_tuong", _("Đại tướng")


class PoliticalTheory(models.TextChoices):
    """Trình độ lý luận chính trị, as 2-KNĐ and the party-member database record it."""

    ELEMENTARY = "so_cap", _("Sơ cấp")
    INTERMEDIATE = "trung_cap", _("Trung cấp")
    ADVANCED = "cao_cap", _("Cao cấp")
    BACHELOR = "cu_nhan", _("Cử nhân")
