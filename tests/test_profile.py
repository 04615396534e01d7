"""The district profile: the bundled one (the demo's district), a district's own over it, and a clear message for
a file that cannot be used."""

import pytest

from vocabulary.profile import ProfileError, load_profile


def test_the_bundled_profile_is_the_demos_district(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no giamngheo.toml here
    profile = load_profile()
    assert profile.parent_body == "UBND HUYỆN KRÔNG PA" and profile.place == "Krông Pa"
    assert profile.recipients[-1].startswith("Lưu: VT") and profile.language == "vi" and not profile.bilingual


def test_a_districts_own_file_changes_what_it_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "giamngheo.toml").write_text('place = "A Lưới"\nparent_body = "UBND HUYỆN A LƯỚI"\n'
                                            'language = "vi+en"\n', encoding="utf-8")
    profile = load_profile()
    assert (profile.place, profile.parent_body, profile.bilingual) == ("A Lưới", "UBND HUYỆN A LƯỚI", True)
    assert profile.issuing_body == "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"  # kept from the bundled one


@pytest.mark.parametrize("text, said", [("place = ", "not valid TOML"), ('plac = "x"', "unknown fields: plac"),
                                        ('language = "fr"', "vi | vi+en")])
def test_a_profile_that_cannot_be_used_is_refused_saying_why(tmp_path, text, said):
    (tmp_path / "p.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=said):
        load_profile(tmp_path / "p.toml")
    with pytest.raises(ProfileError, match="no district profile"):
        load_profile(tmp_path / "missing.toml")
