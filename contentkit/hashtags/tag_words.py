"""Words of a caption that writers turn into tags ("Milano" -> #milano), learned from
every post: which words became tags how often, and which accounts tag what they write.

Kept apart from the text vectors (``features``): this half of a fit runs in a second
process (``beside``) on big histories, which then needs only NumPy, not scikit-learn.
"""

from __future__ import annotations

import bisect
from array import array

import numpy as np

from ..tags import word_key, word_tokens


def word_tag_rates(mentions: tuple[np.ndarray, np.ndarray, np.ndarray], n_tags: int,
                   prior: float = 2.0) -> np.ndarray:
    """For each tag, how often a post whose text has the tag as a plain word also carries the tag.

    "milano" in a caption ends up as #milano often; "today" as #today rarely. The share is
    shrunk towards zero for words seen in few posts (``prior`` extra posts without the tag).
    ``mentions`` is what ``word_mentions`` returns.
    """
    _, word, hit = mentions
    appear = np.bincount(word, minlength=n_tags).astype(np.float64)
    tagged = np.bincount(word, weights=hit, minlength=n_tags)
    return (tagged / (appear + prior)).astype(np.float32)


def word_mentions(queries: list[str], index: dict[str, int],
                  carried: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (post, tag word in its text, whether the post also carries that tag), as three
    arrays; ``queries`` are the posts' stripped texts (``features.queries``) and ``carried``
    the tags they carry, as post * len(index) + tag (``carried_tags``). A tag word is a word
    of the text or two neighbours joined (``words_of_query``), each counted once per post.
    """
    first: dict[str, int] = {}  # a repeated caption's words are found once
    text_of = np.fromiter((first.setdefault(q, len(first)) for q in queries), dtype=np.int64, count=len(queries))
    n_tags = max(len(index), 1)
    found = _tag_words(list(first), index, n_tags)  # text * n_tags + tag, sorted
    found_text, found_tag = found // n_tags, found % n_tags
    # Each post gets its text's tag words.
    bounds = np.searchsorted(found_text, np.arange(len(first) + 1))
    lengths = (bounds[1:] - bounds[:-1])[text_of]
    post = np.repeat(np.arange(len(queries), dtype=np.int64), lengths)
    offsets = np.repeat(bounds[:-1][text_of] - (np.cumsum(lengths) - lengths), lengths)
    word = found_tag[np.arange(int(lengths.sum())) + offsets]
    return post, word, np.isin(post * n_tags + word, carried).astype(np.float64)


def carried_tags(rows: np.ndarray, tags: np.ndarray, n_tags: int) -> np.ndarray:
    """(post, tag) pairs as ``word_mentions`` takes them: post * n_tags + tag."""
    return np.asarray(rows, dtype=np.int64) * max(n_tags, 1) + np.asarray(tags, dtype=np.int64)


def _tag_words(texts: list[str], index: dict[str, int], n_tags: int) -> np.ndarray:
    """Each (text, tag its words name) once, as text * n_tags + tag, sorted.

    Done on arrays of word numbers: keying and joining every word of 200,000 captions in
    Python took a third of a fit.
    """
    vocabulary: dict[str, int] = {}
    # 32-bit word numbers, read in place: a caption history has far fewer than 2**31 words,
    # and 64-bit copies of the 10 million word numbers of 200,000 captions were 240 MB.
    flat = array("i")
    ends = array("q")
    for text in texts:
        flat.extend([vocabulary.setdefault(w, len(vocabulary)) for w in word_tokens(text)])
        ends.append(len(flat))
    words = np.frombuffer(flat, dtype=np.int32) if len(flat) else np.zeros(0, dtype=np.int32)
    owner = np.repeat(np.arange(len(texts), dtype=np.int32), np.diff(np.asarray([0, *ends], dtype=np.int64)))
    keys = [word_key(w) for w in vocabulary]
    tag_of = np.asarray([index.get(k, -1) for k in keys], dtype=np.int32)
    named = np.flatnonzero(tag_of[words] >= 0)
    found = [owner[named].astype(np.int64) * n_tags + tag_of[words[named]]]
    # Two neighbours make a tag only if the first starts a tag and the second ends one;
    # only those few pairs are joined and looked up, each distinct pair once.
    if len(words) > 1:
        opens = _begins_longer(keys, sorted(index))
        closes = _begins_longer([k[::-1] for k in keys], sorted(k[::-1] for k in index))
        pairs = np.flatnonzero((owner[:-1] == owner[1:]) & opens[words[:-1]] & closes[words[1:]])
        seen, inverse = np.unique(words[pairs].astype(np.int64) * len(keys) + words[pairs + 1],
                                  return_inverse=True)
        joined = np.asarray([index.get(keys[c // len(keys)] + keys[c % len(keys)], -1) for c in seen.tolist()],
                            dtype=np.int64)[inverse.ravel()]
        found.append(owner[pairs[joined >= 0]].astype(np.int64) * n_tags + joined[joined >= 0])
    return distinct(np.concatenate(found))


def _begins_longer(words: list[str], ordered: list[str]) -> np.ndarray:
    """For each word, whether a longer key of ``ordered`` (sorted) begins with it.

    Found by bisecting, since keys that begin with a word sort right after it: the set of
    every beginning of every tag key of a 200,000-post history was 200 MB.
    """
    out = np.zeros(len(words), dtype=bool)
    for i, word in enumerate(words):
        at = bisect.bisect_right(ordered, word)
        out[i] = at < len(ordered) and ordered[at].startswith(word)
    return out


def account_mention_habits(post_account: np.ndarray, n_accounts: int,
                           mentions: tuple[np.ndarray, np.ndarray, np.ndarray], rates: np.ndarray,
                           prior: float = 10.0) -> np.ndarray:
    """How much more (or less) than the average writer each account tags the words it writes.

    Some brands hashtag every place and product they name, others never do; 1.0 is the
    average, and an account with few such words is shrunk towards it (``prior`` words).
    """
    post, word, hit = mentions
    taggable = rates[word] > 0  # words that ever became tags, as the suggester sees them
    post, hit = post[taggable], hit[taggable]
    average = hit.mean() if len(hit) and hit.sum() > 0 else 1.0
    owner = post_account[post]
    tagged = np.bincount(owner, weights=hit, minlength=n_accounts)
    seen = np.bincount(owner, minlength=n_accounts)
    return ((tagged + prior * average) / (seen + prior) / average).astype(np.float32)


def distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of whole numbers by sorting: NumPy 2.4 hashes instead, 15x slower on 4 million."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values
