"""The load test's count of lost writes stays honest when nginx sends a POST again."""

from bench import load_test


def _stored(monkeypatch, rows: dict[str, str]) -> None:
    table = "\n".join(f"{person}|{hometown}" for person, hometown in rows.items())
    monkeypatch.setattr(load_test, "psql", lambda sql: table)


def _confirmed(edits: dict, unconfirmed: dict) -> dict:
    return {"person_edits": edits, "person_edits_unconfirmed": unconfirmed}


def test_the_last_confirmed_value_stored_is_no_loss(monkeypatch):
    _stored(monkeypatch, {"1": "b"})
    assert load_test.lost_edits(_confirmed({"1": "b"}, {})) == ([], 0)


def test_an_edit_applied_whose_answer_was_lost_is_no_loss_and_not_confirmed(monkeypatch):
    # "c" was applied by the killed server, then refused as stale when sent again.
    _stored(monkeypatch, {"1": "c"})
    assert load_test.lost_edits(_confirmed({"1": "b"}, {"1": ["c"]})) == ([], 1)


def test_a_confirmed_value_overwritten_by_nothing_sent_is_lost(monkeypatch):
    _stored(monkeypatch, {"1": "a", "2": "x"})
    lost, applied = load_test.lost_edits(_confirmed({"1": "b", "2": "x"}, {"1": ["c"]}))
    assert (lost, applied) == (["1"], 0)


def test_nothing_sent_reads_nothing(monkeypatch):
    monkeypatch.setattr(load_test, "psql", lambda sql: (_ for _ in ()).throw(AssertionError))
    assert load_test.lost_edits(_confirmed({}, {})) == ([], 0)
