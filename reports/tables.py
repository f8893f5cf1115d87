"""The dashboard's tables: each names its columns once and takes its rows from one selector.

The page, the print view, the CSV and the XLSX all read a table from here, so they cannot
disagree. A column's `key` is the CSV header (stable, machine-readable); its `label` heads the
page and the spreadsheet.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table
from members.choices import QualityRating

from . import selectors
from .selectors import ReportFilters


@dataclass(frozen=True)
class TableSpec:
    title: str | Promise
    columns: list[Column]
    fetch: Callable[..., tuple[list[dict], int | None]]
    # Lists of people are cut on the page; the exports always carry every row.
    limited: bool = False

    def build(self, key: str, user, filters: ReportFilters, limit: int | None = None) -> Table:
        rows, total = self.fetch(user, filters, limit if self.limited else None)
        return Table(key, self.title, self.columns, rows, total)


def _whole(selector):
    def fetch(user, filters, limit):
        return selector(user, filters), None

    return fetch


def _listing(selector):
    def fetch(user, filters, limit):
        listing = selector(user, filters, limit=limit)
        return listing.rows, listing.total

    return fetch


SPECS: dict[str, TableSpec] = {
    "admissions": TableSpec(
        _("Kết nạp đảng viên theo năm"),
        [Column("year", _("Năm")), Column("admitted", _("Số kết nạp"), "int")],
        _whole(selectors.admissions_by_year),
    ),
    "admissions_by_cell": TableSpec(
        _("Kết nạp theo năm và chi bộ"),
        [
            Column("year", _("Năm")),
            Column("battalion_code", _("Mã tiểu đoàn")),
            Column("battalion", _("Tiểu đoàn")),
            Column("cell_code", _("Mã chi bộ")),
            Column("cell", _("Chi bộ")),
            Column("admitted", _("Số kết nạp"), "int"),
        ],
        _whole(selectors.admissions_by_cell),
    ),
    "quarters": TableSpec(
        _("Kết nạp so với chỉ tiêu nghị quyết theo quý"),
        [
            Column("year", _("Năm"), "hidden"),
            Column("quarter", _("Quý"), "hidden"),
            Column("label", _("Quý")),
            Column("resolutions", _("Nghị quyết")),
            Column("target", _("Chỉ tiêu kết nạp"), "int"),
            Column("admitted", _("Đã kết nạp"), "int"),
            Column("rate", _("Tỷ lệ (%)"), "percent"),
            Column("met", _("Đạt"), "met"),
        ],
        _whole(selectors.resolution_quarters),
    ),
    "cohorts": TableSpec(
        _(
            "Tỷ lệ đảng viên theo khóa, hệ đào tạo sĩ quan cấp phân đội trình độ đại học "
            "(chỉ tiêu 100% tốt nghiệp là đảng viên)"
        ),
        [
            Column("cohort", _("Khóa")),
            Column("graduation", _("Tốt nghiệp"), "date"),
            Column("cadets", _("Học viên"), "int"),
            Column("members", _("Đảng viên"), "int"),
            Column("not_members", _("Chưa là đảng viên"), "int"),
            Column("rate", _("Tỷ lệ (%)"), "percent"),
            Column("target", _("Chỉ tiêu (%)"), "percent"),
        ],
        _whole(selectors.cohort_rates),
    ),
    "cohorts_other": TableSpec(
        _("Tỷ lệ đảng viên theo khóa, các hệ đào tạo khác (không áp chỉ tiêu 100%)"),
        [
            Column("cohort", _("Khóa")),
            Column("programme", _("Hệ đào tạo")),
            Column("graduation", _("Tốt nghiệp"), "date"),
            Column("cadets", _("Học viên"), "int"),
            Column("members", _("Đảng viên"), "int"),
            Column("not_members", _("Chưa là đảng viên"), "int"),
            Column("rate", _("Tỷ lệ (%)"), "percent"),
        ],
        _whole(selectors.other_cohort_rates),
    ),
    "forecast": TableSpec(
        _("Dự báo tỷ lệ đảng viên khi tốt nghiệp (chỉ tiêu 100%)"),
        [
            Column("cohort", _("Khóa")),
            Column("programme", _("Hệ đào tạo")),
            Column("graduation", _("Tốt nghiệp"), "date"),
            Column("battalion", _("Tiểu đoàn")),
            Column("cell", _("Chi bộ")),
            Column("cadets", _("Học viên"), "int"),
            Column("members", _("Đảng viên hiện nay"), "int"),
            Column("rate", _("Tỷ lệ hiện nay (%)"), "percent"),
            Column("projected", _("Dự kiến là đảng viên khi tốt nghiệp"), "int"),
            Column("projected_rate", _("Tỷ lệ dự kiến (%)"), "percent"),
            Column("at_risk", _("Có nguy cơ"), "int"),
            Column("cannot", _("Không kịp"), "int"),
            Column("target", _("Chỉ tiêu (%)"), "percent"),
            Column("met", _("Đạt chỉ tiêu"), "met"),
        ],
        _whole(selectors.forecast_cohorts),
    ),
    "forecast_people": TableSpec(
        _("Học viên quyết định tỷ lệ: không kịp hoặc có nguy cơ không kịp kết nạp"),
        [
            Column("code", _("Mã học viên")),
            Column("full_name", _("Họ và tên"), "person"),
            Column("cohort", _("Khóa")),
            Column("cell", _("Chi bộ")),
            Column("graduation", _("Tốt nghiệp dự kiến"), "date"),
            Column("status", _("Kế hoạch")),
            Column("next_step", _("Bước tiếp theo")),
            Column("latest", _("Làm trước ngày"), "date"),
            Column("earliest_decision", _("Quyết định kết nạp sớm nhất"), "date"),
            Column("reasons", _("Lý do")),
        ],
        _listing(selectors.forecast_people),
        limited=True,
    ),
    "graduating": TableSpec(
        _("Sắp tốt nghiệp, chưa là đảng viên"),
        [
            Column("code", _("Mã học viên")),
            Column("full_name", _("Họ và tên"), "person"),
            Column("cohort", _("Khóa")),
            Column("cell", _("Chi bộ")),
            Column("graduation", _("Tốt nghiệp dự kiến"), "date"),
            Column("party_status", _("Tình trạng")),
            Column("stage", _("Bước hiện tại")),
        ],
        _listing(selectors.due_to_graduate),
        limited=True,
    ),
    "funnel": TableSpec(
        _("Các bước kết nạp: số người đang ở mỗi bước"),
        [
            Column("stage", _("Mã bước"), "hidden"),
            Column("label", _("Bước")),
            Column("people", _("Đang ở bước này"), "int"),
            Column("overdue", _("Quá hạn bước tiếp"), "int"),
            Column("failed_votes", _("Đã biểu quyết, không đủ 2/3"), "int"),
            Column("median_waiting", _("Đã chờ (trung vị, ngày)"), "days"),
        ],
        _whole(selectors.pipeline_funnel),
    ),
    "durations": TableSpec(
        _("Thời gian mỗi bước"),
        [
            Column("stage", _("Mã bước"), "hidden"),
            Column("label", _("Bước")),
            Column("closed", _("Số lượt hoàn thành"), "int"),
            Column("median_days", _("Trung vị (ngày)"), "days"),
        ],
        _whole(selectors.served_durations),
    ),
    "conversions": TableSpec(
        _("Đảng viên dự bị đến hạn hoặc quá hạn chuyển chính thức"),
        [
            Column("code", _("Mã")),
            Column("full_name", _("Họ và tên"), "person"),
            Column("cell", _("Chi bộ")),
            Column("stage_date", _("Ngày của bước hiện tại"), "date"),
            Column("next_step", _("Bước tiếp theo")),
            Column("due", _("Hạn"), "date"),
            Column("days_overdue", _("Quá hạn (ngày làm việc)"), "int"),
        ],
        _listing(selectors.conversions_due),
        limited=True,
    ),
    "ratings": TableSpec(
        _("Xếp loại chất lượng đảng viên hằng năm"),
        [
            Column("year", _("Năm")),
            *[Column(grade.value, grade.label, "int") for grade in QualityRating],
            Column("total", _("Tổng"), "int"),
        ],
        _whole(selectors.rating_distribution),
    ),
}


def build_table(key: str, user, filters: ReportFilters, *, limit: int | None = None) -> Table:
    """One table of the dashboard with its rows for the user and filters."""
    return SPECS[key].build(key, user, filters, limit)
