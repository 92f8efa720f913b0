"""What the HTML protocol shows at the templates' figure markers: the trial schema, the
timeline and the power curve.

The participant timeline is a table built from the schedule of activities (as in Word); the
trial schema and the power curve are the Word figures drawn as inline SVG, their text kept as
text. All user text is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from trialkit.render.blocks import plain_text
from trialkit.render.context import ProtocolContext
from trialkit.render.timeline import Timeline, timeline


def figure_html(context: ProtocolContext) -> dict[str, Callable[[], str]]:
    """``<!-- trialkit:figure NAME -->`` (or a ``begin NAME`` region) -> a function writing
    its HTML."""
    return {
        "trial-schema": lambda: schema_html(context),
        "participant-timeline": lambda: timeline_html(context),
        "power-curve": lambda: power_curve_html(context),
    }


def _prompt(text: str) -> str:
    return f"<p><em>[{escape(text, quote=False)}]</em></p>"


def timeline_html(context: ProtocolContext) -> str:
    """The SPIRIT participant timeline as a table with a caption, or a prompt."""
    schedule = context.schedule
    if not schedule.visits:
        return _prompt("Add visits with days to draw the SPIRIT participant timeline")
    plan = timeline(schedule, [str(arm.name) for arm in context.arms],
                    context.trial.design.treatment_weeks)
    return _timeline_table(plan)


def _timeline_table(plan: Timeline) -> str:
    count = len(plan.columns)
    periods = "".join(
        f'<th colspan="{last - first + 1}">{escape(name)}</th>' for name, first, last in plan.periods()
    )
    visits = "".join(f"<th>{escape(c.label)}</th>" for c in plan.columns)
    body: list[str] = []
    for group in dict.fromkeys(r.group for r in plan.rows):
        body.append(f'<tr class="group"><th colspan="{count + 1}">{escape(group)}</th></tr>')
        for row in (r for r in plan.rows if r.group == group):
            cells = ["<td></td>"] * count
            for mark in row.marks:
                cells[mark] = "<td>X</td>"
            if row.span is not None:
                first, last = row.span
                cells[first:last + 1] = [
                    f'<td class="treatment" colspan="{last - first + 1}">Treatment period</td>'
                ]
            body.append(f"<tr><th>{escape(str(row.label))}</th>{''.join(cells)}</tr>")
    return (
        '<table class="timeline"><caption>Participant timeline (SPIRIT figure): enrolment, '
        "allocation, post-allocation and close-out timepoints, with the interventions and "
        "assessments at each.</caption>"
        f"<thead><tr><th>Timepoint</th>{periods}</tr><tr><th>Visit</th>{visits}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def schema_html(context: ProtocolContext) -> str:
    """The trial schema as an inline SVG figure, described for screen readers, and captioned."""
    from trialkit.render import schema

    if not context.arms:
        return _prompt(schema.NO_ARMS)
    plan = schema.trial_schema(context)
    svg = schema.schema_svg(plan).replace(
        'role="img"', f'role="img" aria-label="{escape(plan.description)}"', 1)
    return (f'<figure class="trial-schema">{svg}'
            f"<figcaption>{escape(schema.schema_caption(plan), quote=False)}</figcaption></figure>")


def power_curve_html(context: ProtocolContext) -> str:
    """The power curve as an inline SVG figure with its caption, or a note saying why not."""
    from trialkit.render import figures

    sizing = context.sizing
    result = sizing.result
    if result is None:
        return _prompt("Compute the sample size of the primary endpoint to draw its power curve")
    curve = figures.power_curve(result)
    if curve is None:
        return f"<p><em>{escape(figures.NO_CURVE)}</em></p>"
    arms = sizing.trial_arms if sizing.multi_arm else None
    caption = figures.power_curve_caption(curve, plain_text(str(sizing.endpoint)),
                                          sizing.software, plain_text(sizing.method), arms,
                                          sizing.allocation, sizing.trial_analysed)
    svg = figures.power_curve_svg(curve, arms=arms, prefix="power-curve",
                                  scale=sizing.trial_scale if sizing.allocation else 0.0)
    return (f'<figure class="power-curve">{svg}'
            f"<figcaption>{escape(caption, quote=False)}</figcaption></figure>")
