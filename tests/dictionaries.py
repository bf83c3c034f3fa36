"""A small dictionary in the dictd format, written by the tests (no system dictionary needed)."""

MUELLER_ARTICLES = {
    "agreement": "agreement\n   [ə'gri:mənt] _n.\n   1) (взаимное) согласие; to come to an\n"
                 "   agreement прийти к соглашению\n   2) договор, соглашение\n",
    "friend": "friend\n   [frend] _n.\n   1) друг, приятель\n",
    "weather": "weather\n   ['weðə] _n.\n   погода\n",
    "sign": "sign\n   [saɪn] _v.\n   подписывать\n",
    "say": "say\n   [seɪ] _v. (said)\n   1) говорить, сказать\n",
    "said": "said\n   [sɛd]\n   1. _p. и _p-p. от say 1\n   2. _a. the said вышеупомянутый, "
            "вышеуказанный\n",
}


def write_dictd(folder, name, articles):
    """A dictd dictionary: gzip data file and an index of base-64 offsets and lengths."""
    import gzip

    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def b64(value):
        out = ""
        while True:
            out = digits[value % 64] + out
            value //= 64
            if not value:
                return out

    data, index = b"", []
    for word, text in articles.items():
        raw = text.encode()
        index.append(f"{word}\t{b64(len(data))}\t{b64(len(raw))}")
        data += raw
    (folder / f"{name}.dict.dz").write_bytes(gzip.compress(data))
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
