"""The Textual app for staff on a call: screens and widgets only.

It calls the session, the explanations, the probe and the case log; the
diagnosis itself lives in the core, which never imports Textual.
"""
