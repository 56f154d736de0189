from smartvillages.search.highlight import excerpt, highlight, query_terms


def test_terms_are_folded_stems():
    assert query_terms("Économies d'énergie") == ["economi", "energ"]
    assert query_terms("a b") == []


def test_highlight_is_accent_and_case_insensitive_and_escapes():
    terms = query_terms("economie")
    assert str(highlight("L'Économie <b>locale</b>", terms)) == (
        "L&#x27;<mark>Économie</mark> &lt;b&gt;locale&lt;/b&gt;"
    )


def test_highlight_keeps_text_without_match():
    assert str(highlight("Tiers-lieu & co", query_terms("zzz"))) == "Tiers-lieu &amp; co"


def test_excerpt_picks_the_text_with_a_match_and_cuts_around_it():
    long = "Début. " + "mot " * 100 + "covoiturage solidaire " + "fin " * 100
    result = str(excerpt(["Sans rapport.", long], query_terms("covoiturage")))
    assert "<mark>covoiturage</mark>" in result
    assert result.startswith("… ") and result.endswith(" …")
    assert len(result) < 300


def test_excerpt_of_folding_characters_keeps_offsets():
    assert str(highlight("Straße ﬁn Straßen", query_terms("strasse"))) == (
        "<mark>Straße</mark> ﬁn <mark>Straßen</mark>"
    )
