"""Small inputs for the ingest tests: made-up Arabic articles and every kind of bad item."""

from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path

WORDS = ["الحكومة", "الوزير", "الرئيس", "الاجتماع", "المحادثات", "الاقتصاد", "التجارة", "الأمن", "الحدود", "الاتفاق", "المجلس", "البرلمان", "الشعب", "العاصمة", "المدينة", "الجيش", "القوات", "المساعدات", "النفط", "الغاز", "الكهرباء", "المياه", "التعليم", "الصحة", "المستشفى", "الجامعة", "الطلاب", "الشركة", "السوق", "الأسعار", "الاستثمار", "المشروع", "الطريق", "الميناء", "المطار", "الزيارة", "الوفد", "السفير", "الخارجية", "الداخلية", "أعلن", "أكد", "قال", "أوضح", "أضاف", "بحث", "ناقش", "وقع", "افتتح", "زار", "استقبل", "دعا", "طالب", "رفض", "أيد", "انتقد"]


def article_text(i: int, n_words: int = 60) -> str:
    rnd = random.Random(i)
    words = [rnd.choice(WORDS) for _ in range(n_words)]
    return f"خبر رقم {i}\n" + " ".join(words) + "."


def records(n: int, start: int = 0) -> list[dict]:
    return [
        {"id": f"t{i}", "url": f"https://news.example/{i}", "title": f"خبر رقم {i}", "published": "2025-10-26",
         "source": "example", "text": article_text(i)}
        for i in range(start, start + n)
    ]


def write_jsonl(path: Path, recs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return path


def bad_jsonl(path: Path) -> Path:
    """Three good records and one of each kind of bad line."""
    good = records(3)
    lines = [json.dumps(good[0], ensure_ascii=False).encode()]
    lines.append(b'{"text": "broken json, no closing brace"')  # line 2: malformed
    lines.append(json.dumps(good[1], ensure_ascii=False).encode())
    lines.append('{"text": "نص عربي بترميز آخر لا يصلح"}'.encode("cp1256"))  # line 4: undecodable bytes
    lines.append(b"\x00\x01\x02binary\x00")  # line 5: binary
    lines.append(json.dumps({"id": "e", "text": "   "}).encode())  # line 6: empty article
    lines.append(b"[1, 2, 3]")  # line 7: not a record
    lines.append(json.dumps({"title": "no text"}).encode())  # line 8: no text field
    lines.append(json.dumps({"text": "قصير"}, ensure_ascii=False).encode())  # line 9: too short
    lines.append(json.dumps(good[2], ensure_ascii=False).encode())
    lines.append(json.dumps(good[0], ensure_ascii=False).encode())  # line 11: a repeat of line 1
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


HTML = """<html><head><title>افتتاح مشروع الطريق الجديد</title>
<meta name="author" content="سارة أحمد"><meta property="article:published_time" content="2025-10-20T08:00:00Z">
</head><body><nav>الرئيسية | أخبار</nav><article><h1>افتتاح مشروع الطريق الجديد</h1>
<p>{body}</p><p>وأضاف الوزير أن المشروع سيخدم آلاف المواطنين في المنطقة ويختصر زمن الرحلة بين المدينتين إلى النصف تقريبا.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>أخبار المثال</title><link>https://feed.example/</link>
<item><title>الخبر الأول في الخلاصة</title><link>https://feed.example/1</link>
<pubDate>Mon, 20 Oct 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{one}&lt;/p&gt;</description></item>
<item><title>الخبر الثاني في الخلاصة</title><link>https://feed.example/2</link>
<pubDate>Tue, 21 Oct 2025 10:00:00 GMT</pubDate><description>{two}</description></item>
<item><title>بلا نص</title><link>https://feed.example/3</link><description></description></item>
</channel></rss>"""


def warc_bytes(pages: list[tuple[str, str]]) -> bytes:
    """A gzipped WARC with one HTML response per (url, html) and one non-HTML response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://site.example/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG...."), http_headers=headers))
    return buf.getvalue()


def folder(root: Path) -> Path:
    """A folder with one of each input kind, good and bad."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.txt").write_text(article_text(100), "utf-8")
    (root / "a.meta.json").write_text(json.dumps({"published": "2025-10-21", "url": "https://txt.example/a",
                                                  "source": "txt"}), "utf-8")
    (root / "b.html").write_text(HTML.format(body=article_text(101).replace("\n", " ")), "utf-8")
    (root / "c.html").write_text("<html><body><div><script>var x = 1;</script>", "utf-8")  # broken, no text
    (root / "d.bin").write_bytes(bytes(range(256)) * 4)  # binary
    (root / "e.txt").write_bytes(("نص مكتوب بترميز ويندوز العربي " * 5).encode("cp1256"))  # undecodable
    (root / "f.rss").write_text(RSS.format(one=article_text(102).replace("\n", " "),
                                           two=article_text(103).replace("\n", " ")), "utf-8")
    sub = root / "sub"
    sub.mkdir(exist_ok=True)
    (sub / "g.warc.gz").write_bytes(warc_bytes([("https://site.example/news/1",
                                                 HTML.format(body=article_text(104).replace("\n", " ")))]))
    (sub / "empty.txt").write_text("  \n ", "utf-8")
    (root / ".hidden.txt").write_text(article_text(105), "utf-8")  # skipped
    cp1256 = HTML.format(body=article_text(106).replace("\n", " ")).replace("<head>", '<head><meta charset="windows-1256">')
    (root / "i.html").write_bytes(cp1256.encode("cp1256"))  # another encoding, declared in the page
    (sub / "h.warc").write_bytes(gzip.compress(b"this is not a warc file at all"))
    return root
