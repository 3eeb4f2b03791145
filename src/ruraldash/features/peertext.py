"""The sentence under a peer group: how it was formed, in Dutch or English.

:func:`ruraldash.domain.peers.peers` returns codes and numbers (:attr:`PeerGroup.basis`); this module
writes the words, with plural forms from the locale service.
"""

from __future__ import annotations

from collections.abc import Mapping

from ruraldash.core.locale import t, tn
from ruraldash.core.vocab import type_label
from ruraldash.domain.peers import PeerGroup


def _count(n: int, lang: str) -> str:
    return tn("peers_count", n, lang)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('peers_and', lang)} {items[-1]}"


def explain(group: PeerGroup, lang: str = "nl", labels: Mapping[str, str] | None = None) -> str:
    """One or more sentences on how ``group`` was formed.

    Parameters
    ----------
    group : PeerGroup
    lang : {"nl", "en"}
    labels : mapping, optional
        Feature column -> label (for "similar"); a column without a label is named by its id.
    """
    basis, n = group.basis, len(group.members)
    if group.method in ("type", "province"):
        return t(
            f"peers_expl_{group.method}",
            lang,
            count=_count(n, lang),
            name=basis["name"],
            group=type_label(basis["group"], lang) if group.method == "type" else basis["group"],
        )
    if group.method == "neighbours":
        text = t("peers_expl_neighbours", lang, count=_count(n, lang), name=basis["name"])
        if not n:  # Voeren: no border with any other Flemish municipality
            text += " " + t("peers_expl_exclave", lang, name=basis["name"])
        return text
    if group.method == "own":
        text = t("peers_expl_own", lang, count=_count(n, lang))
        if basis.get("dropped"):
            text += " " + t("peers_expl_own_dropped", lang, codes=", ".join(basis["dropped"]))
        return text
    return _similar(group, lang, labels or {})


def explain_with_catalogue(group: PeerGroup, catalogue: Mapping, lang: str = "nl") -> str:
    """:func:`explain` with the features named by the indicator catalogue (id -> Indicator)."""
    cols = group.basis.get("features", ())
    return explain(group, lang, {c: catalogue[c].label(lang) for c in cols if c in catalogue})


def _similar(group: PeerGroup, lang: str, labels: Mapping[str, str]) -> str:
    basis = group.basis

    def named(cols) -> str:
        return _join([str(labels.get(c, c)) for c in cols], lang)

    first = tn(
        "peers_expl_similar",
        len(group.members),
        lang,
        count=_count(len(group.members), lang),
        name=basis["name"],
        features=named(basis["features"]),
    )
    if basis["logged"]:
        first = first[:-1] + t("peers_expl_similar_log", lang, features=named(basis["logged"]))
    parts = [first]
    if basis["excluded"]:
        parts.append(t("peers_expl_similar_excluded", lang, count=_count(basis["excluded"], lang)))
    if basis["constant"]:
        parts.append(t("peers_expl_similar_constant", lang, features=named(basis["constant"])))
    return " ".join(parts)
