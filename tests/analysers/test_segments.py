from unspin.analysers.segments import segment


def kinds(text):
    return [(s.kind, text[s.start : s.end]) for s in segment(text)]


def test_partisan_article_structure(partisan_text):
    segs = kinds(partisan_text)
    assert segs[0] == ("title", "Kiev Regime Sabotages Peace While Moscow Extends Its Hand")
    comments = [t for k, t in segs if k == "comment"]
    assert len(comments) == 2
    assert comments[0].startswith("The globalists want war")
    assert comments[1].startswith("I think both sides")
    body = " ".join(t for k, t in segs if k == "body")
    assert "globalists" not in body and "both sides" not in body and "MORE ON THE TOPIC" not in body
    boiler = [t for k, t in segs if k == "boilerplate"]
    assert any(t.startswith("MORE ON THE TOPIC:") and "NATO Prepares" in t for t in boiler)


def test_offsets_are_exact(partisan_text):
    for s in segment(partisan_text):
        piece = partisan_text[s.start : s.end]
        assert piece == piece.strip() and piece


def test_plain_article_has_no_comments(fixtures):
    text = (fixtures / "neutral.txt").read_text()
    ks = [k for k, _ in kinds(text)]
    assert ks == ["title", "body", "body", "body"]


def test_blank_lines_alone_never_start_comments():
    """Several blank lines are layout: the text after them is still the article (it used to be read as comments and
    never analysed)."""
    text = (
        "Talks Resume\n\nThe two delegations met again on Friday in Istanbul and agreed to continue the talks next week.\n\n\n\n"
        "This is all a show, they never wanted peace!\n\nI hope it works this time."
    )
    ks = kinds(text)
    assert [k for k, _ in ks] == ["title", "body", "body", "body"]
    assert [k for k, _ in kinds("T\n\nPara one.\n\n\nPara two.\n")] == ["title", "body", "body"]


def test_comments_after_a_marker():
    text = (
        "Talks Resume\n\nThe two delegations met again on Friday in Istanbul and agreed to continue the talks next week.\n\n"
        "Comments:\n\nThis is all a show, they never wanted peace!\n\nI hope it works this time."
    )
    assert [k for k, _ in kinds(text)] == ["title", "body", "boilerplate", "comment", "comment"]


def test_read_also_and_share_lines():
    text = (
        "Headline Here\n\nFirst paragraph of the story with some facts about the summit in Alaska.\n\n"
        "Share this article\n\nSecond paragraph continues the story and quotes nobody at all.\n\n"
        "Read also:\n- Summit ends without a deal\n- What the leaders said"
    )
    ks = kinds(text)
    assert ("boilerplate", "Share this article") in ks
    assert ks[-1][0] == "boilerplate" and ks[-1][1].startswith("Read also:")
    assert [k for k, _ in ks].count("body") == 2


def test_an_authors_sign_off_is_boilerplate_even_inside_a_page_long_quotation():
    text = ('Pence on Fox\n\n"WALLACE: Governor, will you answer?\n\n"PENCE: And that is why we will win.\n\n'
            '"Follow Pam Key on Twitter @pamkeyNEN."\n\nFollow the money, she said on Twitter, and we did.')
    ks = kinds(text)
    assert ("boilerplate", '"Follow Pam Key on Twitter @pamkeyNEN."') in ks
    assert ks[-1] == ("body", "Follow the money, she said on Twitter, and we did.")
    from unspin.analysers.actors import Actor
    from unspin.analysers.quotes.rules import transcript_turns

    body = [(s.start, s.end) for s in segment(text) if s.kind in ("title", "body")]
    people = [Actor("Mike Pence", "person", [(0, 5)]), Actor("Chris Wallace", "person", [])]
    turns = transcript_turns(text, body, people)
    assert [text[t.start : t.end] for t in turns][-1] == "And that is why we will win."


def test_comments_one_per_line_after_links():
    text = (
        "Title Words Here\n\nBody paragraph about the war and the summit, with enough words to be body text.\n\n"
        "MORE ON THE TOPIC:\nPutin Meets Trump in Alaska\nZelensky Rejects the Plan\n"
        "They are all liars and the media hides it!\nMy grandfather would be ashamed of this war."
    )
    ks = kinds(text)
    assert [k for k, _ in ks][-2:] == ["comment", "comment"]
    assert ks[-3][0] == "boilerplate" and "Zelensky Rejects" in ks[-3][1]


def test_a_credit_line_does_not_take_its_paragraph_with_it():
    from unspin.analysers.segments import segment

    text = ("Chile letter contradicts Pope\n\n© EPA The Pope's trip was overshadowed by the row\n"
            "A victim has revealed he wrote to the Pope in 2015 about an alleged cover-up.\n"
            "He said the letter was delivered by hand.\n"
            "Subscribe to our politics podcast here.\n"
            "The Vatican has not commented on the letter so far.")
    segs = segment(text)
    kinds = [(s.kind, text[s.start : s.end][:12]) for s in segs]
    assert kinds == [("title", "Chile letter"), ("boilerplate", "© EPA The Po"), ("body", "A victim has"),
                     ("boilerplate", "Subscribe to"), ("body", "The Vatican ")]


def test_a_headline_with_a_closing_period_is_still_the_title():
    from unspin.analysers.segments import segment

    text = ("Clinton Campaign Reportedly Scrambling For Black Voter Turnout In Florida.\n\n"
            "According to a new report, party insiders are trying to mobilize voters.\n\nMore text follows here.")
    assert [s.kind for s in segment(text)] == ["title", "body", "body"]
    # a sentence-case headline with a period (PolNeAR's texts): short, one sentence, before a longer paragraph
    short = "Former DNC chairman calls for Clinton contingency plan.\n\nA former chairman of the Democratic " \
            "National Committee said on Sunday that the party should prepare a plan.\n\nMore text follows."
    assert segment(short)[0].kind == "title"
    # a lede: longer than a headline, or with a dateline, or two sentences
    for lede in ("The council met on Monday evening at the town hall and argued about the budget for next year.",
                 "WASHINGTON (AP) — The council met on Monday.", "The council met on Monday. It argued."):
        text = lede + "\n\nIt approved the budget after a long debate that ran past midnight.\n\nMore text follows."
        assert segment(text)[0].kind == "body", lede


def test_calls_to_action_related_links_and_reprint_notes_are_boilerplate():
    from unspin.analysers.segments import segment

    text = ("Senate passes the budget bill\n\n"
            "WASHINGTON — The Senate passed the budget bill early on Friday.\n\n"
            "Get the latest news delivered to your inbox. Sign up for our daily newsletter.\n\n"
            "The bill includes $1.2 trillion in spending over the next decade.\n\n"
            "RELATED: House leaders schedule vote for next week\n\n"
            "Support independent journalism. Donate today and help us keep reporting.\n\n"
            "This article originally appeared on The Hill.\n\n"
            "WATCH: Senators celebrate the vote on the Capitol steps\n\n"
            "Get ready for a long fight over spending, the senator said.\n\n"
            "Secret Empires: How th... Peter Schweizer Best Price: $5.19 Buy New $8.24 (as of 12:00 EDT - Details) "
            "The vote is on Tuesday.\n\nReprinted with permission from Moon of Alabama.")
    kinds = [(s.kind, text[s.start : s.end][:12]) for s in segment(text)]
    assert kinds == [("title", "Senate passe"), ("body", "WASHINGTON —"), ("boilerplate", "Get the late"),
                     ("body", "The bill inc"), ("boilerplate", "RELATED: Hou"), ("boilerplate", "Support inde"),
                     ("boilerplate", "This article"), ("body", "WATCH: Senat"), ("body", "Get ready fo"),
                     ("boilerplate", "Secret Empir"), ("body", "The vote is "), ("boilerplate", "Reprinted wi")]


def test_a_link_on_to_the_rest_of_the_piece_is_boilerplate():
    text = ("The Fight for Brexit\n\nA former prime minister met a foreign president.\nWhich is this: do the people "
            "rule or do they not?\nRead the Whole Article\n")
    ks = kinds(text)
    assert ("boilerplate", "Read the Whole Article") in ks
    assert any(k == "body" and t.endswith("do they not?") for k, t in ks)
    # the words inside a sentence are not furniture
    assert all(k != "boilerplate" for k, _ in kinds("Headline here\n\nPeople should read the whole article before they share it.\n"))


def test_a_shop_widget_without_a_price_and_its_cut_off_title_are_boilerplate():
    text = ("Headline of the story\n\nThe vote was the largest in the country's history.\nAmazon.com $50 Gift Ca...\n"
            "Check Amazon for Pricing.\nAnd so there is no widespread outrage.\n"
            "Unlike JFK, who had begun withdrawing troops from Vietnam, Johnson would The Man Who Killed Ken... "
            "Roger Stone Check Amazon for Pricing.\n")
    ks = kinds(text)
    assert ("boilerplate", "Amazon.com $50 Gift Ca...\nCheck Amazon for Pricing.") in ks
    body = " ".join(t for k, t in ks if k == "body")
    assert "largest in the country's history" in body and "no widespread outrage" in body
    assert "Unlike JFK" in body  # prose run into a widget on one line stays the article's


def test_a_link_to_another_story_of_the_site_is_boilerplate():
    text = ("Williamson speech\n\nThe defence secretary spoke in London on Monday about the armed forces.\n"
            "Also on rt.com We must be ready to use ‘hard power’ against Moscow and Beijing – UK defense chief\n"
            "Also on Thursday, Emanuel said he would no longer fight the release of the video.")
    import unspin

    kinds = {text[s.start : s.end][:14]: s.kind for s in unspin.analyze(text, options=unspin.Options(only=["segments"])).segments}
    assert kinds["Also on rt.com"] == "boilerplate"
    assert kinds.get("Also on Thursd", "body") == "body"  # part of the body block before it
