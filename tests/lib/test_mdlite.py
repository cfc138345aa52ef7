"""The guide's Markdown subset renders to the HTML expected, and nothing in a page becomes markup by itself."""

from __future__ import annotations

from tuyengiao.lib import mdlite


def link(target: str) -> str | None:
    return {"a.md": "/huong-dan/a/", "anh/x.png": "/huong-dan/anh/x.png"}.get(target)


def render(text: str) -> str:
    return mdlite.render(text, link)


def test_headings_and_paragraphs_render_with_lines_of_a_paragraph_joined():
    assert render("# Tiêu đề\n\nDòng một\ndòng hai.\n\n## Mục") == (
        "<h1>Tiêu đề</h1>\n<p>Dòng một dòng hai.</p>\n<h2>Mục</h2>"
    )


def test_raw_html_in_a_page_prints_as_text():
    html = render('<script>alert(1)</script> and <img src=x onerror="y">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_inline_code_bold_italic_links_and_images():
    html = render("Bấm **Gửi báo cáo**, rồi *xem lại*; `manage.py backup --help` [trang](a.md) ![Ảnh](anh/x.png)")
    assert "<strong>Gửi báo cáo</strong>" in html
    assert "<em>xem lại</em>" in html
    assert "<code>manage.py backup --help</code>" in html
    assert '<a href="/huong-dan/a/">trang</a>' in html
    assert 'src="/huong-dan/anh/x.png" alt="Ảnh"' in html


def test_a_link_without_a_page_in_the_application_prints_its_text_only():
    assert render("[Triển khai](../deploy.md)") == "<p>Triển khai</p>"


def test_code_spans_keep_stars_and_brackets_literally():
    assert render("`a*b*c [x](a.md)`") == "<p><code>a*b*c [x](a.md)</code></p>"


def test_a_fenced_block_keeps_its_lines_and_escapes_them():
    html = render("```sh\nsudo systemctl restart tuyengiao-web\necho <x>\n```")
    assert html == (
        '<pre class="bg-light border rounded p-2"><code>'
        "sudo systemctl restart tuyengiao-web\necho &lt;x&gt;</code></pre>"
    )


def test_lists_nest_by_indentation_and_continue_on_indented_lines():
    html = render("1. Một\n   tiếp theo\n   - con a\n   - con b\n2. Hai\n\n- khác")
    assert html == (
        "<ol><li>Một tiếp theo<ul><li>con a</li><li>con b</li></ul></li><li>Hai</li></ol>\n<ul><li>khác</li></ul>"
    )


def test_a_blank_line_between_items_keeps_one_list():
    assert render("- a\n\n- b") == "<ul><li>a</li><li>b</li></ul>"


def test_tables_and_quotes():
    html = render("| Vai trò | Làm gì |\n|---|---|\n| Người xem | **xem** |\n\n> Lưu ý: một dòng.")
    assert '<th scope="col">Vai trò</th>' in html
    assert "<td><strong>xem</strong></td>" in html
    assert '<blockquote class="border-start border-4 ps-3 text-secondary"><p>Lưu ý: một dòng.</p></blockquote>' in html


def test_a_fenced_block_inside_a_numbered_item_stays_in_the_item_and_numbering_continues():
    html = render("1. Mở tệp:\n\n   ```sh\n   sudo nano /etc/x\n   ```\n\n   Lưu lại.\n2. Khởi động lại.\n\n3. Xem.")
    assert html == (
        '<ol><li>Mở tệp:<pre class="bg-light border rounded p-2"><code>sudo nano /etc/x</code></pre>'
        "<p>Lưu lại.</p></li><li>Khởi động lại.</li><li>Xem.</li></ol>"
    )


def test_a_numbered_list_that_starts_after_one_keeps_its_number():
    assert render("4. Bốn\n5. Năm") == '<ol start="4"><li>Bốn</li><li>Năm</li></ol>'
