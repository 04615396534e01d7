"""The district profile: who issues the documents giamngheo prints, where, under which number pattern, who signs
them and who receives them, in which language they print (Nghị định 30/2020/NĐ-CP on the format of administrative
documents). One file, ``giamngheo.toml`` in the folder giamngheo runs in (``--profile`` for another); without one,
the profile bundled beside this module, for the demo's district (Krông Pa, Gia Lai).

A field left out of a district's file keeps the bundled value; a field the office fills in by hand on paper (the
document's number before it is issued) is written ``…`` and printed so.
"""

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

DEFAULT_PATH = Path("giamngheo.toml")
BUNDLED = Path(__file__).with_name("profile.toml")
LANGUAGES = ("vi", "vi+en")  # printed pages in Vietnamese only, or with English beside it


class ProfileError(ValueError):
    """The profile cannot be read; the message names the file and what to fix."""


@dataclass(frozen=True)
class Profile:
    parent_body: str  # tên cơ quan chủ quản: "UBND HUYỆN KRÔNG PA"
    issuing_body: str  # tên cơ quan ban hành: "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    issuer_in_sentence: str  # the issuer named inside a sentence: "Phòng Lao động - Thương binh và Xã hội huyện Krông Pa"
    place: str  # địa danh: "Krông Pa"
    number: str  # số và ký hiệu, "…/BC-LĐTBXH" until the office numbers it
    signing_authority: str  # "KT. TRƯỞNG PHÒNG", "TM. ỦY BAN NHÂN DÂN"; "" when the head signs
    signer_title: str  # "PHÓ TRƯỞNG PHÒNG"
    signer_name: str
    recipients: tuple[str, ...]  # Nơi nhận, the last one "Lưu: VT, …"
    language: str = "vi"
    # the periods whose files count only once the district approves them (giamngheo review); "*" for every period
    review_periods: tuple[str, ...] = ()

    @property
    def bilingual(self) -> bool:
        return self.language == "vi+en"

    def reviews(self, period: str) -> bool:
        """Whether ``period``'s files wait for the district's approval before they count."""
        return period in self.review_periods or "*" in self.review_periods


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"hồ sơ huyện {path} sai cú pháp TOML ({error}) / the district profile {path} is not valid "
                           f"TOML ({error})") from error


def load_profile(path: Path | None = None) -> Profile:
    """The profile at ``path``, or ``giamngheo.toml`` here when there is one, over the bundled one."""
    values = _read(BUNDLED)
    chosen = Path(path) if path else (DEFAULT_PATH if DEFAULT_PATH.is_file() else None)
    if path and chosen is not None and not chosen.is_file():  # chosen is Path(path) here
        raise ProfileError(f"không có tệp hồ sơ huyện {chosen} / no district profile at {chosen}")
    if chosen:
        own = _read(chosen)
        unknown = set(own) - {f.name for f in fields(Profile)}
        if unknown:
            raise ProfileError(f"hồ sơ huyện {chosen}: không biết mục {', '.join(sorted(unknown))} / the district "
                               f"profile {chosen} has unknown fields: {', '.join(sorted(unknown))}")
        values |= own
    if values["language"] not in LANGUAGES:
        raise ProfileError(f"language = {values['language']!r}: dùng / use {' | '.join(LANGUAGES)}")
    if not isinstance(values.get("review_periods", []), list):
        raise ProfileError(f"review_periods = {values['review_periods']!r}: ghi danh sách kỳ, ví dụ [\"2020\"] hoặc "
                           "[\"*\"] / give a list of periods, e.g. [\"2020\"], or [\"*\"] for every period")
    return Profile(**{**values, "recipients": tuple(values["recipients"]),
                      "review_periods": tuple(str(p) for p in values.get("review_periods", []))})
