from unspin.ingest.comments import extract_comments
from unspin.ingest.source import from_text


def test_wordpress_thread_with_nested_reply(fixtures):
    posts = extract_comments((fixtures / "comments_wordpress.html").read_text())
    assert [p.author for p in posts] == ["truthseeker77", "Maria K.", "Oleg"]
    assert posts[0].text == "Wake up! The State Department is controlled by the Jews and they planned this attack to get their war."
    assert posts[0].time == "2025-12-31T09:12:00+00:00"
    assert posts[1].text == "Please stop spreading this, there is no evidence for any of it."  # the reply, not inside its parent


def test_disqus_style_thread(fixtures):
    posts = extract_comments((fixtures / "comments_disqus.html").read_text())
    assert [(p.author, p.time) for p in posts] == [("Bob", "Saturday, December 20, 2025 9:02 AM"),
                                                    ("Alice", "Saturday, December 20, 2025 10:15 AM")]
    assert posts[0].text.startswith("This was all a false flag")


def test_generic_schema_org_comments_and_pages_without_comments():
    html = ('<html><body><article><p>Main text of the article is here and long enough to count as one.</p></article>'
            '<section><div itemscope itemtype="https://schema.org/Comment"><span itemprop="author">Kim</span>'
            '<div class="comment-text" itemprop="text">Great reporting, thank you.</div></div></section></body></html>')
    posts = extract_comments(html)
    assert len(posts) == 1 and posts[0].text == "Great reporting, thank you."
    assert extract_comments("<html><body><p>No comments here at all.</p></body></html>") == []
    assert extract_comments("<<<not html") == []


def test_posts_become_comment_segments_with_author_and_time(fixtures):
    import unspin

    article = from_text((fixtures / "comments_wordpress.html").read_text(), is_html=True)
    assert len(article.posts) == 3
    from unspin.api import analyze_article

    report = analyze_article(article, unspin.Options(only=["actors"]))
    comments = [s for s in report.segments if s.kind == "comment"]
    assert [c.author for c in comments] == ["truthseeker77", "Maria K.", "Oleg"]
    assert comments[0].time == "2025-12-31T09:12:00+00:00"
    assert comments[2].text == "I hope the talks resume soon, both countries need peace."
    assert all(report.text[c.start : c.end] == c.text for c in comments)
    body = [s for s in report.segments if s.kind == "body"]
    assert body and all(b.end <= comments[0].start for b in body)
