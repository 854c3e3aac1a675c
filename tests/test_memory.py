"""The translation memory and engine cache: round trips, batching, crash safety, concurrency."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

import pytest

from polyglot.engines.base import Route, Translation
from polyglot.errors import InputError
from polyglot.memory import SCHEMA_VERSION, CachedTranslation, CacheKey, Memory, Reviewed

SRC = Path(__file__).resolve().parents[1] / "src"
KEY = CacheKey("apertium", "apertium:fra-spa", "1.0", "fr", "es")


def cached(mem: Memory) -> int:
    """Rows in the engine cache, read as another connection would."""
    with closing(sqlite3.connect(mem.path)) as db:
        return db.execute("SELECT count(*) FROM cache").fetchone()[0]


def reviewed(mem: Memory) -> int:
    with closing(sqlite3.connect(mem.path)) as db:
        return db.execute("SELECT count(*) FROM reviewed").fetchone()[0]


@pytest.fixture
def memory(tmp_path: Path):
    with Memory.open(tmp_path / ".polyglot" / "memory.sqlite3") as mem:
        yield mem


def test_open_creates_versioned_wal_schema(tmp_path: Path) -> None:
    path = tmp_path / "state" / "memory.sqlite3"
    Memory.open(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    with Memory.open(path) as mem:  # reopening keeps the schema
        assert cached(mem) == 0


def test_cache_round_trip(memory: Memory) -> None:
    outputs = {
        "Bonjour <x id=\"1\"/> le monde.": CachedTranslation('Hola <x id="1"/> el mundo.'),
        "Le chat « zorglub ».": CachedTranslation("El gato « zorglub ».", ("zorglub",)),
    }
    assert memory.store_many(*KEY, outputs) == 2
    found = memory.lookup_many(*KEY, [*outputs, "Absent."])
    assert found == outputs
    assert isinstance(found["Le chat « zorglub »."].unknown, tuple)


def test_engine_translations_are_accepted(memory: Memory) -> None:
    memory.store_many(*KEY, [("Un.", Translation("Uno.", ("x",)))])
    assert memory.lookup_many(*KEY, ["Un."]) == {"Un.": CachedTranslation("Uno.", ("x",))}


def test_key_separates_engines_routes_versions_and_languages(memory: Memory) -> None:
    memory.store_many(*KEY, {"Oui.": CachedTranslation("Sí.")})
    for other in (
        KEY._replace(engine="argos"),
        KEY._replace(route="apertium:fra-cat+cat-spa"),
        KEY._replace(route_version="1.1"),
        KEY._replace(source_lang="ca"),
        KEY._replace(target_lang="ca"),
    ):
        assert memory.lookup_many(*other, ["Oui."]) == {}
    assert memory.lookup_many(*KEY, ["Oui."])["Oui."].text == "Sí."


def test_cache_key_for_route() -> None:
    route = Route("apertium", "fr", "en", ("fra-cat", "cat-eng"), "fra-cat 1.9; cat-eng 0.3")
    assert CacheKey.for_route(route) == ("apertium", "apertium:fra-cat+cat-eng", "fra-cat 1.9; cat-eng 0.3", "fr", "en")


def test_store_replaces_older_output(memory: Memory) -> None:
    memory.store_many(*KEY, {"Oui.": CachedTranslation("Si.")})
    memory.store_many(*KEY, {"Oui.": CachedTranslation("Sí.")})
    assert memory.lookup_many(*KEY, ["Oui."])["Oui."].text == "Sí."
    assert cached(memory) == 1


def test_batches_beyond_sqlite_variable_limit(memory: Memory) -> None:
    texts = [f"Phrase numéro {i} — « été »." for i in range(5000)]
    assert memory.store_many(*KEY, [(t, CachedTranslation(t.upper())) for t in texts]) == 5000
    lookup = texts + ["pas là"] + texts[:10]  # duplicates and a miss
    found = memory.lookup_many(*KEY, lookup)
    assert len(found) == 5000
    assert all(found[t].text == t.upper() for t in texts)


def test_unicode_is_exact(memory: Memory) -> None:
    nfc, nfd = "café", "cafe\u0301"
    samples = {
        nfc: CachedTranslation("coffee-nfc"),
        nfd: CachedTranslation("coffee-nfd"),
        "emoji 👩🏽‍💻 et \u202fnbsp": CachedTranslation("ok 👍", ("👩🏽‍💻",)),
        "zéro\x00octet": CachedTranslation("nul\x00byte"),
        "العربية עברית 中文": CachedTranslation("RTL and CJK"),
    }
    memory.store_many(*KEY, samples)
    assert memory.lookup_many(*KEY, list(samples)) == samples
    assert memory.lookup_many(*KEY, ["cafe"]) == {}


def test_reviewed_memory_reused_across_documents(memory: Memory) -> None:
    n = memory.add_reviewed("fr", "en", [("Bonjour.", "Hello."), ("Vide.", ""), ("Oui.", "Yes.")], "intro")
    assert n == 2  # the empty translation is not memory
    assert memory.lookup_reviewed("fr", "en", ["Bonjour.", "Vide.", "Non."]) == {"Bonjour.": Reviewed("Hello.", "intro")}
    translation, origin = memory.lookup_reviewed("fr", "en", ["Oui."])["Oui."]
    assert (translation, origin) == ("Yes.", "intro")
    assert memory.lookup_reviewed("fr", "es", ["Bonjour."]) == {}
    assert memory.lookup_reviewed("fr", "en", ["Bonjour."], exclude_origin="intro") == {}


def test_reviewed_latest_origin_wins_and_replace_mirrors_file(memory: Memory) -> None:
    memory.add_reviewed("fr", "en", [("Merci.", "Thanks.")], "a")
    memory.add_reviewed("fr", "en", [("Merci.", "Thank you.")], "b")
    assert memory.lookup_reviewed("fr", "en", ["Merci."])["Merci."] == ("Thank you.", "b")
    assert memory.lookup_reviewed("fr", "en", ["Merci."], exclude_origin="b")["Merci."] == ("Thanks.", "a")
    memory.add_reviewed("fr", "en", [], "b", replace=True)  # b's entry was un-reviewed
    assert memory.lookup_reviewed("fr", "en", ["Merci."])["Merci."] == ("Thanks.", "a")
    assert reviewed(memory) == 1


def test_reviewed_lookup_in_large_batches(memory: Memory) -> None:
    pairs = [(f"Source {i}.", f"Target {i}.") for i in range(3000)]
    memory.add_reviewed("fr", "de", pairs, "long-doc")
    found = memory.lookup_reviewed("fr", "de", [s for s, _ in pairs])
    assert len(found) == 3000 and found["Source 2999."].text == "Target 2999."


def test_a_version_1_memory_is_upgraded_keeping_its_cache(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE cache (engine TEXT NOT NULL, route TEXT NOT NULL, route_version TEXT NOT NULL,"
        " source_lang TEXT NOT NULL, target_lang TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
        " unknown TEXT NOT NULL, problems TEXT NOT NULL, created REAL NOT NULL,"
        " PRIMARY KEY (engine, route, route_version, source_lang, target_lang, source)) WITHOUT ROWID"
    )
    db.execute("INSERT INTO cache VALUES (?,?,?,?,?,?,?,?,?,?)", (*KEY, "Oui.", "Sí.", '["x"]', "[]", 0.0))
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()
    with Memory.open(path) as mem:
        assert mem.lookup_many(*KEY, ["Oui."]) == {"Oui.": CachedTranslation("Sí.", ("x",))}
        mem.store_many(*KEY, {"Non.": CachedTranslation("No.")})
        assert cached(mem) == 2


def test_failed_batch_is_rolled_back_whole(memory: Memory) -> None:
    unbindable = CachedTranslation(object())  # type: ignore[arg-type]
    with pytest.raises(sqlite3.Error):  # fails on the second row, after the first was inserted
        memory.store_many(*KEY, [("ok", CachedTranslation("OK")), ("bad", unbindable)])
    assert cached(memory) == 0
    memory.store_many(*KEY, {"ok": CachedTranslation("OK")})  # the connection is still usable
    assert cached(memory) == 1


def test_corrupt_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(InputError) as info:
        Memory.open(path)
    assert info.value.path == str(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(InputError, match="schema version"):
        Memory.open(path)


WRITER = """
import sys
from pathlib import Path
from polyglot.memory import CachedTranslation, CacheKey, Memory
key = CacheKey("apertium", "apertium:fra-spa", "1.0", "fr", "es")
with Memory.open(Path(sys.argv[1])) as mem:
    batch = 0
    while True:
        items = [(f"b{batch} s{i} " + "é" * 40, CachedTranslation(f"t{batch}.{i}")) for i in range(200)]
        mem.store_many(*key, items)
        mem.add_reviewed("fr", "es", [(f"r{batch}", "ok")], f"doc{batch}")
        print(batch, flush=True)
        batch += 1
"""


def _start_writer(path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WRITER), str(path)], env=env, stdout=subprocess.PIPE, text=True
    )


def test_sigkilled_writer_keeps_every_committed_batch(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    rng = random.Random(7)
    committed = -1
    for _trial in range(3):
        proc = _start_writer(path)
        assert proc.stdout is not None
        proc.stdout.readline()  # at least one batch of this run is in
        time.sleep(rng.uniform(0.05, 0.3))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        lines = out.split()
        committed = max(committed, int(lines[-1]) if lines else 0)
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
    with Memory.open(path) as mem:
        key = CacheKey("apertium", "apertium:fra-spa", "1.0", "fr", "es")
        for batch in range(committed + 1):
            texts = [f"b{batch} s{i} " + "é" * 40 for i in range(200)]
            found = mem.lookup_many(*key, texts)
            assert len(found) == 200, f"batch {batch} lost rows"
            assert found[texts[-1]].text == f"t{batch}.199"
            assert mem.lookup_reviewed("fr", "es", [f"r{batch}"]) == {f"r{batch}": ("ok", f"doc{batch}")}
        # any batch at all is whole: never a partial transaction
        db = sqlite3.connect(path)
        counts = db.execute("SELECT substr(source, 1, instr(source, ' ')), count(*) FROM cache GROUP BY 1").fetchall()
        db.close()
        assert all(n == 200 for _, n in counts)


def test_reader_while_another_process_writes(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    Memory.open(path).close()
    proc = _start_writer(path)
    assert proc.stdout is not None
    try:
        proc.stdout.readline()
        seen: list[int] = []
        with Memory.open(path) as mem:
            deadline = time.monotonic() + 0.8
            while time.monotonic() < deadline:
                seen.append(cached(mem))
                found = mem.lookup_many(*KEY, [f"b0 s{i} " + "é" * 40 for i in range(200)])
                assert len(found) == 200  # a committed batch is always fully visible
                time.sleep(0.02)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert seen == sorted(seen) and seen[-1] > seen[0]
    assert all(n % 200 == 0 for n in seen)  # readers never see half a batch


def _foreign(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


@pytest.mark.parametrize(
    "statements, reason",
    [
        (("CREATE TABLE notes (body TEXT)", "PRAGMA user_version = 1"), "table 'cache' is missing"),
        (("CREATE TABLE notes (body TEXT)",), r"it holds tables \(notes\)"),
        (("CREATE TABLE cache (key, value)",), r"it holds tables \(cache\)"),
        (("CREATE TABLE cache (key, value)", "CREATE TABLE reviewed (a)", "PRAGMA user_version = 1"), "table .cache. is missing or has other columns"),
    ],
)
def test_another_programs_database_is_refused_untouched(tmp_path: Path, statements, reason: str) -> None:
    path = tmp_path / "memory.sqlite3"
    _foreign(path, *statements)
    before = path.read_bytes()
    with pytest.raises(InputError, match=f"damaged or not polyglot's: {reason}.*move it aside") as info:
        Memory.open(path)
    assert info.value.path == str(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memory.sqlite3"]


@pytest.mark.parametrize("data", [b"", b"not a database\n", b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "memory.sqlite3"
    path.write_bytes(data)
    if not data:  # an empty file is a new, empty database
        Memory.open(path).close()
        return
    with pytest.raises(InputError, match="damaged or not polyglot's"):
        Memory.open(path)


def test_pages_damaged_after_opening_give_one_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "memory.sqlite3"
    key = ("e", "e:x", "1", "fr", "en")
    with Memory.open(path) as memory:
        memory.store_many(*key, [(f"s{i} " + "x" * 50, Translation("t" * 50)) for i in range(300)])
    db = sqlite3.connect(path)
    root, size = db.execute("SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master WHERE name = 'cache'").fetchone()
    db.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size : root * size] = b"\xee" * size
    path.write_bytes(bytes(data))
    with Memory.open(path) as memory:
        with pytest.raises(InputError, match="database disk image is malformed"):
            memory.lookup_many(*key, ["s1 " + "x" * 50])
        with pytest.raises(InputError, match="malformed"):
            memory.store_many(*key, [("s1 " + "x" * 50, Translation("u"))])
