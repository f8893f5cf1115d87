import pytest

from spreadsheets.reader import read_table
from spreadsheets.services import cadets_import_apply, cadets_import_preview


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads waiting for confirmation go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def preview(clerk, battalion, cell_a, cell_b):
    def run(content: bytes, filename: str = "hoc-vien.xlsx", user=None):
        return cadets_import_preview(
            table=read_table(content, filename),
            filename=filename,
            battalion=battalion,
            user=user or clerk,
        )

    return run


@pytest.fixture
def apply(clerk, battalion, cell_a, cell_b):
    def run(content: bytes, filename: str = "hoc-vien.xlsx", user=None, **options):
        return cadets_import_apply(
            table=read_table(content, filename),
            filename=filename,
            battalion=battalion,
            user=user or clerk,
            **options,
        )

    return run
