"""One cache key for the atlas, used by every ``st.cache_*`` that takes an atlas argument."""

from __future__ import annotations

import pandas as pd

from ruraldash.data.atlas import Atlas


def atlas_key(atlas: Atlas) -> tuple:
    """The atlas in a cache key: the object, its catalogue and a digest of the session's own layers.

    The shared atlas is one object per process; a session with uploaded layers gets an overlay
    whose own-layer values enter the key, so one session never sees another session's values.
    """
    own = [i for i, ind in atlas.catalogue.items() if ind.layer == "own"]
    digest = 0
    if own:
        rows = atlas.tidy[atlas.tidy["indicator"].isin(own)]
        digest = int(pd.util.hash_pandas_object(rows, index=False).sum())
    return (id(atlas), tuple(atlas.catalogue), digest)
