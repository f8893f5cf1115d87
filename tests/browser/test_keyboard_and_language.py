"""Keyboard users and the page's language: the skip link comes first, the top menu shows where
focus is, and a file input speaks Vietnamese whatever the browser's language."""

from playwright.sync_api import expect


def test_the_first_tab_offers_the_skip_link_which_moves_focus_to_the_content(login, clerk):
    page = login(clerk)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_the_top_menu_shows_a_focus_ring(login, clerk):
    page = login(clerk)
    link = page.locator("#main-nav .nav-link").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = link.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"


def test_the_file_input_says_in_vietnamese_what_is_chosen(login, clerk, tmp_path):
    page = login(clerk)
    page.get_by_role("link", name="Nhập Excel").click()
    picker = page.locator(".file-picker")
    expect(picker.get_by_role("button", name="Chọn tệp…")).to_be_visible()
    expect(picker).to_contain_text("Chưa chọn tệp nào")
    sheet = tmp_path / "danh-sach.csv"
    sheet.write_text("ma\n", encoding="utf-8")
    page.locator("#id_file").set_input_files(str(sheet))
    expect(picker).to_contain_text("danh-sach.csv")
