#!/usr/bin/env python3
"""Regenerate crates/fit/src/decode/profile.rs's tables from fitparser's generated profile.

Usage: python3 scripts/gen_fit_profile.py ~/.cargo/registry/src/*/fitparser-0.11.*/src/profile/field_types.rs

Prints the `static` tables (value, name) for the enums our FIT decoder names; paste them
below the module docs of crates/fit/src/decode/profile.rs. Names are fitparser's Display
strings, so what we display matches what fitparser printed.
"""
import re
import sys

ENUMS = [
    ("File", "FILE"),
    ("Sport", "SPORT"),
    ("SubSport", "SUB_SPORT"),
    ("Event", "EVENT"),
    ("EventType", "EVENT_TYPE"),
    ("Manufacturer", "MANUFACTURER"),
    ("GarminProduct", "GARMIN_PRODUCT"),
]


def table(src, name):
    m = re.search(
        r"impl convert::From<(u8|u16|u32)> for %s \{\n    fn from\(value: \w+\) -> Self \{\n"
        r"        match value \{\n(.*?)\n            _ =>" % name,
        src,
        re.S,
    )
    pairs = re.findall(r"(\d+) => %s::(\w+)," % name, m.group(2))
    start = src.index("impl fmt::Display for %s {" % name)
    end = src.index("UnknownVariant", start)
    names = dict(re.findall(r'%s::(\w+) => \{?\s*write!\(f, "([^"]*)"\)' % name, src[start:end]))
    # Cross-check against is_named_variant, which decides name vs number in fitparser.
    s = src.index("impl %s {" % name)
    seg = src[s : src.index(")", src.index("matches!(", s) + 10)]
    named = set()
    for a, b in re.findall(r"(\d+)i64\.\.=(\d+)i64", seg):
        named |= set(range(int(a), int(b) + 1))
    named |= set(int(x) for x in re.findall(r"(\d+)i64", re.sub(r"\d+i64\.\.=\d+i64", "", seg)))
    out = sorted((int(v), names[k]) for v, k in pairs)
    assert {v for v, _ in out} == named, name
    assert len({v for v, _ in out}) == len(out), name
    return out


def main():
    src = open(sys.argv[1]).read()
    for name, static in ENUMS:
        print("pub(super) static %s: &[(u16, &str)] = &[" % static)
        for v, s in table(src, name):
            print('    (%d, "%s"),' % (v, s))
        print("];\n")


if __name__ == "__main__":
    main()
