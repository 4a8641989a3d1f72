"""Every page in a real browser: it renders, the pyvis canvas is drawn, clicking a node shows its evidence,
and a note holding HTML and script shows as text and never runs."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains

from tests.browser.harness import leaves_the_machine, requests_made, wait_for, wait_graph_drawn, wait_text
from tests.ui.app_graphs import HOSTILE_IMG, HOSTILE_SCRIPT

PAGES = {
    "explore": ("?topic=concept:object-lock", True, "Object Lock"),  # the default page lives at /
    "compare": ("compare?topics=service:amazon-sqs,service:amazon-sns", True, "Definition: pub/sub notifications"),
    "prerequisites": ("prerequisites?topic=concept:object-lock", True, "Learn these before Object Lock"),
    "ask": ("ask", False, "Describe a situation"),
    "cypher": ("cypher", False, "Cypher needs Neo4j"),
    "notes": ("notes", False, "Add .md, .txt, .csv or .tsv notes"),
}


def _open(driver, app_url: str, path: str) -> None:
    driver.get(f"{app_url}/{path}")
    wait_text(driver, "conflicts between notes")  # the status line: the page ran


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_with_its_status_line(driver, app_url, artifacts, page):
    path, has_graph, expected = PAGES[page]
    _open(driver, app_url, path)
    wait_text(driver, expected)
    text = driver.execute_script("return document.body.innerText")
    assert "12 nodes" in text and "14 edges" in text and "embedded file" in text
    assert "Traceback" not in text and "Error" not in text.replace("Errors", "")
    if has_graph:
        wait_graph_drawn(driver)
    driver.save_screenshot(str(artifacts / f"{page}.png"))


def _click_node(driver, frame, node_id: str, *, click: bool = True) -> None:
    """A real mouse click on (or hover over) the node, at its position on the canvas, sent from the top page."""
    driver.switch_to.frame(frame)
    try:
        x, y = driver.execute_script(
            "var c = document.querySelector('#mynetwork canvas').getBoundingClientRect();"
            "var p = network.canvasToDOM(network.getPositions([arguments[0]])[arguments[0]]);"
            "return [c.left + p.x, c.top + p.y];", node_id)
    finally:
        driver.switch_to.default_content()
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", frame)
    rect = driver.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];", frame)
    # Streamlit may still be finishing the run (a transient layer over the page): click once the frame is on top.
    wait_for(driver, lambda d: d.execute_script("return document.elementFromPoint(arguments[0], arguments[1]) === arguments[2]",
                                                rect[0] + x, rect[1] + y, frame), timeout=20, message="the graph is covered")
    actions = ActionChains(driver).move_to_element_with_offset(frame, int(x - rect[2] / 2), int(y - rect[3] / 2))
    (actions.click() if click else actions).perform()


def _in_frame(driver, frame, script: str):
    driver.switch_to.frame(frame)
    try:
        return driver.execute_script(script)
    finally:
        driver.switch_to.default_content()


def test_clicking_a_node_shows_its_evidence(driver, app_url, artifacts):
    _open(driver, app_url, "?topic=concept:object-lock")
    frame = wait_graph_drawn(driver)
    _in_frame(driver, frame, "network.setOptions({physics: {enabled: false}}); network.fit();")
    _click_node(driver, frame, "concept:versioning")
    details = _in_frame(driver, frame, "return document.getElementById('details').innerText")
    assert "Versioning" in details and "notes/aws.md:3  Versioning keeps every version of an object" in details
    driver.save_screenshot(str(artifacts / "explore-node-selected.png"))


def _pwned_anywhere(driver) -> list[str]:
    """Where window.__pwned is set: the top page, any iframe (recursively one level is all Streamlit uses)."""
    found = []
    if driver.execute_script("return typeof window.__pwned !== 'undefined'"):
        found.append("top")
    for index, frame in enumerate(driver.find_elements("css selector", "iframe")):
        driver.switch_to.frame(frame)
        try:
            if driver.execute_script("return typeof window.__pwned !== 'undefined'"):
                found.append(f"iframe {index}")
        finally:
            driver.switch_to.default_content()
    return found


def test_hostile_note_shows_as_text_and_never_runs(driver, app_url, artifacts):
    _open(driver, app_url, "?topic=concept:evil")
    frame = wait_graph_drawn(driver)
    wait_text(driver, HOSTILE_SCRIPT)  # the definition, shown as text by st.text
    _in_frame(driver, frame, "network.setOptions({physics: {enabled: false}}); network.fit();")
    _click_node(driver, frame, "concept:evil")
    details = _in_frame(driver, frame, "return document.getElementById('details').innerText")
    assert HOSTILE_IMG in details and HOSTILE_SCRIPT in details  # the panel shows the text itself
    # The tooltip: hover the node so vis-network builds it from the escaped title.
    _click_node(driver, frame, "concept:evil", click=False)
    driver.switch_to.frame(frame)
    try:
        wait_text(driver, "onerror", timeout=10)
        tooltip = driver.execute_script("var t = document.querySelector('.vis-tooltip'); return t ? t.innerText : ''")
        assert HOSTILE_IMG in tooltip
        assert driver.execute_script("return document.querySelectorAll('img, #mynetwork script, #details script').length") == 0
    finally:
        driver.switch_to.default_content()
    assert driver.execute_script(
        "return Array.from(document.querySelectorAll('script')).filter(s => s.textContent.includes('__pwned')).length") == 0
    assert driver.execute_script("return document.querySelectorAll('img[src=x]').length") == 0
    for page in ("compare?topics=concept:evil,service:amazon-s3", "prerequisites?topic=concept:evil"):
        _open(driver, app_url, page)
        wait_graph_drawn(driver)
        assert not _pwned_anywhere(driver), page
    _open(driver, app_url, "?search=Evil")
    wait_graph_drawn(driver)
    driver.save_screenshot(str(artifacts / "explore-hostile.png"))
    assert not _pwned_anywhere(driver)


def test_no_page_opens_with_a_dialog(driver, app_url):
    for path, *_ in PAGES.values():
        _open(driver, app_url, path)
        assert not driver.find_elements("css selector", "[data-testid=stDialog]"), path


def test_uploaded_hostile_note_is_previewed_as_text(driver, app_url, artifacts, tmp_path):
    note = tmp_path / "hostile.md"
    note.write_text(f"# Amazon S3\n- {HOSTILE_IMG} Use S3 for static websites\n- {HOSTILE_SCRIPT}\n- Max object size 5 TB\n")
    _open(driver, app_url, "notes")
    upload = wait_for(driver, lambda d: d.find_elements("css selector", "input[type=file]"), message="no file input")[0]
    upload.send_keys(str(note))
    wait_text(driver, "in 1 file(s)")
    wait_for(driver, lambda d: d.find_elements("css selector", "[data-testid=stDataFrame]"), message="no preview table")
    driver.save_screenshot(str(artifacts / "notes-preview.png"))
    assert not _pwned_anywhere(driver)
    assert driver.execute_script("return document.querySelectorAll('img[src=x]').length") == 0


def test_no_page_fetches_anything_from_the_internet(driver, app_url):
    """Offline: every request of every page (favicon, fonts, the drawings' iframes) stays on this machine."""
    requests_made(driver)  # forget earlier tests' requests
    seen = []
    for path, has_graph, expected in PAGES.values():
        _open(driver, app_url, path)
        wait_text(driver, expected)
        if has_graph:
            wait_graph_drawn(driver)
        seen += requests_made(driver)
    assert any(url.startswith(app_url) for url in seen)  # the log does hold the page's own requests
    assert [url for url in seen if leaves_the_machine(url)] == []
