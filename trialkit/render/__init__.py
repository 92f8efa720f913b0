"""Protocol documents from a trial design: Markdown and HTML (jinja2 templates) and Word.

Every format starts from one render context (``trialkit.render.context.build_context``), so
the sample size, citations and SPIRIT coverage are the same in each.
"""
