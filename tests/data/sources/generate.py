"""Regenerate the sample sources under bad/ and ok/ (byte-exact inputs for tests/test_readers_source.py).

Run from anywhere: python3 tests/data/sources/generate.py
"""

from pathlib import Path

HERE = Path(__file__).parent
FR = "Le Bélarus a accueilli l’exercice.\n\nLes États-Unis étaient présents.\n"

BAD = {
    "latin1.txt": "Premier paragraphe.\n\nLe Bélarus a accueilli l'exercice.\n".encode("latin-1"),
    "cp1252.txt": "Premier paragraphe.\nLe Bélarus a accueilli l’exercice.\n".encode("cp1252"),
    "utf16le-bom.txt": b"\xff\xfe" + FR.encode("utf-16-le"),
    "utf16be-bom.txt": b"\xfe\xff" + FR.encode("utf-16-be"),
    "utf32-bom.txt": FR.encode("utf-32"),
    "utf16le-no-bom.txt": "Plain ASCII text in UTF-16 without a BOM.\n".encode("utf-16-le"),
    "image.png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89",
    "document.pdf.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "article.docx.md": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
    "nul-byte.txt": "Un.\n\nDeux.\nTrois".encode() + b"\x00" + b" quatre.\n",
    "empty.txt": b"",
    "bom-only.txt": b"\xef\xbb\xbf",
    "whitespace-only.txt": " \n\t\n\u00a0\n\n   ".encode(),
    "invalid-middle.txt": "Un.\n\nDeux.\n\nTrois.\n\nQuatre ".encode() + b"\xff" + " cinq.\n".encode(),
    "truncated-at-eof.txt": "Un.\n\nLe Bélarus a accueilli l’exercice du mois d’ao".encode() + "û".encode()[:1],
    "crlf-invalid.txt": "Un.\r\n\r\nDeux ".encode() + b"\xe9" + b"t\xe9.\r\n",
    "cr-only-invalid.txt": b"Un.\r\rDeux \xe9t\xe9.\r",
    "overlong-utf8.txt": b"Un slash surlong : \xc0\xaf.\n",
    "utf8-surrogate.txt": b"Texte.\n\nUne moiti\xed\xa0\x80 de paire.\n",
    "control-char.txt": "Un paragraphe.\nUne cloche \x07 ici.\n".encode(),
    "double-encoded.txt": "Un.\n\nLes États-Unis.\n".encode().decode("latin-1").encode(),
    "many-controls.txt": ("\x01\x02\x03\x04\x05\x06 abc " * 40).encode(),
    "code-only.md": b"```python\nprint('hello')\n```\n\n---\n\n<div>html</div>\n",
}

OK = {
    "bom-crlf.txt": b"\xef\xbb\xbf" + "Premier paragraphe,\r\nsur deux lignes.\r\n\r\n• Un élément\u00a01.\r\n• Un autre.\r\n".encode(),
    "cr-only.txt": "Premier paragraphe.\r\r- Un élément.\r- Un autre.\r".encode(),
}

if __name__ == "__main__":
    for folder, files in (("bad", BAD), ("ok", OK)):
        (HERE / folder).mkdir(exist_ok=True)
        for name, data in files.items():
            (HERE / folder / name).write_bytes(data)
