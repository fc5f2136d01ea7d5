"""What the hashtag suggester learns from: text vectors, post weights, tag matrices.

Text is read as character n-grams within words, hashed (so the model needs no stored
vocabulary and reads Cyrillic, accented Italian and emoji alike) and weighted by TF-IDF.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from ..tags import strip_for_query, tag_key

N_FEATURES = 2**18
# A caption's opening carries its topic; hashing 2,000-character essays in full tripled
# the fit time on Instagram data for no gain in similarity.
MAX_CHARS = 600
# Texts hashed at once: the hasher's intermediate lists for 200,000 captions took over a GB.
CHUNK = 8192
# Rows of a matrix scaled at a time (tfidf): bounds its temporaries.
ROWS = 16384


def vectorizer(ngram_range: tuple[int, int]) -> HashingVectorizer:
    return HashingVectorizer(analyzer="char_wb", ngram_range=tuple(ngram_range), n_features=N_FEATURES,
                             alternate_sign=False, norm=None, lowercase=True, dtype=np.float32)


def queries(texts: list[str]) -> list[str]:
    """The texts with hashtags, mentions and links removed (``strip_for_query``), each distinct
    text done once."""
    done: dict[str, str] = {}
    return [done[t] if t in done else done.setdefault(t, strip_for_query(t)) for t in texts]


def hashed(vectorizer: HashingVectorizer, queries: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform`` of each query's opening (``MAX_CHARS``), the same to the last
    bit, faster.

    Character n-grams within words are those of the text's words, so a text's row is the sum
    of its words' rows: each distinct word is hashed once (``_by_words``), three times faster
    on 100,000 captions than n-gramming every caption.
    """
    if vectorizer.analyzer == "char_wb" and len(queries) > 1:
        return _by_words(vectorizer, [q[:MAX_CHARS] for q in queries])
    return _direct(vectorizer, queries)


def _direct(vectorizer: HashingVectorizer, queries: list[str]) -> sp.csr_matrix:
    """Each distinct text's opening through the vectorizer, in chunks (bounded memory): a
    brand that posts one caption on three platforms pays for its n-grams once."""
    first: dict[str, int] = {}
    rows = np.fromiter((first.setdefault(q[:MAX_CHARS], len(first)) for q in queries), dtype=np.int64,
                       count=len(queries))
    distinct = list(first)
    if len(distinct) <= CHUNK:
        matrix = vectorizer.transform(distinct).tocsr()
    else:
        matrix = sp.vstack([vectorizer.transform(distinct[i:i + CHUNK]).tocsr()
                            for i in range(0, len(distinct), CHUNK)], format="csr")
    return matrix if len(distinct) == len(queries) else matrix[rows]


def _by_words(vectorizer: HashingVectorizer, texts: list[str]) -> sp.csr_matrix:
    """texts x words (how often each word occurs) times words x hashed n-grams."""
    vocabulary: dict[str, int] = {}
    words: list[int] = []
    starts = [0]
    for text in texts:
        words.extend(vocabulary.setdefault(w, len(vocabulary)) for w in text.lower().split())
        starts.append(len(words))
    occurrences = sp.csr_matrix((np.ones(len(words), dtype=np.float32), np.asarray(words, dtype=np.int64),
                                 np.asarray(starts, dtype=np.int64)), shape=(len(texts), len(vocabulary)))
    occurrences.sum_duplicates()
    if not vocabulary:
        return sp.csr_matrix((len(texts), vectorizer.n_features), dtype=np.float32)
    counts = (occurrences @ _direct(vectorizer, list(vocabulary))).tocsr()
    counts.sort_indices()  # as the vectorizer leaves them: sums over a row then run in one order
    return counts


def term_counts(texts: list[str], ngram_range: tuple[int, int]) -> sp.csr_matrix:
    """Sublinear term frequencies of the texts with hashtags, mentions and links removed."""
    return query_counts(queries(texts), ngram_range)


def query_counts(queries: list[str], ngram_range: tuple[int, int]) -> sp.csr_matrix:
    """``term_counts`` of texts already stripped."""
    counts = hashed(vectorizer(ngram_range), queries)
    # In place: on 200,000 captions each temporary copy of the data is 200 MB.
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    return counts


def idf_of(counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency, as scikit-learn's TfidfTransformer computes it."""
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
    n = counts.shape[0]
    return (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Counts scaled by idf and each row scaled to unit length, in place: ``counts`` becomes
    the result (on 200,000 captions a copy of the matrix and its temporaries were 1 GB at the
    peak of a fit). Rows are done in blocks, so no temporary spans the whole matrix."""
    out = counts if counts.dtype == np.float32 else counts.astype(np.float32)
    data, indices, indptr = out.data, out.indices, out.indptr
    for first in range(0, out.shape[0], ROWS):
        last = min(first + ROWS, out.shape[0])
        lo, hi = indptr[first], indptr[last]
        if lo == hi:
            continue
        block = data[lo:hi]
        block *= idf[indices[lo:hi]]
        squares = block.astype(np.float64)
        squares *= squares
        starts = indptr[first:last] - lo
        filled = np.diff(indptr[first:last + 1]) > 0
        norms = np.ones(last - first)
        # reduceat over an empty row gives the next row's first value: only filled rows count.
        norms[filled] = np.sqrt(np.add.reduceat(squares, starts[filled]))
        norms[norms == 0] = 1.0
        block /= np.repeat(norms, np.diff(indptr[first:last + 1])).astype(np.float32)
    return out


def tag_vocabulary(tag_lists: list[list[str]]) -> tuple[list[str], dict[str, int]]:
    """Keys in first-seen order, each shown in its most used written form."""
    forms: dict[str, dict[str, int]] = {}
    for tags in tag_lists:
        for tag in tags:
            counter = forms.setdefault(tag_key(tag), {})
            counter[tag] = counter.get(tag, 0) + 1
    display = [max(c.items(), key=lambda kv: kv[1])[0] for c in forms.values()]
    return display, {key: i for i, key in enumerate(forms)}


def tag_matrix(tag_lists: list[list[str]], index: dict[str, int]) -> sp.csr_matrix:
    """Posts x tags, 1 where the post used the tag."""
    rows, cols = [], []
    for row, tags in enumerate(tag_lists):
        for tag in tags:
            rows.append(row)
            cols.append(index[tag_key(tag)])
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(tag_lists), len(index)), dtype=np.float32)


def post_weights(posts: pd.DataFrame, half_life: float, er_power: float) -> np.ndarray:
    """Recency x engagement weight of each post (posts sorted by account, then date).

    Recency counts posts, not days: brands post at very different rates, and what a
    brand did five posts ago says more than what it did five weeks ago.
    """
    newest_first = posts.groupby("account", sort=False).cumcount(ascending=False).to_numpy()
    recency = np.power(0.5, newest_first / max(half_life, 1e-6))
    rel = posts["rel_er"].to_numpy(dtype=np.float64)
    rel = np.where(np.isfinite(rel), rel, 1.0)
    engagement = np.power(np.clip(rel, 0.25, 4.0), er_power)
    return (recency * engagement).astype(np.float32)


def tag_centroids(vectors: sp.csr_matrix, tags: sp.csr_matrix, weights: np.ndarray,
                  keep: np.ndarray, top_features: int) -> sp.csr_matrix:
    """One unit-length text profile per kept tag, pruned to its strongest features.

    Pruning keeps suggest fast and the saved model small; the tail holds little signal.
    """
    weighted = tags[:, keep].T.tocsr().multiply(weights[None, :]).tocsr() if len(keep) else \
        sp.csr_matrix((0, tags.shape[0]), dtype=np.float32)
    centroids = (weighted @ vectors).tocsr().astype(np.float32)
    rows, cols, vals = [], [], []
    for i in range(centroids.shape[0]):
        start, end = centroids.indptr[i], centroids.indptr[i + 1]
        data, idx = centroids.data[start:end], centroids.indices[start:end]
        if len(data) > top_features:
            best = np.argpartition(-data, top_features)[:top_features]
            data, idx = data[best], idx[best]
        norm = float(np.sqrt(np.dot(data, data))) or 1.0
        rows.append(np.full(len(data), i))
        cols.append(idx)
        vals.append(data / norm)
    if not rows:
        return sp.csr_matrix((0, vectors.shape[1]), dtype=np.float32)
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                         shape=centroids.shape, dtype=np.float32)


def word_vectorizer() -> HashingVectorizer:
    """Whole words of three letters or more, hashed: the vocabulary of word-to-tag habits."""
    return HashingVectorizer(analyzer="word", token_pattern=r"(?u)\b\w\w\w+\b", n_features=N_FEATURES,
                             alternate_sign=False, binary=True, norm=None, lowercase=True, dtype=np.float32)


def query_words(text: str) -> np.ndarray:
    """Hashed word numbers of a draft (as ``word_tag_rates`` indexes them), each once."""
    return np.unique(hashed(word_vectorizer(), [strip_for_query(text)]).indices).astype(np.int64)


def word_tag_rates_by_word(queries: list[str], tags: sp.csr_matrix, min_posts: int = 3, prior: float = 5.0,
                           floor: float = 0.05) -> sp.csr_matrix:
    """words x tags: the share of the captions with the word (any account's) that carry the tag.

    "makeup" in a caption goes with #motd and #mua; a rare word mostly with the tags of the
    one account that writes it, which is just as useful: that account's word-to-tag habit.
    Counting accounts instead of posts (one vote each) scored slightly lower on the
    validation split (R@5 1.056x vs 1.058x). The share is shrunk for words seen in few posts
    (``prior`` extra posts without the tag); words in fewer than ``min_posts`` posts and
    shares under ``floor`` are dropped (noise, and the long rows of words like "the" would
    slow every suggestion down).
    """
    words = hashed(word_vectorizer(), queries)
    posts_per_word = np.bincount(words.indices, minlength=words.shape[1]).astype(np.float32)
    together = (words.T.tocsr() @ tags).tocsr().astype(np.float32).tocoo()
    rate = together.data / (posts_per_word[together.row] + prior)
    keep = (posts_per_word[together.row] >= min_posts) & (rate >= floor)
    return sp.csr_matrix((rate[keep], (together.row[keep], together.col[keep])), shape=together.shape,
                         dtype=np.float32)


def best_word_rate(rates: sp.csr_matrix, words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(tags, rate): for each tag some word of the draft goes with, its best word's share."""
    starts = rates.indptr[words]
    lengths = rates.indptr[words + 1] - starts
    if not lengths.sum():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    positions = offsets + np.arange(int(lengths.sum()))
    tags, values = rates.indices[positions], rates.data[positions]
    order = np.lexsort((-values, tags))  # per tag, best first
    tags, values = tags[order], values[order]
    first = np.ones(len(tags), dtype=bool)
    first[1:] = tags[1:] != tags[:-1]
    return tags[first].astype(np.int64), values[first]
