"""Text exactly as the browser's JavaScript writes and reads it.

The input rules and the scored CSV are specified by what `src/inputs/validate-inputs.ts` and
`src/csv/write-csv.ts` do, so the few places where Python's own conventions differ from
JavaScript's are written out here: which characters `String.prototype.trim` strips, how `String(x)`
writes a number, and how long a string is (UTF-16 code units).
"""

from __future__ import annotations

import math

# ECMAScript WhiteSpace and LineTerminator: what String.prototype.trim removes. Python's str.strip()
# differs (it strips \x1c-\x1f and \x85, keeps \ufeff).
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def js_trim(text: str) -> str:
    """`text.trim()` in JavaScript."""
    return text.strip(JS_WHITESPACE)


def js_number(x: float) -> str:
    """`String(x)` in JavaScript for a float: shortest round-trip digits, JavaScript's layout.

    Python's repr() finds the same shortest digits but lays them out differently (`1e-05` vs
    `0.00001`, `1e+16` vs `10000000000000000`, `5.0` vs `5`).
    """
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    digits, n = _shortest_digits(abs(x))  # abs(x) = 0.digits × 10^n
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    exp = f"e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + exp


def _shortest_digits(x: float) -> tuple[str, int]:
    """The shortest digits that read back as `x` (> 0), and n such that x = 0.digits × 10^n."""
    text = repr(x)
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    if fraction == "0":
        fraction = ""
    raw = whole + fraction
    n = len(whole) + (int(exponent) if exponent else 0)
    stripped = raw.lstrip("0")
    n -= len(raw) - len(stripped)
    return stripped.rstrip("0") or "0", n


def js_string(value: object) -> str:
    """`String(value)` for the values a table cell can hold: text, integers, floats, booleans."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return js_number(float(value))  # type: ignore[arg-type]


def utf16_length(text: str) -> int:
    """`text.length` in JavaScript: UTF-16 code units, so a character outside the BMP counts 2."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


# Characters of a value shown in a message before it is cut (src/inputs/quote-value.ts).
QUOTED_CHARS = 40


def quote_value(text: str) -> str:
    """`quoteValue(text)`: `"abc"`, or a long value's first 40 UTF-16 code units (never half a
    character) and its length, `"1111…" (100,001 characters)`."""
    length = utf16_length(text)
    if length <= QUOTED_CHARS + 10:
        return f'"{text}"'
    units = 0
    end = 0
    for c in text:
        width = 2 if ord(c) > 0xFFFF else 1
        if units + width > QUOTED_CHARS:
            break
        units += width
        end += 1
    return f'"{text[:end]}…" ({length:,} characters)'
