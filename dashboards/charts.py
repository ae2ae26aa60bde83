"""Charts drawn on the server as SVG, for the printed report pack (no browser, no JavaScript)."""

from django.utils.html import escape
from django.utils.translation import gettext as _

FONT = "Noto Sans CJK SC, Source Han Sans SC, SimHei, sans-serif"


def funnel_svg(steps, *, width: int = 640, bar_height: int = 26, gap: int = 8) -> str:
    """The layered filter as horizontal bars, one per step (its label, its count, a bar as long as the
    count against the first step's), centred like a funnel. `steps` have `label` and `count`."""
    steps = list(steps)
    label_width, count_width = 240, 60
    bar_room = width - label_width - count_width
    top = max((step.count for step in steps), default=0) or 1
    height = len(steps) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(_("Layered-filter funnel"))}" '
        f'font-family="{FONT}" font-size="12">'
    ]
    for index, step in enumerate(steps):
        y = gap + index * (bar_height + gap)
        length = max(1.0, bar_room * step.count / top) if step.count else 0.0
        x = label_width + (bar_room - length) / 2
        shade = 0.35 + 0.55 * (1 - index / max(len(steps) - 1, 1))
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.68:.1f}" text-anchor="end">'
            f"{escape(str(step.label))}</text>"
        )
        if length:
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar_height}" rx="3" '
                f'fill="#1f5f99" fill-opacity="{shade:.2f}"/>'
            )
        parts.append(
            f'<text x="{width - count_width + 8}" y="{y + bar_height * 0.68:.1f}" font-weight="bold">'
            f"{step.count}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
