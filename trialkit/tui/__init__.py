"""The investigator's terminal UI (Textual): design a trial from question to exported protocol.

It edits the trialkit.design model and calls the power engine, evidence library and renderer;
it holds no statistics of its own. Nothing else in trialkit imports this package.
"""
