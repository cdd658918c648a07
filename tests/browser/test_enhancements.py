"""static/js/utopia.js and the button styles, on a form added to the home page."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM = """() => {
  document.querySelector('main').insertAdjacentHTML('beforeend',
    '<form id="danger" method="get" action="/" data-confirm="Take Vera off this shift?">' +
    '<input type="hidden" name="sent" value="1">' +
    '<button class="button button-danger" type="submit">Remove</button>' +
    '<button class="button button-secondary" type="button">Other</button></form>');
  // A page script handling data-confirm as well (roster.js does): it must not ask a second time.
  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
}"""


def test_confirm_is_asked_once_and_no_keeps_the_page(page):
    page.goto("/")
    page.evaluate(FORM)
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Remove").click()
    page.wait_for_timeout(200)
    assert questions == ["Take Vera off this shift?"]
    assert "sent=1" not in page.url

    questions.clear()
    page.on("dialog", lambda dialog: answer(dialog, True))
    with page.expect_navigation():
        page.get_by_role("button", name="Remove").click()
    assert questions == ["Take Vera off this shift?"]
    assert "sent=1" in page.url


def test_button_variants_keep_their_colours(page):
    page.goto("/")
    page.evaluate(FORM)
    secondary = page.get_by_role("button", name="Other")
    danger = page.get_by_role("button", name="Remove")
    assert secondary.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 255, 255)"
    assert danger.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(153, 27, 27)"
    assert secondary.bounding_box()["height"] >= 44
