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
