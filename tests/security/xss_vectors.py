"""A corpus of script-injection vectors, each calling the sentinel `top.__pwned()` if it
ever runs. Written for these tests from the well-known families: tags, event handlers,
script URLs with case, whitespace and entity tricks, SVG and MathML mutation, broken
markup, breakouts from elements and attributes, CSS, srcset, Markdown links."""

from __future__ import annotations

CALL = "top.__pwned()"

_VECTORS = [
    "<script>{x}</script>",
    "<SCRIPT SRC=data:text/javascript,{x}></SCRIPT>",
    "<img src=x onerror={x}>",
    "<img/src=x/onerror={x}>",
    '<img src="x"\nonerror="{x}">',
    "<svg onload={x}>",
    "<svg><script>{x}</script></svg>",
    "<svg><animate onbegin={x} attributeName=x dur=1s>",
    "<svg><set attributeName=onmouseover to={x}>",
    '<svg><a xlink:href="javascript:{x}"><text y=20>x</text></a></svg>',
    "<svg><style><img src=x onerror={x}></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror={x}>",
    '<math><mi xlink:href="javascript:{x}">x</mi></math>',
    '<math href="javascript:{x}">x</math>',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror={x}>",
    '<noscript><p title="</noscript><img src=x onerror={x}>">',
    '<a href="javascript:{x}">a</a>',
    '<a href="JaVaScRiPt:{x}">a</a>',
    '<a href=" javascript:{x}">a</a>',
    '<a href="java\tscript:{x}">a</a>',
    '<a href="java&#x09;script:{x}">a</a>',
    '<a href="&#106;avascript:{x}">a</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058{x}">a</a>',  # noqa: E501
    '<a href="jav&#x0A;ascript:{x}">a</a>',
    '<a href="data:text/html,<script>{x}</script>">a</a>',
    '<a href="vbscript:msgbox(1)">a</a>',
    '<a href="#" onclick="{x}">a</a>',
    '<iframe src="javascript:{x}"></iframe>',
    '<iframe srcdoc="<script>{x}</script>"></iframe>',
    '<object data="javascript:{x}"></object>',
    '<embed src="javascript:{x}">',
    '<form action="javascript:{x}"><button>go</button></form>',
    '<button formaction="javascript:{x}">go</button>',
    '<base href="javascript:{x}//">',
    '<meta http-equiv="refresh" content="0;url=javascript:{x}">',
    '<link rel=stylesheet href="javascript:{x}">',
    "<body onload={x}>",
    "<details open ontoggle={x}>",
    "<input autofocus onfocus={x}>",
    "<select autofocus onfocus={x}></select>",
    "<video><source onerror={x}></video>",
    "<audio src=x onerror={x}>",
    "<marquee onstart={x}>x</marquee>",
    "<x onclick={x}>click",
    '<table background="javascript:{x}"><tr><td>x</td></tr></table>',
    '<div style="background:url(javascript:{x})">x</div>',
    "<style>@import 'javascript:{x}';</style>",
    "</style><script>{x}</script>",
    '<img srcset="x 1x, javascript:{x} 2x">',
    "<img src=x:alert(1) onerror=eval(src.replace('x:alert(1)','{x}'))>",
    '"><script>{x}</script>',
    "'><img src=x onerror={x}>",
    '" onmouseover="{x}" x="',
    "</script><script>{x}</script>",
    "</title><script>{x}</script>",
    "</textarea><script>{x}</script>",
    '<!--<img src="--><img src=x onerror={x}//">',
    "<![CDATA[<script>{x}</script>]]>",
    "<scr<script>ipt>{x}</scr</script>ipt>",
    "<<script>{x};//<</script>",
    "[click](javascript:{x})",
    "[click](  JAVASCRIPT:{x}  )",
    "![pic](javascript:{x})",
    "[click](data:text/html;base64,PHNjcmlwdD50b3AuX19wd25lZCgpPC9zY3JpcHQ+)",
    "<javascript:{x}>",
    "[click][ref]\n\n[ref]: javascript:{x}",
    "{{{{constructor.constructor('{x}')()}}}}",
    "${{{x}}}",
    "javascript:{x}",
]

VECTORS: list[str] = [
    v.replace("{x}", CALL).replace("{{", "{").replace("}}", "}") for v in _VECTORS
]
# One-line vectors for fields that refuse line breaks, and space-free ones for names.
ONE_LINE = [v for v in VECTORS if "\n" not in v]
NO_SPACES = [v for v in ONE_LINE if " " not in v and "\t" not in v]

assert len(VECTORS) >= 60


# -- families, each at least 60 strong ---------------------------------------------
# Built from parts, so every trick meets every carrier: the named families
# (SVG and MathML mutation, srcset, CSS url(), Markdown link and image tricks, and
# entity, whitespace and case tricks in URLs) each get a corpus of their own.

_SCRIPT_URLS_RAW = [
    "javascript:{x}",
    "JAVASCRIPT:{x}",
    "JaVaScRiPt:{x}",
    "jAvAsCrIpT:{x}",
    " javascript:{x}",
    "\tjavascript:{x}",
    "\x01javascript:{x}",
    "java\tscript:{x}",
    "java\nscript:{x}",
    "java\rscript:{x}",
    "java&#9;script:{x}",
    "java&#x09;script:{x}",
    "java&#10;script:{x}",
    "java&#x0A;script:{x}",
    "java&#13;script:{x}",
    "java&Tab;script:{x}",
    "java&NewLine;script:{x}",
    "&#106;avascript:{x}",
    "&#x6A;avascript:{x}",
    "&#x6a;avascript:{x}",
    "&#0000106avascript:{x}",
    "&#x0000006Aavascript:{x}",
    "&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58{x}",
    "javascript&colon;{x}",
    "javascript&#58;{x}",
    "javascript&#x3A;{x}",
    "javascript&#x3a{x}",
    "jav&#x61;script:{x}",
    "j&#x61;v&#x61;script:{x}",
    "javascript:/*-->*/{x}",
    "javascript://%0a{x}",
    "javascript:void(0);{x}",
    "%6Aavascript:{x}",
    "javas%09cript:{x}",
    "vbscript:{x}",
    "VBScript:{x}",
    "data:text/html,<script>{x}</script>",
    "DATA:text/html,<script>{x}</script>",
    "data:text/html;base64,PHNjcmlwdD50b3AuX19wd25lZCgpPC9zY3JpcHQ+",
    "data:image/svg+xml,<svg onload='{x}'>",
    "data:application/xhtml+xml,<x:script xmlns:x='http://www.w3.org/1999/xhtml'>{x}</x:script>",
    "  JaVa&#x09;ScRiPt&colon;{x}",
]
SCRIPT_URLS = [u.replace("{x}", CALL) for u in _SCRIPT_URLS_RAW]
# URLs without quotes or spaces, for carriers that take an unquoted attribute.
_PLAIN_URLS = [u for u in SCRIPT_URLS if not any(c in u for c in " \t\n\r'\"<>")]


def _url_tricks() -> list[str]:
    carriers = [
        '<a href="{u}">a</a>',
        "<a href={u}>a</a>",
        '<iframe src="{u}"></iframe>',
        '<form action="{u}"><button>go</button></form>',
        '<object data="{u}"></object>',
        '<img src="{u}">',
        '<a xlink:href="{u}">a</a>',
    ]
    return [
        c.replace("{u}", u)
        for u in SCRIPT_URLS
        for c in carriers
        if not (c == "<a href={u}>a</a>" and u not in _PLAIN_URLS)
    ]


def _svg_mathml() -> list[str]:
    wrappers = [
        ("<svg>", "</svg>"),
        ("<svg><foreignObject>", "</foreignObject></svg>"),
        ("<svg><desc>", "</desc></svg>"),
        ("<svg><title>", "</title></svg>"),
        ("<svg><style>", "</style></svg>"),
        ("<math>", "</math>"),
        ("<math><mtext>", "</mtext></math>"),
        ("<math><mi>", "</mi></math>"),
        ('<math><annotation-xml encoding="text/html">', "</annotation-xml></math>"),
        ("<math><mtext><table><mglyph><style>", ""),
        ("<svg></p><style>", ""),
        ("<noscript><svg>", "</svg></noscript>"),
        ("<select><template><svg>", "</svg></template></select>"),
        ("<table><svg><desc>", "</desc></svg></table>"),
    ]
    payloads = [
        "<img src=x onerror={x}>",
        "<script>{x}</script>",
        '<a href="javascript:{x}">a</a>',
        "<svg onload={x}>",
        "</style><img src=x onerror={x}>",
    ]
    return [
        (before + p + after).replace("{x}", CALL) for before, after in wrappers for p in payloads
    ]


def _srcset() -> list[str]:
    carriers = [
        '<img srcset="{u}">',
        '<img srcset="x.png 1x, {u} 2x">',
        '<img src="x.png" srcset="{u} 100w" sizes="50vw">',
        '<picture><source srcset="{u}"><img src="x.png" alt="x"></picture>',
        '<picture><source srcset="x 1x,{u} 2x" type="image/png"><img src="x" alt="x"></picture>',
        '<video><source srcset="{u}"></video>',
    ]
    picked = SCRIPT_URLS[::3]  # every kind of trick, not only the first few
    return [c.replace("{u}", u) for u in picked for c in carriers]


def _css_url() -> list[str]:
    carriers = [
        '<div style="background:url({u})">x</div>',
        "<span style=\"background-image:url('{u}')\">x</span>",
        '<p style="list-style:url(&quot;{u}&quot;)">x</p>',
        "<style>body{{background:url({u})}}</style>",
        "<style>@import url({u});</style>",
        "<div style=\"behavior:url({u});-moz-binding:url('{u}')\">x</div>",
        '<svg><style>*{{fill:url({u})}}</style><rect width="1" height="1"/></svg>',
    ]
    picked = [u for u in SCRIPT_URLS if '"' not in u and "'" not in u][::4]
    made = [
        c.replace("{u}", u).replace("{{", "{").replace("}}", "}") for u in picked for c in carriers
    ]
    made += [
        f'<div style="width:expression({CALL})">x</div>',
        f"<style>p{{x:expression({CALL})}}</style>".replace("{{", "{").replace("}}", "}"),
    ]
    return made


def _markdown() -> list[str]:
    carriers = [
        "[click]({u})",
        "![pic]({u})",
        '[click]({u} "title")',
        "[click](<{u}>)",
        "![pic](<{u}>)",
        "[click][ref]\n\n[ref]: {u}",
        "![pic][ref]\n\n[ref]: <{u}>",
    ]
    picked = [u for u in SCRIPT_URLS if not any(c in u for c in "\n\r<> ")][::4]
    made = [c.replace("{u}", u) for u in picked for c in carriers]
    made += [
        f'![x](https://img.example/a.png "onerror={CALL}")',
        f'[x](https://a.example/ "\\"onmouseover={CALL} x=\\"")',
        f"![<img src=x onerror={CALL}>](https://img.example/a.png)",
        f"[<script>{CALL}</script>](https://a.example/)",
        f"<javascript:{CALL}>",
        f"[a](javascript:{CALL})[b](https://a.example/)",
    ]
    return made


FAMILIES: dict[str, list[str]] = {
    "script URLs with entity, whitespace and case tricks": _url_tricks(),
    "SVG and MathML mutation": _svg_mathml(),
    "srcset": _srcset(),
    "CSS url()": _css_url(),
    "Markdown link and image tricks": _markdown(),
}

for _name, _family in FAMILIES.items():
    assert len(_family) >= 60, (_name, len(_family))
    assert all(CALL in v or "PHNjcmlwdD50b3AuX19wd25lZCgp" in v for v in _family), _name
